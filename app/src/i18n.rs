//! Languages: every word of the interface comes from a Fluent message catalogue
//! (`app/locales/<language>/postern.ftl`), English, German, French and Spanish. The language of
//! a request is the one the person chose (the `postern_lang` cookie, set by `/language`), else
//! the first of `Accept-Language` that Postern speaks, else English. Pages are rendered on the
//! server, so only the server reads the catalogues; the browser's bundle carries none (an
//! island that needs words gets them from the page).

use leptos::prelude::*;

/// A language of the interface.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Lang {
    #[default]
    En,
    De,
    Fr,
    Es,
}

/// The cookie that remembers a person's choice.
pub const LANG_COOKIE: &str = "postern_lang";

impl Lang {
    pub const ALL: [Lang; 4] = [Lang::En, Lang::De, Lang::Fr, Lang::Es];

    /// The BCP 47 code (`<html lang>`, the cookie, `Accept-Language`).
    pub fn code(self) -> &'static str {
        match self {
            Lang::En => "en",
            Lang::De => "de",
            Lang::Fr => "fr",
            Lang::Es => "es",
        }
    }

    /// The language's name in itself (how the chooser shows it).
    pub fn name(self) -> &'static str {
        match self {
            Lang::En => "English",
            Lang::De => "Deutsch",
            Lang::Fr => "Français",
            Lang::Es => "Español",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        let primary = code.trim().split(['-', '_']).next()?.to_ascii_lowercase();
        Lang::ALL.into_iter().find(|l| l.code() == primary)
    }

    /// The chosen language (cookie value), else the best of `Accept-Language` (by q, then
    /// order), else English.
    pub fn negotiate(chosen: Option<&str>, accept_language: Option<&str>) -> Lang {
        if let Some(lang) = chosen.and_then(Lang::from_code) {
            return lang;
        }
        let mut offered: Vec<(f32, usize, Lang)> = accept_language
            .unwrap_or_default()
            .split(',')
            .enumerate()
            .filter_map(|(i, part)| {
                let mut pieces = part.split(';');
                let lang = Lang::from_code(pieces.next()?)?;
                let q = pieces
                    .find_map(|p| p.trim().strip_prefix("q="))
                    .and_then(|q| q.trim().parse::<f32>().ok())
                    .unwrap_or(1.0);
                (q > 0.0).then_some((q, i, lang))
            })
            .collect();
        offered.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
        offered.first().map(|o| o.2).unwrap_or_default()
    }
}

/// The language a request asks for: its `postern_lang` cookie, else its `Accept-Language`.
#[cfg(feature = "ssr")]
pub fn request_lang(headers: &axum::http::HeaderMap) -> Lang {
    let chosen = headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .find_map(|pair| {
            let (name, value) = pair.trim().split_once('=')?;
            (name == LANG_COOKIE).then_some(value)
        });
    let accept = headers
        .get(axum::http::header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok());
    Lang::negotiate(chosen, accept)
}

/// `n` with the language's digit grouping: 12,345 (English), 12.345 (German), 12 345 (French,
/// a narrow no-break space), 12.345 (Spanish, which groups only from five digits).
pub fn group_digits(lang: Lang, n: u64) -> String {
    let digits = n.to_string();
    let (separator, from) = match lang {
        Lang::En => (",", 4),
        Lang::De => (".", 4),
        Lang::Fr => ("\u{202f}", 4),
        Lang::Es => (".", 5),
    };
    if digits.len() < from {
        return digits;
    }
    let mut out = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(c);
    }
    out
}

/// "3.2 MB" with the page's decimal sign ("3,2 MB" in German, French and Spanish).
pub fn decimal_sign(text: String) -> String {
    match use_lang() {
        Lang::En => text,
        _ => text.replace('.', ","),
    }
}

/// The language of the page being rendered.
pub fn use_lang() -> Lang {
    use_context::<Lang>().unwrap_or_default()
}

/// The words of `key` in the page's language.
pub fn t(key: &str) -> String {
    translate(use_lang(), key, &[])
}

/// The words of `key` with its variables (`{ $name }` in the catalogue).
pub fn t_with(key: &str, args: &[(&str, String)]) -> String {
    translate(use_lang(), key, args)
}

/// The words of `key` in `lang`: the English ones when a catalogue lacks it (a test keeps them
/// complete), the key itself when English lacks it too.
#[cfg(feature = "ssr")]
pub fn translate(lang: Lang, key: &str, args: &[(&str, String)]) -> String {
    catalogues::words(lang, key, args)
        .or_else(|| catalogues::words(Lang::En, key, args))
        .unwrap_or_else(|| key.to_string())
}

