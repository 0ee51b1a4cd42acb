use serde::{Deserialize, Serialize};

use super::{FolderLabel, FolderName};

/// The roles RFC 6154 gives folders, plus INBOX. Their order is the order people expect them in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum SpecialUse {
    Inbox,
    Drafts,
    Sent,
    Junk,
    Trash,
    Archive,
}

impl SpecialUse {
    /// The catalogue key of the folder's name in the page's language.
    pub fn key(self) -> &'static str {
        match self {
            SpecialUse::Inbox => "folder-inbox",
            SpecialUse::Drafts => "folder-drafts",
            SpecialUse::Sent => "folder-sent",
            SpecialUse::Junk => "folder-junk",
            SpecialUse::Trash => "folder-trash",
            SpecialUse::Archive => "folder-archive",
        }
    }

    /// The folder's English name (its class in the page, the log).
    pub fn label(self) -> &'static str {
        match self {
            SpecialUse::Inbox => "Inbox",
            SpecialUse::Drafts => "Drafts",
            SpecialUse::Sent => "Sent",
            SpecialUse::Junk => "Junk",
            SpecialUse::Trash => "Trash",
            SpecialUse::Archive => "Archive",
        }
    }
}

/// One folder of the account, as the folder list shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Folder {
    /// The name on the wire (modified UTF-7): the folder's identity in URLs and IMAP commands.
    pub name: FolderName,
    /// The last level of the name, decoded for people.
    pub label: FolderLabel,
    /// Nesting level: 0 for top-level folders.
    pub depth: u16,
    pub special: Option<SpecialUse>,
    /// Messages without `\Seen`; `None` for folders that cannot hold messages.
    pub unread: Option<u32>,
    pub selectable: bool,
    /// The server's hierarchy delimiter ("/" or "."), empty when it has none.
    pub delimiter: String,
}

impl Folder {
    /// INBOX and special-use folders keep their names: mail clients rely on them.
    pub fn is_protected(&self) -> bool {
        self.special.is_some()
    }

    /// The label indented by nesting ("· · Übersicht"), for flat lists such as a folder menu.
    pub fn indented_label(&self) -> FolderLabel {
        if self.special.is_some() {
            // Always at the top level, and named when shown.
            return self.label.clone();
        }
        FolderLabel::new(format!(
            "{}{}",
            "· ".repeat(self.depth as usize),
            self.label
        ))
    }
}

/// Counts for the folder being looked at.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FolderStatus {
    pub name: FolderName,
    pub label: FolderLabel,
    pub messages: u32,
    pub unread: u32,
}

/// Everything a folder page needs: who is logged in, their folders, and one page of messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MailHome {
    pub address: String,
    pub folders: Vec<Folder>,
    pub current: FolderStatus,
    pub page: super::MessagePage,
    /// `None` when the server reports no quota.
    pub quota: Option<QuotaInfo>,
    pub trash: Option<TrashInfo>,
    /// A one-time message from the last action ("Moved to Trash.").
    pub notice: Option<super::Notice>,
    /// The search this page shows the results of: (text, field), else the folder itself.
    pub search: Option<(String, String)>,
}

/// The account's quota (RFC 9208 STORAGE in KiB, MESSAGE as a count).
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuotaInfo {
    pub storage_used_kib: u64,
    pub storage_limit_kib: u64,
    pub messages_used: Option<u64>,
    pub messages_limit: Option<u64>,
}

impl QuotaInfo {
    /// Share of the storage limit in use, 0–100 (and beyond when over quota).
    pub fn percent(&self) -> u64 {
        (self.storage_used_kib * 100)
            .checked_div(self.storage_limit_kib)
            .unwrap_or(0)
    }
}

/// What the Trash holds, for the "Empty Trash" shortcut.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TrashInfo {
    pub name: FolderName,
    pub messages: u32,
    /// What emptying Trash frees, when the server told.
    pub bytes: Option<u64>,
}
