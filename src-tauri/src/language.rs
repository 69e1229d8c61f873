//! The language of the screens: the system's, read from the locale as GTK applications read it
//! (gettext's rules), unless the user picked one in Settings.

use serde::{Deserialize, Serialize};

/// A language the screens are written in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Language {
    #[serde(rename = "en")]
    English,
    #[serde(rename = "de")]
    German,
    /// German as written in Switzerland (no ß).
    #[serde(rename = "de-CH")]
    SwissGerman,
    #[serde(rename = "fr")]
    French,
    #[serde(rename = "it")]
    Italian,
}

/// What Settings may say: a language, or `"system"` to follow the locale again.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
pub enum LanguageChoice {
    #[serde(rename = "system")]
    System,
    #[serde(untagged)]
    Chosen(Language),
}

/// The language the screens use, and where it comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct LanguageView {
    /// The system's language, from the locale.
    pub system: Language,
    /// The one picked in Settings, if any: it wins over the system's.
    pub chosen: Option<Language>,
}

impl Language {
    /// The language of one locale name (`de_CH.UTF-8`, `fr_BE@euro`, `it`), or of one entry of
    /// `LANGUAGE` (`de_CH`, `fr`); `None` for a language the screens are not written in.
    pub fn of_locale(locale: &str) -> Option<Language> {
        let name = locale.split(['.', '@']).next().unwrap_or_default();
        let (language, territory) = name.split_once(['_', '-']).unwrap_or((name, ""));
        match (language, territory) {
            ("en", _) => Some(Language::English),
            ("de", "CH" | "LI") => Some(Language::SwissGerman),
            ("de", _) => Some(Language::German),
            ("fr", _) => Some(Language::French),
            ("it", _) => Some(Language::Italian),
            _ => None,
        }
    }

    /// The system's language, from the environment `var` reads, as gettext finds the language of
    /// messages: the locale of `LC_ALL`, else `LC_MESSAGES`, else `LANG` (the first that is set
    /// and not empty); in the `C` or `POSIX` locale, English. Otherwise `LANGUAGE`, a list
    /// separated by colons, when it is set (its first entry written here), else that locale;
    /// English when the screens are not written in it.
    pub fn of_system(var: impl Fn(&str) -> Option<String>) -> Language {
        let set = |name: &str| var(name).filter(|value| !value.is_empty());
        let Some(locale) = set("LC_ALL")
            .or_else(|| set("LC_MESSAGES"))
            .or_else(|| set("LANG"))
        else {
            return Language::English;
        };
        let base = locale.split(['.', '@']).next().unwrap_or_default();
        if base == "C" || base == "POSIX" {
            return Language::English;
        }
        let preferred = set("LANGUAGE").unwrap_or(locale);
        preferred
            .split(':')
            .find_map(Language::of_locale)
            .unwrap_or(Language::English)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn system(vars: &[(&str, &str)]) -> Language {
        Language::of_system(|name| {
            vars.iter()
                .find(|(key, _)| *key == name)
                .map(|(_, value)| (*value).to_owned())
        })
    }

    #[test]
    fn locale_names_give_their_language() {
        let cases = [
            ("de_DE.UTF-8", Some(Language::German)),
            ("de_AT.UTF-8", Some(Language::German)),
            ("de_CH.UTF-8", Some(Language::SwissGerman)),
            ("de_LI", Some(Language::SwissGerman)),
            ("de-CH", Some(Language::SwissGerman)),
            ("fr_CH.UTF-8", Some(Language::French)),
            ("fr_BE@euro", Some(Language::French)),
            ("it_CH.UTF-8", Some(Language::Italian)),
            ("it", Some(Language::Italian)),
            ("en_GB.UTF-8", Some(Language::English)),
            ("rm_CH.UTF-8", None),
            ("es_ES.UTF-8", None),
            ("", None),
        ];
        for (locale, language) in cases {
            assert_eq!(Language::of_locale(locale), language, "{locale}");
        }
    }

    #[test]
    fn the_system_language_follows_gettexts_order() {
        // LC_ALL wins over LC_MESSAGES, which wins over LANG; empty ones do not count.
        assert_eq!(
            system(&[
                ("LC_ALL", "fr_CH.UTF-8"),
                ("LC_MESSAGES", "de_DE.UTF-8"),
                ("LANG", "it_IT.UTF-8")
            ]),
            Language::French
        );
        assert_eq!(
            system(&[
                ("LC_ALL", ""),
                ("LC_MESSAGES", "de_CH.UTF-8"),
                ("LANG", "it_IT.UTF-8")
            ]),
            Language::SwissGerman
        );
        assert_eq!(system(&[("LANG", "it_CH.UTF-8")]), Language::Italian);
        // LANGUAGE's list comes first, its first entry written here counts...
        assert_eq!(
            system(&[("LANG", "en_US.UTF-8"), ("LANGUAGE", "rm:de_CH:fr")]),
            Language::SwissGerman
        );
        // ... but not in the C locale, where programs speak English.
        assert_eq!(
            system(&[("LC_ALL", "C"), ("LANGUAGE", "de")]),
            Language::English
        );
        assert_eq!(
            system(&[("LANG", "C.UTF-8"), ("LANGUAGE", "fr")]),
            Language::English
        );
        // Nothing set, or a language the screens are not written in: English.
        assert_eq!(system(&[]), Language::English);
        assert_eq!(system(&[("LANG", "es_ES.UTF-8")]), Language::English);
        // As in gettext, a LANGUAGE list replaces the locale: none of it written here, English.
        assert_eq!(
            system(&[("LANG", "de_DE.UTF-8"), ("LANGUAGE", "es:pt")]),
            Language::English
        );
    }

    #[test]
    fn settings_say_a_language_or_system() {
        let read = |text: &str| serde_json::from_str::<LanguageChoice>(text).ok();
        assert_eq!(read(r#""system""#), Some(LanguageChoice::System));
        assert_eq!(
            read(r#""de-CH""#),
            Some(LanguageChoice::Chosen(Language::SwissGerman))
        );
        assert_eq!(
            read(r#""fr""#),
            Some(LanguageChoice::Chosen(Language::French))
        );
        assert_eq!(read(r#""es""#), None);
        assert_eq!(
            serde_json::to_string(&Language::SwissGerman).unwrap(),
            r#""de-CH""#
        );
    }
}
