//! The one place where IMAP command text is written (RFC 3501 section 4.3, and 9051): UID
//! sets, flags, FETCH items, SEARCH and SORT keys, and user input as arguments. async-imap takes
//! raw command strings, so a value that could end a command early (CR, LF, NUL) or change its
//! meaning (quotes, backslashes, `{n}` literal markers) must never be pasted in as it is: it
//! becomes a quoted string, or a literal when it is not plain ASCII.

use postern_app::model::{PartPath, SortKey, Uid};

/// Why a value cannot be sent.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArgumentError {
    #[error("line breaks and NUL characters cannot be searched for")]
    ControlCharacter,
    #[error("the server cannot take this text (it offers no LITERAL+)")]
    NeedsLiteral,
}

/// An IMAP string for `value`: a quoted string for printable ASCII (with `"` and `\` escaped),
/// else a non-synchronizing literal (`{n+}` CRLF bytes, RFC 7888) when the server has LITERAL+.
pub fn string(value: &str, literal_plus: bool) -> Result<String, ArgumentError> {
    if value.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
        return Err(ArgumentError::ControlCharacter);
    }
    if value.chars().all(|c| (' '..='~').contains(&c)) {
        let mut out = String::with_capacity(value.len() + 2);
        out.push('"');
        for c in value.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        return Ok(out);
    }
    if !literal_plus {
        return Err(ArgumentError::NeedsLiteral);
    }
    Ok(format!("{{{}+}}\r\n{value}", value.len()))
}

/// IMAP METADATA (RFC 5464): the person's settings are one private entry of the server
/// (mailbox `""`), under Postern's vendor prefix.
pub mod metadata {
    use super::{ArgumentError, string};

    /// Where the settings are kept (JSON, UTF-8).
    pub const SETTINGS: &str = "/private/vendor/postern/settings";
    /// Where the addresses written to are kept (JSON, UTF-8).
    pub const ADDRESSES: &str = "/private/vendor/postern/addresses";

    /// SETMETADATA of a server entry: the value as a quoted string, or a literal when it is not
    /// plain ASCII; `None` removes the entry (NIL).
    pub fn set(
        entry: &'static str,
        value: Option<&str>,
        literal_plus: bool,
    ) -> Result<String, ArgumentError> {
        let value = match value {
            Some(value) => string(value, literal_plus)?,
            None => "NIL".to_string(),
        };
        Ok(format!("SETMETADATA \"\" ({entry} {value})"))
    }
}

/// An exact set of UIDs, "3,7,9": never a range, which could take in messages nobody picked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UidSet(String);

impl UidSet {
    /// `None` for an empty list (there is no empty set in IMAP).
    pub fn of(uids: &[Uid]) -> Option<Self> {
        (!uids.is_empty()).then(|| {
            UidSet(
                uids.iter()
                    .map(Uid::to_string)
                    .collect::<Vec<_>>()
                    .join(","),
            )
        })
    }

    pub fn one(uid: Uid) -> Self {
        UidSet(uid.to_string())
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The flags Postern sets or clears.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Flag {
    Seen,
    Flagged,
    Answered,
    Deleted,
    Draft,
    /// The keyword most clients use for a forwarded message.
    Forwarded,
}

impl Flag {
    pub fn as_str(self) -> &'static str {
        match self {
            Flag::Seen => "\\Seen",
            Flag::Flagged => "\\Flagged",
            Flag::Answered => "\\Answered",
            Flag::Deleted => "\\Deleted",
            Flag::Draft => "\\Draft",
            Flag::Forwarded => "$Forwarded",
        }
    }
}

/// A parenthesised flag list for APPEND: `(\Seen \Draft)`.
pub fn flag_list(flags: &[Flag]) -> String {
    let names: Vec<&str> = flags.iter().map(|f| f.as_str()).collect();
    format!("({})", names.join(" "))
}

/// The STORE item that adds (`true`) or removes a flag without an untagged FETCH back.
pub fn store_flag(add: bool, flag: Flag) -> String {
    let sign = if add { '+' } else { '-' };
    format!("{sign}FLAGS.SILENT ({})", flag.as_str())
}

/// FETCH items, by what they are for.
pub mod fetch {
    use super::PartPath;