/// In the browser no page is rendered: islands take their words from the page.
#[cfg(not(feature = "ssr"))]
pub fn translate(_lang: Lang, key: &str, _args: &[(&str, String)]) -> String {
    key.to_string()
}

#[cfg(feature = "ssr")]
pub mod catalogues {
    use std::collections::HashMap;
    use std::sync::LazyLock;

    use fluent_bundle::concurrent::FluentBundle;
    use fluent_bundle::{FluentArgs, FluentResource, FluentValue};

    use super::Lang;

    /// The catalogues as written (the test reads them too).
    pub const SOURCES: [(Lang, &str); 4] = [
        (Lang::En, include_str!("../locales/en/postern.ftl")),
        (Lang::De, include_str!("../locales/de/postern.ftl")),
        (Lang::Fr, include_str!("../locales/fr/postern.ftl")),
        (Lang::Es, include_str!("../locales/es/postern.ftl")),
    ];

    static BUNDLES: LazyLock<HashMap<Lang, FluentBundle<FluentResource>>> = LazyLock::new(|| {
        SOURCES
            .iter()
            .map(|(lang, source)| {
                let id = lang.code().parse().unwrap_or_default();
                let mut bundle = FluentBundle::new_concurrent(vec![id]);
                // Unicode isolation marks would show in titles and text browsers.
                bundle.set_use_isolating(false);
                let resource = match FluentResource::try_new(source.to_string()) {
                    Ok(resource) => resource,
                    Err((resource, errors)) => {
                        tracing_errors(*lang, errors.len());
                        resource
                    }
                };
                if bundle.add_resource(resource).is_err() {
                    tracing_errors(*lang, 1);
                }
                (*lang, bundle)
            })
            .collect()
    });

    fn tracing_errors(lang: Lang, count: usize) {
        eprintln!("postern: the {} catalogue has {count} errors", lang.code());
    }

    pub fn words(lang: Lang, key: &str, args: &[(&str, String)]) -> Option<String> {
        let bundle = BUNDLES.get(&lang)?;
        let pattern = bundle.get_message(key)?.value()?;
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            // Whole numbers as numbers, for the plural rules. Only a number as Rust writes
            // one: a searched "1e5", "nan" or "007" is text and is shown as typed.
            let digits = !value.is_empty()
                && value.len() < 16
                && value.bytes().all(|b| b.is_ascii_digit())
                && (value == "0" || !value.starts_with('0'));
            match value.parse::<u64>() {
                Ok(number) if digits => fluent_args.set(*name, FluentValue::from(number as f64)),
                _ => fluent_args.set(*name, FluentValue::from(value.clone())),
            }
        }
        let mut errors = Vec::new();
        let text = bundle.format_pattern(pattern, Some(&fluent_args), &mut errors);
        Some(text.into_owned())
    }

    /// The message keys of a catalogue.
    pub fn keys(source: &str) -> Vec<String> {
        source
            .lines()
            .filter_map(|line| {
                let (key, _) = line.split_once(" =")?;
                let first = key.chars().next()?;
                (first.is_ascii_lowercase() && !key.contains(' ')).then(|| key.to_string())
            })
            .collect()
    }
}

#[cfg(all(test, feature = "ssr"))]
mod tests {
    use super::*;

    #[test]
    fn the_choice_wins_then_accept_language_by_weight() {
        assert_eq!(Lang::negotiate(Some("fr"), Some("de")), Lang::Fr);
        assert_eq!(
            Lang::negotiate(Some("xx"), Some("de-AT,en;q=0.5")),
            Lang::De
        );
        assert_eq!(
            Lang::negotiate(None, Some("nl,es;q=0.8,de;q=0.9")),
            Lang::De
        );
        assert_eq!(Lang::negotiate(None, Some("pt-BR,nl")), Lang::En);
        assert_eq!(Lang::negotiate(None, Some("de;q=0,fr")), Lang::Fr);
        assert_eq!(Lang::negotiate(None, None), Lang::En);
    }

