//! Closed sets a person or a script names — roles, levels, purposes, stages, kinds … — as
//! types. One declaration gives each set its stable codes (what the catalog stores, the CLI
//! takes and `--json` and the window carry), its names for people in both languages, parsing
//! that lists the allowed codes when a value is wrong, serde, SQLite and (with the `clap`
//! feature) the CLI's value parser, so the CLI, the window and the core cannot disagree.
//! A leaf: it reads nothing of the station.

/// Declares a closed set:
///
/// ```ignore
/// closed_set! {
///     /// What it is.
///     pub enum Role as ("角色", "role") {
///         Custodian = "custodian" ("保管员", "custodian"),
///     }
/// }
/// ```
macro_rules! closed_set {
    (
        $(#[$meta:meta])*
        $vis:vis enum $name:ident as ($what_zh:literal, $what_en:literal) {
            $( $(#[$vmeta:meta])* $variant:ident = $code:literal ($zh:literal, $en:literal) ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        $vis enum $name { $( $(#[$vmeta])* $variant ),+ }

        impl $name {
            /// Every member, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The stable code: never rename one, scripts and the catalog hold them.
            pub fn code(self) -> &'static str {
                match self { $($name::$variant => $code),+ }
            }

            /// Its name for people.
            pub fn label(self, lang: $crate::lang::Lang) -> &'static str {
                match self { $($name::$variant => lang.pick($zh, $en)),+ }
            }

            /// The set as a TypeScript union of its codes, a list of them, and each one's
            /// names in both languages, for the window (which keeps no names of its own).
            pub fn typescript() -> String {
                let codes: Vec<String> =
                    $name::ALL.iter().map(|v| format!("'{}'", v.code())).collect();
                let names: Vec<String> = $name::ALL
                    .iter()
                    .map(|v| {
                        let (zh, en) = (v.label($crate::lang::Lang::Zh), v.label($crate::lang::Lang::En));
                        format!("'{}': {{ zh: {:?}, en: {:?} }}", v.code(), zh, en)
                    })
                    .collect();
                let name = stringify!($name);
                format!(
                    "/** {what} */\nexport type {name} = {union}\n/** Every {what}, in the station's order. */\nexport const {name}Values: readonly {name}[] = [{list}]\n/** Each {what}'s names. */\nexport const {name}Names: Record<{name}, {{ zh: string, en: string }}> = {{ {names} }}\n",
                    what = $what_en,
                    union = codes.join(" | "),
                    list = codes.join(", "),
                    names = names.join(", "),
                )
            }

            /// The member with this code, if any.
            pub fn from_code(code: &str) -> Option<$name> {
                match code { $($code => Some($name::$variant),)+ _ => None }
            }
        }

        impl std::str::FromStr for $name {
            type Err = $crate::error::Error;
            fn from_str(s: &str) -> Result<$name, Self::Err> {
                $name::from_code(s.trim()).ok_or_else(|| $crate::error::Error::NotOneOf {
                    what: ($what_zh, $what_en),
                    value: s.to_string(),
                    allowed: $name::ALL
                        .iter()
                        .map(|v| (v.code(), v.label($crate::lang::Lang::Zh)))
                        .collect(),
                })
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.pad(self.code())
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_str(self.code())
            }
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<$name, D::Error> {
                let s = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(d)?;
                s.parse().map_err(|e: $crate::error::Error| {
                    serde::de::Error::custom(e.message($crate::lang::Lang::En))
                })
            }
        }

        impl rusqlite::ToSql for $name {
            fn to_sql(&self) -> rusqlite::Result<rusqlite::types::ToSqlOutput<'_>> {
                Ok(self.code().into())
            }
        }

        impl rusqlite::types::FromSql for $name {
            fn column_result(v: rusqlite::types::ValueRef<'_>) -> rusqlite::types::FromSqlResult<$name> {
                let s = v.as_str()?;
                $name::from_code(s).ok_or_else(|| {
                    rusqlite::types::FromSqlError::Other(
                        format!("{} {s:?} is not one this program knows", $what_en).into(),
                    )
                })
            }
        }

        /// In the window's generated types a member of the set is named by the set.
        #[cfg(feature = "ts")]
        impl ts_rs::TS for $name {
            type WithoutGenerics = $name;
            type OptionInnerType = $name;
            // A map keyed by a set need not hold every member (`{ [key in Set]?: V }`).
            const IS_ENUM: bool = true;
            fn name(_: &ts_rs::Config) -> String {
                stringify!($name).to_string()
            }
            fn inline(_: &ts_rs::Config) -> String {
                let codes: Vec<String> =
                    $name::ALL.iter().map(|v| format!("'{}'", v.code())).collect();
                codes.join(" | ")
            }
        }

        #[cfg(feature = "clap")]
        impl clap::ValueEnum for $name {
            fn value_variants<'a>() -> &'a [$name] {
                $name::ALL
            }
            fn to_possible_value(&self) -> Option<clap::builder::PossibleValue> {
                Some(clap::builder::PossibleValue::new(self.code()).help(self.label($crate::lang::Lang::Zh)))
            }
        }
    };
}

pub(crate) use closed_set;

#[cfg(test)]
mod tests {
    use crate::error::ErrorCode;
    use crate::lang::Lang;

    closed_set! {
        /// A test set.
        enum Colour as ("颜色", "colour") {
            Red = "red" ("红", "red"),
            DarkBlue = "dark_blue" ("深蓝", "dark blue"),
        }
    }

    #[test]
    fn a_closed_set_round_trips_through_its_codes_and_names_what_is_allowed() {
        assert_eq!(Colour::ALL, &[Colour::Red, Colour::DarkBlue]);
        assert_eq!("dark_blue".parse::<Colour>().ok(), Some(Colour::DarkBlue));
        assert_eq!(Colour::DarkBlue.label(Lang::Zh), "深蓝");
        assert_eq!(
            serde_json::to_string(&Colour::Red).ok().as_deref(),
            Some("\"red\"")
        );
        assert_eq!(
            serde_json::from_str::<Colour>("\"red\"").ok(),
            Some(Colour::Red)
        );
        assert!(serde_json::from_str::<Colour>("\"green\"").is_err());
        let Err(e) = "green".parse::<Colour>() else {
            panic!("green is not a colour here")
        };
        assert_eq!(e.code(), ErrorCode::InvalidInput);
        assert!(
            e.message(Lang::Zh).contains("颜色"),
            "{}",
            e.message(Lang::Zh)
        );
        assert!(e.message(Lang::Zh).contains("red（红）、dark_blue（深蓝）"));
        assert!(e.message(Lang::En).contains("colour \"green\""));
        assert!(Colour::typescript().contains("export type Colour = 'red' | 'dark_blue'"));
        assert!(Colour::typescript()
            .contains("export const ColourValues: readonly Colour[] = ['red', 'dark_blue']"));
    }
}