    /// A folder page's row: flags, dates, size and four header fields — nothing from the body.
    pub const LIST_ROW: &str = "(UID FLAGS INTERNALDATE RFC822.SIZE BODY.PEEK[HEADER.FIELDS (FROM SUBJECT DATE CONTENT-TYPE)])";
    /// What opening a message starts with: flags, structure and the header.
    pub const HEAD: &str = "(UID FLAGS BODYSTRUCTURE BODY.PEEK[HEADER])";
    /// The raw text of a body whose structure shows no text part (read: marks it seen).
    pub const TEXT_PREVIEW: &str = "(UID BODY[TEXT]<0.1000000>)";
    /// What an mbox separator line needs.
    pub const EXPORT_ENTRY: &str =
        "(UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (RETURN-PATH FROM)])";
    /// Whole messages, flags unchanged.
    pub const WHOLE: &str = "(UID BODY.PEEK[])";
    pub const SIZE: &str = "RFC822.SIZE";

    /// `len` bytes from `offset` of a part (or of the whole message), flags unchanged.
    pub fn range(part: Option<&PartPath>, offset: u64, len: u32) -> String {
        let section = part.map(PartPath::as_str).unwrap_or_default();
        format!("(UID BODY.PEEK[{section}]<{offset}.{len}>)")
    }

    /// A part with its MIME header; `peek` leaves \Seen alone. A single-part message has no
    /// part header: its body is `TEXT`.
    pub fn part(part: &PartPath, peek: bool, single: bool) -> String {
        let body = if peek { "BODY.PEEK" } else { "BODY" };
        if single {
            format!("(UID {body}[TEXT])")
        } else {
            format!("(UID {body}[{part}.MIME] {body}[{part}])")
        }
    }
}

/// SEARCH keys.
pub mod search {
    use super::UidSet;

    pub const ALL: &str = "ALL";

    /// Which of `set` are still there.
    pub fn uids(set: &UidSet) -> String {
        format!("UID {}", set.as_str())
    }

    /// A message by its Message-ID; `id` already an IMAP string ([`super::string`]).
    pub fn message_id(id: &str) -> String {
        format!("HEADER Message-ID {id}")
    }

    /// Where a search looks.
    #[derive(Clone, Copy, Debug, PartialEq, Eq)]
    pub enum Field {
        /// Sender, recipients, subject and body.
        All,
        From,
        To,
        Subject,
        Body,
    }

    impl Field {
        pub fn from_param(value: &str) -> Self {
            match value {
                "from" => Field::From,
                "to" => Field::To,
                "subject" => Field::Subject,
                "body" => Field::Body,
                _ => Field::All,
            }
        }
    }

