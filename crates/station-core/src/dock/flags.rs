//! The flags a docking raises. A leaf: the catalog, the reports and the ingest read it.

use crate::closed_set::closed_set;

closed_set! {
    /// Something a docking found that a person should look at.
    pub enum DockFlag as ("接入标记", "docking flag") {
        /// Art. 18: recordings from before today, so not stored the day they were made.
        LateStorage = "late_storage" ("未当日存储", "late storage"),
        /// Art. 23: numbers missing from the recorder's own sequence.
        SequenceGap = "sequence_gap" ("文件编号缺失", "sequence gap"),
        /// Art. 14: the recorder has too little free space for the next shift.
        LowSpace = "low_space" ("记录仪空间不足", "low space"),
        /// Art. 13: the recorder's clock is off.
        ClockDrift = "clock_drift" ("记录仪时钟偏差", "clock drift"),
        /// Art. 14: the card says otherwise than the morning's pre-shift check (clock said
        /// correct but off; storage said enough but short).
        CheckDisagrees = "check_disagrees" ("与出勤前检查不符", "differs from the pre-shift check"),
        /// A recorder the registry does not know.
        UnregisteredDevice = "unregistered_device" ("未登记设备", "unregistered device"),
        /// Art. 18: records have waited longer than `district_backlog_hours` to reach the
        /// district's store (seen at docking, where the custodian looks).
        DistrictBacklog = "district_backlog" ("报送区局积压", "district backlog"),
    }
}
