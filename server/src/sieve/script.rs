//! Postern's Sieve script (RFC 5228) from a person's [`Rules`], and the rules back from it. Every
//! value a person typed becomes a quoted string with `"` and `\` escaped (line breaks may stand
//! in a quoted string); nothing typed is ever pasted in as syntax. The rules also ride along as
//! one comment line (base64 of their JSON), so any Postern instance reads back exactly what was
//! set — and a script that lacks it, or was edited since, is not Postern's.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use postern_app::model::{FilterAction, FilterField, FilterMatch, Rules};

/// The one script Postern owns.
pub const NAME: &str = "postern";
/// The first line of every script Postern writes.
const MARK: &str = "# Written by Postern (webmail). Changes made here are replaced when the rules are saved there.";
/// The comment that carries the rules.
const RULES: &str = "# postern-rules ";

/// A Sieve quoted string.
pub fn quoted(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' | '\\' => {
                out.push('\\');
                out.push(c);
            }
            // CR LF only, as the script's own lines.
            '\r' => {}
            '\n' => out.push_str("\r\n"),
            '\0' => {}
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// What the comment carries: the rules, and the addresses the vacation reply answers for
/// (so a later read rebuilds the very same script, whatever the login's spelling then).
#[derive(serde::Serialize, serde::Deserialize)]
struct Carried {
    rules: Rules,
    addresses: Vec<String>,
}

/// The script for `rules`, sent as `address` (the vacation reply answers mail to it and to
/// `aliases`). `folder_name` turns an IMAP folder name into the name Sieve's `fileinto` takes
/// (UTF-8).
pub fn write(
    rules: &Rules,
    address: &str,
    aliases: &[String],
    folder_name: impl Fn(&str) -> String,
) -> String {
    let mut addresses = vec![address.to_lowercase()];
    addresses.extend(aliases.iter().map(|a| a.to_lowercase()));
    write_for(rules, &addresses, folder_name)
}

fn write_for(rules: &Rules, addresses: &[String], folder_name: impl Fn(&str) -> String) -> String {
    let carried = Carried {
        rules: rules.clone(),
        addresses: addresses.to_vec(),
    };
    let json = serde_json::to_string(&carried).unwrap_or_default();
    let mut body = String::new();
    let mut needs: Vec<&str> = Vec::new();
    let mut need = |ext: &'static str| {
        if !needs.contains(&ext) {
            needs.push(ext);
        }
    };
    let v = &rules.vacation;
    if v.enabled {
        need("vacation");
        let addresses: Vec<String> = addresses.iter().map(|a| quoted(a)).collect();
        let reply = format!(
            "vacation :days {} :subject {} :addresses [{}] {};\r\n",
            v.days.clamp(1, 30),
            quoted(if v.subject.trim().is_empty() {
                "Away"
            } else {
                v.subject.trim()
            }),
            addresses.join(", "),
            quoted(&v.text)
        );
        let mut tests = Vec::new();
        if !v.first_day.is_empty() {
            tests.push(format!(
                "currentdate :value \"ge\" \"date\" {}",
                quoted(&v.first_day)
            ));
        }
        if !v.last_day.is_empty() {
            tests.push(format!(
                "currentdate :value \"le\" \"date\" {}",
                quoted(&v.last_day)
            ));
        }
        if tests.is_empty() {
            body.push_str(&reply);
        } else {
            need("date");
            need("relational");
            body.push_str(&format!(
                "if allof({}) {{\r\n  {reply}}}\r\n",
                tests.join(", ")
            ));
        }
    }
    for filter in rules.filters.iter().filter(|f| f.enabled) {
        let comparator = match filter.matching {
            FilterMatch::Contains => ":contains",
            FilterMatch::Is => ":is",
        };
        let value = quoted(filter.value.trim());
        let test = match filter.field {
            FilterField::From => format!("address {comparator} \"from\" {value}"),
            FilterField::To => format!("address {comparator} [\"to\", \"cc\"] {value}"),
            FilterField::Subject => format!("header {comparator} \"subject\" {value}"),
        };
        let action = match &filter.action {
            FilterAction::Move(folder) => {
                need("fileinto");
                format!("fileinto {};", quoted(&folder_name(folder.as_str())))
            }
            FilterAction::MarkRead => {
                need("imap4flags");
                "addflag \"\\\\Seen\";".to_string()
            }
            FilterAction::Flag => {
                need("imap4flags");
                "addflag \"\\\\Flagged\";".to_string()
            }
            FilterAction::Forward(to) => {
                need("copy");
                format!("redirect :copy {};", quoted(to))
            }
        };
        body.push_str(&format!("if {test} {{\r\n  {action}\r\n}}\r\n"));
    }
    let mut script = format!(
        "{MARK}\r\n{RULES}{}\r\n",
        URL_SAFE_NO_PAD.encode(json.as_bytes())
    );
    if !needs.is_empty() {
        let list: Vec<String> = needs.iter().map(|n| quoted(n)).collect();
        script.push_str(&format!("require [{}];\r\n", list.join(", ")));
    }
    script.push_str(&body);
    script
}

