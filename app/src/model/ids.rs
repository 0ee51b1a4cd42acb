//! The names of things on the mail server: a message's UID and the UIDVALIDITY it belongs to,
//! a folder's wire name (and, apart from it, the label people read), and a reference to one
//! stored message. Typed so that a count cannot pass for a UID, `0` never stands for "none",
//! and a wire name is never shown as a label.

use std::fmt;
use std::num::NonZeroU32;

use serde::{Deserialize, Serialize};

/// A message's unique identifier within its folder (RFC 3501 2.3.1.1). Never 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Uid(NonZeroU32);

/// The folder's UIDVALIDITY: while it stays the same, a UID names the same message.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct UidValidity(NonZeroU32);

macro_rules! nonzero_id {
    ($name:ident) => {
        impl $name {
            /// `None` for 0, which names nothing.
            pub fn new(value: u32) -> Option<Self> {
                NonZeroU32::new(value).map(Self)
            }

            /// From a URL or form value: digits only, not 0.
            pub fn parse(value: &str) -> Option<Self> {
                value.trim().parse::<u32>().ok().and_then(Self::new)
            }

            pub fn get(self) -> u32 {
                self.0.get()
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }
    };
}

nonzero_id!(Uid);
nonzero_id!(UidValidity);

/// A folder's name on the wire (modified UTF-7, with the server's delimiter): its identity in
/// URLs and IMAP commands. It is not for people to read (that is [`FolderLabel`]), so it has no
/// `Display`. The server's adapter opens only names its LIST returned.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(transparent)]
pub struct FolderName(String);

impl FolderName {
    pub fn new(name: impl Into<String>) -> Self {
        FolderName(name.into())
    }

    /// The one name every server has (RFC 3501 5.1: case-insensitive).
    pub fn inbox() -> Self {
        FolderName("INBOX".to_string())
    }

    pub fn is_inbox(&self) -> bool {
        self.0.eq_ignore_ascii_case("INBOX")
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

/// A folder's name as people read it (decoded, the last level only, or "Inbox"). A folder the
/// server marks as special (Sent, Trash…) is shown by its role, in the page's language.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct FolderLabel {
    text: String,
    special: Option<super::SpecialUse>,
}

impl FolderLabel {
    pub fn new(label: impl Into<String>) -> Self {
        FolderLabel {
            text: label.into(),
            special: None,
        }
    }

    /// The label of a folder the server named `text` and marked as `special`.
    pub fn of(text: impl Into<String>, special: Option<super::SpecialUse>) -> Self {
        FolderLabel {
            text: text.into(),
            special,
        }
    }

    /// The name as the server has it (decoded).
    pub fn as_str(&self) -> &str {
        &self.text
    }

    pub fn special(&self) -> Option<super::SpecialUse> {
        self.special
    }
}

/// The words people read: a special folder's role in the page's language, else the name.
impl fmt::Display for FolderLabel {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.special {
            Some(special) => f.write_str(&crate::i18n::t(special.key())),
            None => f.write_str(&self.text),
        }
    }
}

/// Names one stored message: its folder, its UID and, when known, the UIDVALIDITY the UID
/// belongs to (a link made before a folder was rebuilt must not open another message).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageRef {
    pub folder: FolderName,
    pub uid: Uid,
    pub uid_validity: Option<UidValidity>,
}

impl MessageRef {
    pub fn new(folder: FolderName, uid: Uid, uid_validity: Option<UidValidity>) -> Self {
        MessageRef {
            folder,
            uid,
            uid_validity,
        }
    }

    /// `uidvalidity:uid:folder` (the folder last, as it may hold `:`), for hidden form fields
    /// and the header a draft keeps; an unknown validity is written as 0.
    pub fn to_field(&self) -> String {
        let validity = self.uid_validity.map_or(0, UidValidity::get);
        format!("{validity}:{}:{}", self.uid, self.folder.as_str())
    }

    /// From a link's `folder`, `uid` and `v` values; `None` unless folder and UID are valid.
    pub fn from_params(folder: &str, uid: &str, uid_validity: Option<&str>) -> Option<Self> {
        let uid = Uid::parse(uid)?;
        (!folder.is_empty()).then(|| {
            MessageRef::new(
                FolderName::new(folder),
                uid,
                uid_validity.and_then(UidValidity::parse),
            )
        })
    }

    pub fn from_field(value: &str) -> Option<Self> {
        let mut parts = value.splitn(3, ':');
        let uid_validity = UidValidity::new(parts.next()?.parse().ok()?);
        let uid = Uid::parse(parts.next()?)?;
        let folder = parts.next()?;
        (!folder.is_empty()).then(|| MessageRef::new(FolderName::new(folder), uid, uid_validity))
    }
}

/// A part of a message by its MIME section number ("2", "1.3"), as BODYSTRUCTURE numbers it.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct PartPath(String);

impl PartPath {
    /// Dot-separated numbers only, so it can be written into a FETCH as it is.
    pub fn parse(value: &str) -> Option<Self> {
        let valid = !value.is_empty()
            && value
                .split('.')
                .all(|n| !n.is_empty() && n.bytes().all(|b| b.is_ascii_digit()));
        valid.then(|| PartPath(value.to_string()))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// The section numbers, for matching a FETCH response.
    pub fn numbers(&self) -> Vec<u32> {
        self.0.split('.').filter_map(|n| n.parse().ok()).collect()
    }
}

impl fmt::Display for PartPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zero_names_nothing() {
        assert_eq!(Uid::new(0), None);
        assert_eq!(Uid::parse("0"), None);
        assert_eq!(Uid::parse("42").map(Uid::get), Some(42));
        assert_eq!(Uid::parse("4x"), None);
        assert!(serde_json::from_str::<Uid>("0").is_err());
    }

    #[test]
    fn message_fields_round_trip() {
        let message = MessageRef::new(
            FolderName::new("Work:2026"),
            Uid::new(7).unwrap(),
            UidValidity::new(42),
        );
        assert_eq!(message.to_field(), "42:7:Work:2026");
        assert_eq!(MessageRef::from_field(&message.to_field()), Some(message));
        let unknown = MessageRef::from_field("0:7:INBOX").unwrap();
        assert_eq!(unknown.uid_validity, None);
        assert_eq!(MessageRef::from_field("1:0:INBOX"), None);
        assert_eq!(MessageRef::from_field("1:2:"), None);
    }

    #[test]
    fn part_paths_are_numbers() {
        assert!(PartPath::parse("1.2.3").is_some());
        for bad in ["", "1.", ".1", "1..2", "1 2", "TEXT", "1]<0.1>"] {
            assert_eq!(PartPath::parse(bad), None, "{bad:?}");
        }
    }
}
