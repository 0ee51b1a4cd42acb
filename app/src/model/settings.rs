//! A person's own settings: how lists are shown and who they are when they write. Kept on the
//! person's mail server (not by Postern), so that every instance — and any other client that
//! reads the same entry — sees the same; read once per session.

use serde::{Deserialize, Serialize};

use super::{Notice, SortKey};

/// Rows per folder page a person may choose.
pub const PAGE_SIZES: [u32; 3] = [25, 50, 100];
/// Longest display name, in characters.
pub const DISPLAY_NAME_MAX: usize = 200;
/// Longest signature, in characters.
pub const SIGNATURE_MAX: usize = 4000;
/// Most senders whose remote images are always shown.
pub const REMOTE_IMAGES_MAX: usize = 500;
/// Most other From addresses.
pub const IDENTITIES_MAX: usize = 20;

/// Another address the person writes from (where the operator allows it): `Name <address>`.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct NamedAddress {
    /// Lower case.
    pub address: String,
    /// Empty: the person's own name.
    pub name: String,
}

impl NamedAddress {
    /// How it reads in a From menu, a recipient field and the settings' list: `Name <address>`,
    /// the name quoted when it holds what would end it (`"Doe, John" <j@example.org>`), so it
    /// reads back as one address.
    pub fn display(&self) -> String {
        if self.name.is_empty() {
            return self.address.clone();
        }
        if self
            .name
            .contains([',', ';', '<', '>', '"', '@', '(', ')', '[', ']', ':', '\\'])
        {
            let escaped = self.name.replace('\\', "\\\\").replace('"', "\\\"");
            format!("\"{escaped}\" <{}>", self.address)
        } else {
            format!("{} <{}>", self.name, self.address)
        }
    }
}

/// Most addresses the address book keeps (the oldest go first).
pub const ADDRESS_BOOK_MAX: usize = 500;

/// Puts the addresses just written to at the front of `book` (most recent first), once each
/// (by address, case-blind), keeping a name already known when the new use has none; bounded.
pub fn remember_addresses(book: &mut Vec<NamedAddress>, used: &[NamedAddress]) {
    let mut front: Vec<NamedAddress> = Vec::new();
    for entry in used {
        let address = entry.address.trim().to_lowercase();
        if address.is_empty() || front.iter().any(|f| f.address == address) {
            continue;
        }
        let known = book.iter().find(|b| b.address == address);
        let name = match (entry.name.trim(), known) {
            ("", Some(known)) => known.name.clone(),
            (name, _) => name.to_string(),
        };
        front.push(NamedAddress { address, name });
    }
    book.retain(|b| !front.iter().any(|f| f.address == b.address));
    front.append(book);
    front.truncate(ADDRESS_BOOK_MAX);
    *book = front;
}

/// Everything a person can set. Every field has a default, and a field this version does not
/// know is ignored, so an entry written by another version still reads.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Settings {
    /// One of [`PAGE_SIZES`]; `None`: the operator's default.
    pub page_size: Option<u32>,
    /// A folder's order when the link names none; `None`: newest arrival first.
    pub sort: Option<SortKey>,
    /// A language code (`de`); `None`: the browser's.
    pub language: Option<String>,
    /// The name in From (`Ann Example <ann@example.org>`); empty: the address alone.
    pub display_name: String,
    /// Plain text, put under `-- ` into every new message, reply and forward, once.
    pub signature: String,
    /// Where answers should go, when not to the address itself; empty: no Reply-To.
    pub reply_to: String,
    /// Senders (addresses, lower case) whose remote images are shown without asking.
    pub remote_images: Vec<String>,
    /// Other From addresses, each one the operator's rule allows (`POSTERN_EXTRA_FROM`).
    pub identities: Vec<NamedAddress>,
    /// The vacation reply as Postern last set it, for the banner on every page: (on, first
    /// day, last day). The script on the server is the truth; this spares a ManageSieve
    /// connection per page.
    pub vacation: (bool, String, String),
}

impl Settings {
    /// Whether remote images of mail from `sender` (an address) are shown without asking.
    pub fn shows_remote_images_from(&self, sender: &str) -> bool {
        let sender = sender.trim().to_lowercase();
        !sender.is_empty() && self.remote_images.contains(&sender)
    }

    /// Adds (`true`) or removes a sender of the remote-images list; the newest first, the
    /// list bounded.
    pub fn set_remote_images(&mut self, sender: &str, shown: bool) {
        let sender = sender.trim().to_lowercase();
        self.remote_images.retain(|s| *s != sender);
        if shown && !sender.is_empty() {
            self.remote_images.insert(0, sender);
            self.remote_images.truncate(REMOTE_IMAGES_MAX);
        }
    }