/// The rules of a script Postern wrote, `None` for any other script (or one edited since: it
/// no longer is what the rules say).
pub fn read(script: &str, folder_name: impl Fn(&str) -> String) -> Option<Rules> {
    let line = script
        .lines()
        .find_map(|line| line.strip_prefix(RULES))?
        .trim();
    let json = URL_SAFE_NO_PAD.decode(line).ok()?;
    let carried: Carried = serde_json::from_slice(&json).ok()?;
    let normal = |s: &str| s.replace("\r\n", "\n");
    let again = write_for(&carried.rules, &carried.addresses, folder_name);
    (normal(&again) == normal(script)).then_some(carried.rules)
}

#[cfg(test)]
mod tests {
    use super::*;
    use postern_app::model::{Filter, FolderName, Vacation};

    fn same(name: &str) -> String {
        name.to_string()
    }

    #[test]
    fn typed_text_never_becomes_syntax() {
        let hostile = "a\" ; discard; \"\\ b\r\nnew line; ünïcode";
        assert_eq!(
            quoted(hostile),
            "\"a\\\" ; discard; \\\"\\\\ b\r\nnew line; ünïcode\""
        );
        let rules = Rules {
            vacation: Vacation {
                enabled: true,
                subject: "Away \"until\" Monday".into(),
                text: "I am away.\n.\nReally \\ away.".into(),
                first_day: "2026-12-01".into(),
                last_day: "2026-12-24".into(),
                days: 3,
            },
            filters: vec![
                Filter {
                    enabled: true,
                    field: FilterField::Subject,
                    matching: FilterMatch::Contains,
                    value: "\"}; discard; if true {".into(),
                    action: FilterAction::Move(FolderName::new("Lists/Rust \"news\"")),
                },
                Filter {
                    enabled: false,
                    value: "skipped".into(),
                    ..Filter::default()
                },
                Filter {
                    enabled: true,
                    field: FilterField::From,
                    matching: FilterMatch::Is,
                    value: "boss@example.org".into(),
                    action: FilterAction::Forward("me@example.net".into()),
                },
            ],
        };
        let script = write(
            &rules,
            "ann@example.org",
            &["sales@example.org".into()],
            same,
        );
        assert!(
            script.contains(
                "require [\"vacation\", \"date\", \"relational\", \"fileinto\", \"copy\"];"
            ),
            "{script}"
        );
        assert!(script.contains(":subject \"Away \\\"until\\\" Monday\""));
        assert!(script.contains(":addresses [\"ann@example.org\", \"sales@example.org\"]"));
        assert!(script.contains("header :contains \"subject\" \"\\\"}; discard; if true {\""));
        assert!(script.contains("fileinto \"Lists/Rust \\\"news\\\"\";"));
        assert!(script.contains("address :is \"from\" \"boss@example.org\""));
        assert!(script.contains("redirect :copy \"me@example.net\";"));
        assert!(
            !script.contains("skipped\""),
            "a disabled filter is not run"
        );
        // Each line ends in CR LF; the text's own lines too.
        assert!(!script.replace("\r\n", "").contains('\n'));
        assert_eq!(read(&script, same), Some(rules.clone()));
        // Read back the same whatever the login's spelling or the aliases are now.
        let other = write(
            &rules,
            "Ann@Example.org",
            &["sales@example.org".into()],
            same,
        );
        assert_eq!(read(&other, same), Some(rules));
    }

    #[test]
    fn a_script_not_written_by_postern_is_not_read_as_its_own() {
        assert_eq!(
            read("require \"fileinto\";\r\nfileinto \"x\";\r\n", same),
            None
        );
        let script = write(&Rules::default(), "a@b.org", &[], same);
        assert_eq!(read(&script, same), Some(Rules::default()));
        let edited = format!("{script}discard;\r\n");
        assert_eq!(read(&edited, same), None, "edited since");
    }
}
