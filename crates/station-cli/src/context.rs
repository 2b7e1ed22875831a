//! What every command is given — where the library is, the language asked for, who signs in —
//! and the one way it prints: [`Output`] knows the language and whether `--json` was asked.

use std::cell::Cell;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;

use serde::Serialize;
use station_core::{Error, Lang, Station, SystemClock};

use crate::signin::Credentials;

pub struct Context {
    pub root: PathBuf,
    /// `--lang`; else the station's `language` setting once it is open; else Chinese.
    lang: Option<Lang>,
    pub credentials: Credentials,
    /// Set by the command before it can fail: its errors print as JSON too.
    json: Cell<bool>,
}

impl Context {
    pub fn new(root: PathBuf, lang: Option<Lang>, credentials: Credentials) -> Context {
        Context {
            root,
            lang,
            credentials,
            json: Cell::new(false),
        }
    }

    /// Open the library, signed in as `--user`; `json`: the command prints JSON.
    pub fn open(&self, json: bool) -> Result<(Station, Output), Error> {
        self.json.set(json);
        let mut st = Station::open(&self.root, Arc::new(SystemClock))?;
        if let Some(lang) = self.lang {
            st.set_language(lang);
        }
        self.credentials.sign_in(&mut st)?;
        let out = Output {
            lang: st.lang(),
            json,
        };
        Ok((st, out))
    }

    /// How to print before (or without) an open station.
    pub fn output(&self, json: bool) -> Output {
        self.json.set(json);
        Output {
            lang: self.lang(),
            json,
        }
    }

    /// The language asked for on the command line, else Chinese.
    pub fn lang(&self) -> Lang {
        self.lang.unwrap_or_default()
    }

    /// The language asked for, else the station's.
    pub fn lang_or(&self, station: Lang) -> Lang {
        self.lang.unwrap_or(station)
    }

    /// A failed command's error: on stderr for a person, and as JSON on stdout when the
    /// command prints JSON.
    pub fn report_error(&self, e: &Error) {
        let lang = self.lang();
        if self.json.get() {
            let out = serde_json::json!({
                "error": { "code": e.code(), "message": e.message(lang) }
            });
            println!("{out}");
        }
        eprintln!("{}: {}", lang.pick("错误", "error"), term(&e.message(lang)));
    }
}

/// Everything a command prints goes through here: for a person in their language, or as JSON.
#[derive(Clone, Copy)]
pub struct Output {
    pub lang: Lang,
    pub json: bool,
}

impl Output {
    /// `value` as JSON with `--json`, else as `human` prints it.
    pub fn show<T: Serialize + ?Sized>(&self, value: &T, human: impl FnOnce(&T)) {
        if self.json {
            print_json(value);
        } else {
            human(value);
        }
    }

    /// One line for a person, in their language.
    pub fn say(&self, zh: impl std::fmt::Display, en: impl std::fmt::Display) {
        match self.lang {
            Lang::Zh => println!("{zh}"),
            Lang::En => println!("{en}"),
        }
    }

    pub fn pick<'a>(&self, zh: &'a str, en: &'a str) -> &'a str {
        self.lang.pick(zh, en)
    }

    /// `--pdf FILE`: the paper saved to FILE (never over an existing file) and where it went.
    pub fn paper(
        &self,
        st: &station_core::Station,
        request: &station_core::papers::PaperRequest,
        to: &std::path::Path,
    ) -> Result<(), Error> {
        let saved = st.papers().save(request, to)?;
        self.show(&saved, |s| {
            self.say(
                format!("{}（{} 页）已保存到 {}", s.title, s.pages, s.path),
                format!("{} ({} pages) saved to {}", s.title, s.pages, s.path),
            )
        });
        if !saved.missing.is_empty() {
            let chars = saved.missing.join(" ");
            eprintln!(
                "{}",
                self.pick(
                    "注意：本机字体缺少这些字，文书上以编码 [U+…] 代替，请手工补写：",
                    "Note: no font here has these characters; the paper shows their codes [U+…] instead, write them in by hand:"
                )
            );
            eprintln!("  {chars}");
        }
        Ok(())
    }

    /// What a creating command prints: the new `id`, as JSON with `--json`.
    pub fn id(&self, id: i64) {
        if self.json {
            println!("{}", serde_json::json!({ "id": id }));
        } else {
            println!("{id}");
        }
    }
}

pub fn print_json<T: Serialize + ?Sized>(value: &T) {
    match serde_json::to_string_pretty(value) {
        Ok(s) => println!("{s}"),
        Err(e) => eprintln!("JSON: {e}"),
    }
}

/// Exit 0 when the work holds, 1 when it found a problem (2 is an error).
pub fn exit(ok: bool) -> ExitCode {
    if ok {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// Text from a card, a label or a file for the terminal: control characters (escape
/// sequences that recolour or rewrite the screen, newlines that forge lines) shown as
/// `\u{…}` instead of acted on.
pub fn term(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return text.into();
    }
    text.chars()
        .map(|c| {
            if c.is_control() {
                format!("\\u{{{:x}}}", c as u32)
            } else {
                c.to_string()
            }
        })
        .collect::<String>()
        .into()
}

#[cfg(test)]
mod tests {
    #[test]
    fn control_characters_are_shown_not_acted_on() {
        assert_eq!(super::term("执法.mp4"), "执法.mp4");
        assert_eq!(super::term("a\u{1b}[2Jb\nc"), "a\\u{1b}[2Jb\\u{a}c");
    }
}