    /// The problems of these settings, per field (`display_name`, `signature`, `page_size`,
    /// `language`, `remote_images`); the Reply-To address is checked by the server, which
    /// parses addresses.
    pub fn problems(&self) -> Vec<(String, Notice)> {
        let mut problems = Vec::new();
        let mut problem = |field: &str, key: &str| {
            problems.push((field.to_string(), Notice::said(key)));
        };
        if self.display_name.chars().any(char::is_control) {
            problem("display_name", "settings-name-control");
        } else if self.display_name.chars().count() > DISPLAY_NAME_MAX {
            problem("display_name", "settings-name-long");
        }
        if self.signature.chars().count() > SIGNATURE_MAX {
            problem("signature", "settings-signature-long");
        } else if self
            .signature
            .chars()
            .any(|c| c.is_control() && c != '\n' && c != '\t')
        {
            problem("signature", "settings-signature-control");
        }
        if self.page_size.is_some_and(|n| !PAGE_SIZES.contains(&n)) {
            problem("page_size", "settings-page-size-bad");
        }
        if self
            .language
            .as_deref()
            .is_some_and(|code| crate::i18n::Lang::ALL.iter().all(|l| l.code() != code))
        {
            problem("language", "settings-language-bad");
        }
        if self.remote_images.len() > REMOTE_IMAGES_MAX {
            problem("remote_images", "settings-remote-images-many");
        }
        if self.identities.len() > IDENTITIES_MAX {
            problem("identities", "settings-identities-many");
        } else if self.identities.iter().any(|i| {
            i.name.chars().any(char::is_control) || i.name.chars().count() > DISPLAY_NAME_MAX
        }) {
            problem("identities", "settings-name-control");
        }
        problems
    }
}

/// Whether the person's mail server keeps settings.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum SettingsStore {
    /// It does (IMAP METADATA).
    #[default]
    Kept,
    /// It offers no place for them: Postern works with its defaults, and says so.
    NotOffered,
}

/// What the settings page shows.
#[derive(Clone, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct SettingsPage {
    pub address: String,
    /// As kept on the server now; or, after a refused save, as posted.
    pub settings: Settings,
    pub store: SettingsStore,
    /// Rows per page when the person has not chosen.
    pub default_page_size: u32,
    /// Which other From addresses the operator allows, as patterns for this person
    /// (`*@example.org`); empty: none.
    pub extra_from: Vec<String>,
    /// A one-time notice ("Settings saved.").
    pub notice: Option<Notice>,
    /// Problems of a refused save, per field.
    pub field_errors: Vec<(String, Notice)>,
    /// The addresses written to, most recent first (suggested in the compose form).
    pub address_book: Vec<NamedAddress>,
}

impl SettingsPage {
    pub fn field_error(&self, field: &str) -> Option<&Notice> {
        self.field_errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, n)| n)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_of_another_version_still_reads() {
        let read: Settings =
            serde_json::from_str(r#"{"display_name":"Ann","colour":"red","page_size":50}"#)
                .unwrap();
        assert_eq!(read.display_name, "Ann");
        assert_eq!(read.page_size, Some(50));
        assert_eq!(read.signature, "");
    }

    #[test]
    fn remote_images_list_is_case_blind_newest_first_and_bounded() {
        let mut s = Settings::default();
        s.set_remote_images("News@Example.org", true);
        s.set_remote_images("b@example.org", true);
        s.set_remote_images("news@example.org", true);
        assert_eq!(s.remote_images, ["news@example.org", "b@example.org"]);
        assert!(s.shows_remote_images_from("NEWS@example.org"));
        s.set_remote_images("news@example.org", false);
        assert!(!s.shows_remote_images_from("news@example.org"));
        for n in 0..REMOTE_IMAGES_MAX + 5 {
            s.set_remote_images(&format!("{n}@example.org"), true);
        }
        assert_eq!(s.remote_images.len(), REMOTE_IMAGES_MAX);
        assert!(!s.shows_remote_images_from(""));
    }

    #[test]
    fn a_name_that_would_end_an_address_is_quoted() {
        let named = |name: &str| NamedAddress {
            address: "j@example.org".into(),
            name: name.into(),
        };
        assert_eq!(named("John Doe").display(), "John Doe <j@example.org>");
        assert_eq!(
            named("Doe, John").display(),
            "\"Doe, John\" <j@example.org>"
        );
        assert_eq!(
            named("A \"B\"").display(),
            "\"A \\\"B\\\"\" <j@example.org>"
        );
        assert_eq!(named("").display(), "j@example.org");
    }

    #[test]
    fn the_address_book_keeps_the_most_recent_first_once_each() {
        let named = |address: &str, name: &str| NamedAddress {
            address: address.into(),
            name: name.into(),
        };
        let mut book = vec![
            named("bob@example.org", "Bob"),
            named("carol@example.org", ""),
        ];
        remember_addresses(
            &mut book,
            &[
                named("Carol@Example.org", "Carol"),
                named("BOB@example.org", ""),
                named("", "x"),
            ],
        );
        assert_eq!(
            book,
            [
                named("carol@example.org", "Carol"),
                named("bob@example.org", "Bob")
            ]
        );
        let many: Vec<NamedAddress> = (0..ADDRESS_BOOK_MAX + 3)
            .map(|n| named(&format!("{n}@example.org"), ""))
            .collect();
        remember_addresses(&mut book, &many);
        assert_eq!(book.len(), ADDRESS_BOOK_MAX);
        assert_eq!(book[0].address, "0@example.org");
    }

    #[test]
    fn problems_are_named_by_field() {
        let s = Settings {
            display_name: "Ann\r\nBcc: x@evil.test".into(),
            signature: "x".repeat(SIGNATURE_MAX + 1),
            page_size: Some(7),
            language: Some("xx".into()),
            ..Settings::default()
        };
        let fields: Vec<String> = s.problems().into_iter().map(|(f, _)| f).collect();
        assert_eq!(
            fields,
            ["display_name", "signature", "page_size", "language"]
        );
        assert!(
            Settings {
                signature: "Ann\n\tExample".into(),
                ..Settings::default()
            }
            .problems()
            .is_empty()
        );
    }
}
