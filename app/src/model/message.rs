use serde::{Deserialize, Serialize};

use super::{FolderLabel, FolderName, MessageRef, Uid, UidValidity};

/// One row of a folder page, from headers only.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSummary {
    pub uid: Uid,
    /// Display name, or the address when there is none (RFC 2047 decoded).
    pub from: String,
    pub from_address: String,
    /// Decoded; empty when the message has none.
    pub subject: String,
    /// "14:05" today, "3 Nov" this year, "3 Nov 2024" before.
    pub date_label: super::DateLabel,
    /// RFC 3339, for `<time datetime>` and tooltips.
    pub date_iso: String,
    pub size: u32,
    pub unread: bool,
    pub flagged: bool,
    pub answered: bool,
    pub has_attachment: bool,
}

/// One page of a folder, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessagePage {
    /// Messages in the folder.
    pub total: u32,
    /// 1-based page number actually shown (a page past the end shows the last one).
    pub page: u32,
    pub pages: u32,
    /// Position of the first and last row in the folder, newest = 1 (0 when empty).
    pub first: u32,
    pub last: u32,
    pub uid_validity: Option<UidValidity>,
    /// The order actually used (arrival when the server cannot sort).
    pub sort: SortKey,
    /// The order of the folder's own link (the person's setting): links in it name no order.
    #[serde(default)]
    pub default_sort: SortKey,
    /// The server can sort (SORT): other orders are offered.
    pub sortable: bool,
    pub messages: Vec<MessageSummary>,
}

/// An opened message, ready to show.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageView {
    /// The logged-in address.
    pub address: String,
    /// The message as opened (with the folder's current UIDVALIDITY).
    pub message: MessageRef,
    pub folder_label: FolderLabel,
    pub subject: String,
    pub from: String,
    /// The sender's address alone (lower case), for the remote-images list.
    #[serde(default)]
    pub sender_address: String,
    /// The person always shows remote images of this sender (their settings).
    #[serde(default)]
    pub remote_always: bool,
    pub to: String,
    pub cc: String,
    pub reply_to: String,
    pub date_label: super::DateLabel,
    pub date_iso: String,
    pub body: MessageBody,
    pub attachments: Vec<AttachmentInfo>,
    pub flagged: bool,
    /// The message is in Trash: delete is permanent (after a confirmation).
    pub in_trash: bool,
    /// The message is a draft: it opens in the compose form.
    pub in_drafts: bool,
    /// Folders it can be moved to: (wire name, indented label).
    pub move_targets: Vec<(FolderName, FolderLabel)>,
    /// A one-time message from the last action.
    pub notice: Option<super::Notice>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum MessageBody {
    /// Plain text, already split into lines with quote depth and links.
    Plain(Vec<TextLine>),
    /// HTML, shown in a sandboxed frame loaded from Postern's body URL.
    Html { remote_content: bool },
    /// Nothing displayable (only attachments, or an unreadable body).
    Empty,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextLine {
    /// Number of leading `>`: 0 for the message's own text.
    pub quote_depth: u8,
    pub pieces: Vec<TextPiece>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextPiece {
    Text(String),
    /// A web or mail link found in the text (http, https, mailto).
    Link(String),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AttachmentInfo {
    /// IMAP part number, as used in the download URL.
    pub part: String,
    /// Decoded (RFC 2231/2047), shown as text.
    pub filename: String,
    pub mime_type: String,
    /// Encoded size on the server (the download is about 3/4 of it for base64).
    pub size: u32,
}

/// How a folder page is ordered. Arrival is the folder's own order (cheapest); the others use
/// the server's SORT (RFC 5256).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum SortKey {
    /// Newest arrival first.
    #[default]
    Arrival,
    /// Newest Date header first.
    Date,
    /// Sender A–Z.
    From,
    /// Subject A–Z (without Re:/Fwd:).
    Subject,
}

impl SortKey {
    pub const ALL: [SortKey; 4] = [
        SortKey::Arrival,
        SortKey::Date,
        SortKey::From,
        SortKey::Subject,
    ];

    /// The value in URLs (`sort=date`).
    pub fn param(self) -> &'static str {
        match self {
            SortKey::Arrival => "arrival",
            SortKey::Date => "date",
            SortKey::From => "from",
            SortKey::Subject => "subject",
        }
    }

    pub fn from_param(value: &str) -> Self {
        SortKey::ALL
            .into_iter()
            .find(|k| k.param() == value)
            .unwrap_or_default()
    }

    pub fn label(self) -> &'static str {
        match self {
            SortKey::Arrival => "Arrival",
            SortKey::Date => "Date",
            SortKey::From => "Sender",
            SortKey::Subject => "Subject",
        }
    }
}