    /// Text in one field or all of them; `arg` already an IMAP string ([`super::string`]).
    pub fn text(field: Field, arg: &str) -> String {
        let criteria = match field {
            Field::From => format!("FROM {arg}"),
            Field::To => format!("OR TO {arg} CC {arg}"),
            Field::Subject => format!("SUBJECT {arg}"),
            Field::Body => format!("BODY {arg}"),
            Field::All => format!("OR OR FROM {arg} TO {arg} OR SUBJECT {arg} BODY {arg}"),
        };
        format!("CHARSET UTF-8 {criteria}")
    }
}

/// `UID SORT` (RFC 5256) of the whole folder; DISPLAYFROM (RFC 5957) where the server has it.
pub fn sort(key: SortKey, display_from: bool) -> String {
    let criteria = match key {
        SortKey::Arrival => "REVERSE ARRIVAL",
        SortKey::Date => "REVERSE DATE",
        SortKey::From if display_from => "DISPLAYFROM",
        SortKey::From => "FROM",
        SortKey::Subject => "SUBJECT",
    };
    format!("UID SORT ({criteria}) UTF-8 ALL")
}

/// The LIST pattern: every folder, with roles and counts in the same answer where the server
/// can (RFC 5819 LIST-STATUS, RFC 6154 SPECIAL-USE).
pub fn list_pattern(list_status: bool, special_use: bool) -> String {
    let mut pattern = String::from("\"*\"");
    if list_status {
        pattern.push_str(" RETURN (");
        if special_use {
            pattern.push_str("SPECIAL-USE ");
        }
        pattern.push_str("STATUS (MESSAGES UNSEEN))");
    }
    pattern
}

/// The STATUS items a folder list shows.
pub const STATUS_COUNTS: &str = "(MESSAGES UNSEEN)";

/// Live mail (RFC 5465): new, expunged and re-flagged messages of the open folder as they
/// happen, and the same for the person's other folders as STATUS responses.
pub const NOTIFY_SET: &str = "NOTIFY SET (selected (MessageNew MessageExpunge FlagChange)) \
     (personal (MessageNew MessageExpunge FlagChange))";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_are_set_as_a_string_or_a_literal_never_pasted() {
        assert_eq!(
            metadata::set(metadata::SETTINGS, Some(r#"{"a":"\"x\\"}"#), false).unwrap(),
            r#"SETMETADATA "" (/private/vendor/postern/settings "{\"a\":\"\\\"x\\\\\"}")"#
        );
        assert_eq!(
            metadata::set(metadata::SETTINGS, Some("{\"n\":\"Zoë\"}"), true).unwrap(),
            "SETMETADATA \"\" (/private/vendor/postern/settings {12+}\r\n{\"n\":\"Zoë\"})"
        );
        assert_eq!(
            metadata::set(metadata::SETTINGS, Some("Zoë"), false),
            Err(ArgumentError::NeedsLiteral)
        );
        assert_eq!(
            metadata::set(metadata::SETTINGS, None, false).unwrap(),
            "SETMETADATA \"\" (/private/vendor/postern/settings NIL)"
        );
    }

    #[test]
    fn uid_sets_are_exact() {
        let uids: Vec<Uid> = [3, 7, 9].into_iter().filter_map(Uid::new).collect();
        assert_eq!(UidSet::of(&uids).unwrap().as_str(), "3,7,9");
        assert_eq!(UidSet::of(&[]), None);
        assert_eq!(store_flag(true, Flag::Seen), "+FLAGS.SILENT (\\Seen)");
        assert_eq!(flag_list(&[Flag::Draft, Flag::Seen]), "(\\Draft \\Seen)");
    }

    #[test]
    fn plain_text_is_quoted() {
        assert_eq!(string("hello", true).unwrap(), "\"hello\"");
        assert_eq!(string(r#"a "b" \c"#, true).unwrap(), r#""a \"b\" \\c""#);
        assert_eq!(
            string("{5}", true).unwrap(),
            "\"{5}\"",
            "a literal marker stays text"
        );
        assert_eq!(string("", true).unwrap(), "\"\"");
    }

    #[test]
    fn non_ascii_becomes_a_literal() {
        assert_eq!(string("Müller", true).unwrap(), "{7+}\r\nMüller");
        assert_eq!(string("Müller", false), Err(ArgumentError::NeedsLiteral));
    }

    #[test]
    fn nothing_can_end_the_command() {
        for hostile in ["a\r\nA1 LOGOUT", "a\nb", "a\rb", "a\0b", "ü\r\nX"] {
            assert_eq!(
                string(hostile, true),
                Err(ArgumentError::ControlCharacter),
                "{hostile:?}"
            );
        }
    }

    /// Property: for any input, the output either is refused or holds no line break outside a
    /// literal's counted bytes, and a quoted string has every quote escaped.
    #[test]
    fn no_input_ends_a_command_early() {
        let alphabet = [
            'a', '"', '\\', '{', '}', '+', ' ', 'ü', '\r', '\n', '0', '5', ')', '(',
        ];
        let mut seed = 0x2545_f491_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let input: String = (0..len)
                .map(|i| alphabet[((seed >> (i * 4)) % alphabet.len() as u64) as usize])
                .collect();
            match string(&input, true) {
                Err(_) => assert!(input.contains(['\r', '\n', '\0'])),
                Ok(out) if out.starts_with('"') => {
                    assert!(!out.contains(['\r', '\n']));
                    let inner = &out[1..out.len() - 1];
                    let mut chars = inner.chars();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => assert!(matches!(chars.next(), Some('"') | Some('\\'))),
                            '"' => panic!("unescaped quote in {out:?}"),
                            _ => {}
                        }
                    }
                }
                Ok(out) => {
                    let (head, body) = out.split_once("\r\n").expect("literal");
                    assert_eq!(head, format!("{{{}+}}", body.len()));
                    assert!(!body.contains(['\r', '\n']));
                }
            }
        }
    }
}
