//! Case numbers as people type them: 兴城执罚〔2026〕88号, 兴城执罚(2026)88号 and
//! 兴城执罚（２０２６）８８号 are one number to a person and three to a database. Used where a
//! typo costs evidence (a long-term hold on a number no clip carries). A leaf: pure.

/// The number folded for comparison: brackets of every shape and width as `(` `)`,
/// full-width digits and letters as ASCII, spaces dropped.
pub fn folded(number: &str) -> String {
    number
        .chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '〔' | '（' | '［' | '【' | '[' | '〖' => '(',
            '〕' | '）' | '］' | '】' | ']' | '〗' => ')',
            // Full-width ASCII (！ to ～) is ASCII moved up by 0xFEE0.
            '\u{FF01}'..='\u{FF5E}' => char::from_u32(c as u32 - 0xFEE0).unwrap_or(c),
            c => c,
        })
        .collect()
}

/// The known numbers `typed` was probably meant to be: the same once folded.
pub fn near<'a>(typed: &str, known: &'a [String]) -> Vec<&'a str> {
    let typed = folded(typed);
    known
        .iter()
        .filter(|k| folded(k) == typed)
        .map(String::as_str)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn brackets_and_widths_do_not_make_another_number() {
        let known = vec![
            "兴城执罚〔2026〕88号".to_string(),
            "兴城执罚〔2026〕89号".to_string(),
        ];
        for typed in [
            "兴城执罚(2026)88号",
            "兴城执罚（２０２６）８８号",
            "兴城执罚 [2026] 88号",
        ] {
            assert_eq!(near(typed, &known), ["兴城执罚〔2026〕88号"], "{typed}");
        }
        assert!(near("兴城执罚(2026)90号", &known).is_empty());
    }
}
