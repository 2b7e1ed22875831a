//! The closed sets of cases: stages, activity kinds, why recording broke off. A leaf: the
//! catalog stores them and the cases read them.

use crate::closed_set::closed_set;

closed_set! {
    /// A case's stage (art. 2).
    pub enum Stage as ("案件阶段", "case stage") {
        Registration = "registration" ("登记立案", "registration"),
        Investigation = "investigation" ("调查取证", "investigation"),
        Review = "review" ("审查决定", "review and decision"),
        Service = "service" ("送达执行", "service and execution"),
        Compulsion = "compulsion" ("行政强制", "administrative compulsion"),
        Archiving = "archiving" ("归档管理", "archiving"),
    }
}

closed_set! {
    /// A kind of enforcement activity (art. 9).
    pub enum ActivityKind as ("执法活动类型", "activity kind") {
        Inspection = "inspection" ("现场检查", "on-site inspection"),
        Preservation = "preservation" ("先行登记保存", "registration and preservation"),
        Seizure = "seizure" ("查封扣押", "seizure"),
        Sealing = "sealing" ("查封施工现场", "sealing a site"),
        Hearing = "hearing" ("听证", "hearing"),
        Demolition = "demolition" ("强制拆除", "forced demolition"),
        Service = "service" ("送达", "service"),
        /// Art. 10(7): fines collected on the spot, goods confiscated or destroyed.
        Penalty = "penalty" ("当场收缴罚款、罚没物品", "on-the-spot fines and confiscation"),
        /// Art. 10(8): oral applications, statements and defence hard to put in writing.
        Statement = "statement" ("口头申请、陈述申辩", "oral applications and statements"),
        /// Art. 9(8): other direct contact likely to lead to a dispute — recorded like the rest.
        Other = "other" ("其他直接接触当事人的执法环节", "other contact likely to cause a dispute"),
    }
}

closed_set! {
    /// Why recording broke off (art. 13).
    pub enum GapReason as ("中断原因", "gap reason") {
        Fault = "fault" ("设备故障", "device fault"),
        Battery = "battery" ("电量耗尽", "battery"),
        Storage = "storage" ("存储已满", "storage full"),
        Weather = "weather" ("恶劣天气", "bad weather"),
        Other = "other" ("其他", "other"),
    }
}