    #[test]
    fn every_catalogue_has_every_english_key_and_no_other() {
        let english = catalogues::keys(catalogues::SOURCES[0].1);
        assert!(english.len() > 20, "the English catalogue is nearly empty");
        for (lang, source) in &catalogues::SOURCES[1..] {
            let keys = catalogues::keys(source);
            let missing: Vec<_> = english.iter().filter(|k| !keys.contains(k)).collect();
            let extra: Vec<_> = keys.iter().filter(|k| !english.contains(k)).collect();
            assert!(missing.is_empty(), "{} lacks {missing:?}", lang.code());
            assert!(
                extra.is_empty(),
                "{} has keys English lacks: {extra:?}",
                lang.code()
            );
        }
        for (lang, source) in &catalogues::SOURCES {
            for key in catalogues::keys(source) {
                assert!(
                    catalogues::words(*lang, &key, &[]).is_some(),
                    "{}: {key} does not parse",
                    lang.code()
                );
            }
        }
    }

    #[test]
    fn every_key_the_code_asks_for_is_in_english() {
        let english = catalogues::keys(catalogues::SOURCES[0].1);
        // The pages ask for words; the server leaves notices and reasons by their keys.
        let app = concat!(env!("CARGO_MANIFEST_DIR"), "/src");
        let server = concat!(env!("CARGO_MANIFEST_DIR"), "/../server/src");
        let mut asked = Vec::new();
        let mut dirs = vec![
            std::path::PathBuf::from(app),
            std::path::PathBuf::from(server),
        ];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rs") {
                    let text = std::fs::read_to_string(&path).unwrap_or_default();
                    let calls = [
                        "t(\"",
                        "t_with(\"",
                        "Notice::said(\"",
                        "Notice::with(\"",
                        "Notice::counted(\"",
                        "AppError::said(\"",
                        // The reasons a folder name is refused, what organising says.
                        "Err(\"folder-",
                        "(\"notice-",
                    ];
                    for call in calls {
                        for (at, _) in text.match_indices(call) {
                            // A call of `t`, not of a function whose name ends in t.
                            let before = text[..at].chars().next_back();
                            if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                                continue;
                            }
                            let rest = &text[at + call.len()..];
                            if let Some((key, _)) = rest.split_once('"') {
                                let prefix = call.split_once('"').map_or("", |(_, p)| p);
                                asked.push(format!("{prefix}{key}"));
                            }
                        }
                    }
                }
            }
        }
        use crate::model::SpecialUse;
        for special in [
            SpecialUse::Inbox,
            SpecialUse::Drafts,
            SpecialUse::Sent,
            SpecialUse::Junk,
            SpecialUse::Trash,
            SpecialUse::Archive,
        ] {
            asked.push(special.key().to_string());
        }
        asked.extend([crate::model::SENT, crate::model::SENT_BUT_SENT_COPY].map(String::from));
        // Dates are worded from numbered keys.
        asked.extend(["date-day", "date-day-year", "date-full"].map(String::from));
        asked.extend((1..=12).map(|m| format!("month-{m}")));
        asked.extend((1..=7).map(|d| format!("weekday-{d}")));
        assert!(
            asked.iter().any(|k| k == "notice-moved"),
            "the server's keys are read"
        );
        assert!(!asked.is_empty());
        let unknown: Vec<_> = asked.iter().filter(|k| !english.contains(k)).collect();
        assert!(
            unknown.is_empty(),
            "keys asked for but not in English: {unknown:?}"
        );
    }

    #[test]
    fn digits_are_grouped_as_each_language_does() {
        assert_eq!(group_digits(Lang::En, 1234), "1,234");
        assert_eq!(group_digits(Lang::De, 1234), "1.234");
        assert_eq!(group_digits(Lang::Fr, 1_234_567), "1\u{202f}234\u{202f}567");
        assert_eq!(group_digits(Lang::Es, 1234), "1234");
        assert_eq!(group_digits(Lang::Es, 12345), "12.345");
        assert_eq!(group_digits(Lang::En, 999), "999");
    }

    #[test]
    fn text_that_looks_like_a_number_is_shown_as_typed() {
        for typed in ["1e5", "nan", "inf", "0x10", "007"] {
            let text = translate(
                Lang::En,
                "search-found",
                &[
                    ("n", "2".into()),
                    ("count", "2".into()),
                    ("text", typed.into()),
                ],
            );
            assert!(text.contains(&format!("“{typed}”")), "{typed}: {text}");
        }
    }

    #[test]
    fn numbers_and_variables_are_formatted() {
        let text = translate(
            Lang::En,
            "error-too-many-attempts",
            &[("minutes", "15".into())],
        );
        assert!(text.contains("15 minutes"), "{text}");
    }
}
