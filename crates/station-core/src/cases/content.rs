//! Art. 10: the key content each kind of activity's recording must show, as a checklist.

use super::ActivityKind;

// Long by design: art. 10's content for each kind of activity, as data.
/// (key, 中文, English) items for `kind`.
pub fn checklist(kind: ActivityKind) -> &'static [(&'static str, &'static str, &'static str)] {
    match kind {
        ActivityKind::Inspection => &[
            ("scene", "勘验、检查现场环境", "the scene inspected"),
            (
                "items",
                "现场重要涉案物品及主要特征",
                "important items and their features",
            ),
            (
                "people",
                "当事人、证人等的体貌特征和言行举止",
                "the people present, how they look and act",
            ),
        ],
        ActivityKind::Preservation | ActivityKind::Seizure => &[
            (
                "items",
                "物品的种类、数量及主要特征",
                "the items: kind, number, features",
            ),
            (
                "people",
                "当事人、证人等的体貌特征和言行举止",
                "the people present, how they look and act",
            ),
            (
                "place",
                "执法现场位置、周边环境",
                "where it happened and the surroundings",
            ),
        ],
        ActivityKind::Sealing => &[
            (
                "before",
                "查封前施工现场内、外部情况",
                "the site inside and outside before sealing",
            ),
            ("after", "查封后现场情况", "the site after sealing"),
            (
                "notice",
                "现场张贴的相关文书",
                "the documents posted on site",
            ),
        ],
        ActivityKind::Hearing => &[("whole", "听证全过程", "the whole hearing")],
        ActivityKind::Demolition => &[
            (
                "before",
                "拆除前违法建筑现场（含内、外部）",
                "the building inside and outside before",
            ),
            (
                "belongings",
                "内部物品搬离、保存情况",
                "removal and storage of belongings",
            ),
            ("cleared", "搬离后的现场", "the site after removal"),
            ("demolition", "拆除过程", "the demolition"),
            ("after", "强制拆除后现场", "the site afterwards"),
            (
                "conduct",
                "当事人及其他人配合或抗拒执法情况",
                "cooperation or resistance",
            ),
        ],
        ActivityKind::Service => &[
            ("process", "送达过程", "the service"),
            ("document", "送达文书", "the document served"),
            (
                "recipient",
                "受送达人或见证人体貌特征（公告送达：张贴地址）",
                "the recipient or witness (notice: where posted)",
            ),
        ],
        ActivityKind::Penalty => &[
            ("fines", "当场收缴的罚款", "the fines collected"),
            (
                "goods",
                "没收、销毁物品的特征、数量",
                "the goods confiscated or destroyed: features, number",
            ),
            ("destruction", "销毁过程", "their destruction"),
        ],
        ActivityKind::Statement => &[(
            "whole",
            "口头申请、陈述申辩的全过程",
            "the whole application or statement",
        )],
        ActivityKind::Other => &[(
            "conduct",
            "当事人或有关人员不配合执法的全过程",
            "the whole of any refusal to cooperate",
        )],
    }
}
