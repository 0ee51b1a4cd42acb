//! The port: everything Postern asks of a mail system, in the user's terms. The pages, the
//! server's routes and the compose flow ask through [`MailAccount`]; the server's mail adapter
//! (IMAP for reading and storing, SMTP submission for sending) answers. Nothing on this side
//! knows a protocol. The server resolves each request's session into a [`RequestContext`] and
//! puts it into the request's extensions; server functions and routes take it from there.
//!
//! Every method that names a folder takes a [`FolderName`]; the adapter opens only folders its
//! server listed, so a made-up name ends as [`AppError::NoSuchFolder`], never as a command.

use std::collections::HashMap;
use std::pin::Pin;
use std::sync::Arc;

use crate::error::AppError;
use crate::model::{
    AnswerKind, ComposeForm, ComposeStart, FolderName, ForeignScript, LoginFormState, MailHome,
    MessageRef, MessageView, NamedAddress, PartPath, Rules, RulesStore, Settings, SettingsStore,
    SortKey, Uid, UidValidity,
};

/// One logged-in mail account.
#[async_trait::async_trait]
pub trait MailAccount: Send + Sync {
    /// The full address the person logged in with.
    fn address(&self) -> &str;
    /// The most a message's attachments may come to, counted after base64.
    fn attachment_limit(&self) -> u64;
    /// Rows per folder page when the person has not chosen (the operator's setting).
    fn default_page_size(&self) -> u32;
    /// The other From addresses the operator allows this person, as patterns
    /// (`*@example.org`); empty: their own address only.
    fn extra_from(&self) -> Vec<String>;
    /// Whether the operator allows this person to write from `address` (their own always).
    fn may_send_as(&self, address: &str) -> bool;

    // Reading.
    /// Folder list, the counts of one folder, and its page `page` (1-based) in `sort` order
    /// (`None`: the person's own, from their settings) or the results of `search` (text,
    /// field).
    async fn mail_home(
        &self,
        folder: &FolderName,
        page: u32,
        sort: Option<SortKey>,
        search: Option<(String, String)>,
    ) -> Result<MailHome, AppError>;
    /// The folders as listed (names, roles; no counts), for a choice of folder.
    async fn folders(&self) -> Result<Vec<crate::model::Folder>, AppError>;
    /// Opens a message (marks it read). A `uid_validity` other than the folder's means the
    /// UID may name another message now: [`AppError::FolderChanged`].
    async fn open_message(&self, message: &MessageRef) -> Result<MessageView, AppError>;
    /// The message's HTML part with its inline images, as stored (not yet sanitised); `None`
    /// when it has no HTML part.
    async fn html_part(&self, message: &MessageRef) -> Result<Option<HtmlPart>, AppError>;
    /// One part, decoded from its transfer encoding, streamed; `None` if there is no such part.
    async fn download_part(
        &self,
        message: &MessageRef,
        part: &PartPath,
    ) -> Result<Option<Download>, AppError>;
    /// The message as stored (`.eml`), streamed. Fails before the first byte if it is gone.
    async fn download_message(&self, message: &MessageRef) -> Result<Download, AppError>;
    /// Every message of a folder as one mboxrd file, streamed.
    async fn export_folder(&self, folder: &FolderName) -> Result<Download, AppError>;

    // Organising.
    /// Flags, moves, deletes or purges the picked messages of `folder`.
    async fn organise(
        &self,
        folder: &FolderName,
        uids: &[Uid],
        uid_validity: Option<UidValidity>,
        request: OrganiseRequest,
    ) -> Result<Organised, AppError>;
    /// Creates, renames or deletes a folder.
    async fn manage_folder(&self, request: FolderRequest) -> Result<FolderChange, AppError>;

    // Writing.
    /// A compose form: empty, answering a message (quoted, addressed, threaded) or a draft.
    async fn compose(&self, start: ComposeStart) -> Result<ComposeForm, AppError>;
    /// A stored message read to answer, forward or resume it (flags unchanged).
    async fn source(&self, message: &MessageRef) -> Result<SourceMessage, AppError>;
    /// One attachment of a stored message, decoded; `None` if it is not there (any more).
    async fn attachment(
        &self,
        message: &MessageRef,
        part: &PartPath,
    ) -> Result<Option<AttachedFile>, AppError>;
    /// Stores a draft (and removes the version it replaces); the stored draft, when the
    /// server says where it went.
    async fn save_draft(
        &self,
        bytes: &[u8],
        message_id: &str,
        replaces: Option<&MessageRef>,
    ) -> Result<Option<MessageRef>, AppError>;
    /// Submits a message, logged in as the person.
    async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError>;
    /// After a send: the copy in Sent, the original marked answered or forwarded, the draft
    /// removed.
    async fn file_sent(&self, sent: SentCopy) -> Result<(), AppError>;
    /// Whether Sent holds a message with this Message-ID (a form sent before a restart that
    /// the record of sent forms did not survive).
    async fn in_sent(&self, message_id: &str) -> Result<bool, AppError>;

    // The person's settings, kept on their mail server.
    /// The settings as this session read them (the defaults where the server keeps none).
    fn settings(&self) -> &Settings;
    /// The settings as the mail server keeps them now, and whether it can keep any.
    async fn load_settings(&self) -> Result<(Settings, SettingsStore), AppError>;
    /// Keeps `settings` on the mail server (whole: they replace what was kept).
    /// `AppError::Said { key: "settings-not-kept" }` where the server has no place for them.
    async fn save_settings(&self, settings: &Settings) -> Result<(), AppError>;
    /// The addresses the person has written to, most recent first (kept on the mail server
    /// beside the settings; empty where it keeps none).
    async fn address_book(&self) -> Result<Vec<NamedAddress>, AppError>;
    /// After a send: these addresses go to the front of the address book.
    async fn remember_addresses(&self, used: &[NamedAddress]) -> Result<(), AppError>;
    /// Removes these addresses from the address book.
    async fn forget_addresses(&self, addresses: &[String]) -> Result<(), AppError>;

    // Vacation reply and filters, run by the mail server at delivery.
    /// Whether the person's vacation reply runs today, as Postern last set it (for the banner
    /// on every page; no connection asked).
    fn vacation_running(&self) -> bool;
    /// The rules as the server runs them: Postern's, or the active script it did not write
    /// (shown as it is). `RulesStore::NotOffered` where there is no place for them.
    async fn load_rules(&self) -> Result<(Rules, Option<ForeignScript>, RulesStore), AppError>;
    /// Makes `rules` the ones the server runs. Another active script is replaced only with
    /// `replace_foreign` (else `AppError::Said { key: "rules-foreign-kept" }`).
    async fn save_rules(&self, rules: &Rules, replace_foreign: bool) -> Result<(), AppError>;

    // Live mail.
    /// Changes to the person's mail as they happen, watching `folder` (the one a page shows)
    /// most closely. However many pages watch, a session holds at most one watch on the mail
    /// server; it ends a while after the last page stopped listening. The feed ends when the
    /// watch does (logout, the instance stopping).
    async fn watch(&self, folder: &FolderName) -> Result<ChangeFeed, AppError>;
}

/// Changes as they happen; see [`MailAccount::watch`].
pub type ChangeFeed = Pin<Box<dyn futures::Stream<Item = crate::model::MailChange> + Send>>;

/// Bytes for the browser, as they come.
pub type ByteStream =
    Pin<Box<dyn futures::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send>>;

/// A file to save: always served as an attachment.
pub struct Download {
    pub filename: String,
    pub mime_type: String,
    pub body: ByteStream,
}

/// An HTML part as the sender wrote it, and its inline images (`cid` → `data:` URL).
pub struct HtmlPart {
    pub html: String,
    pub images: HashMap<String, String>,
}

/// What a person asked for on picked messages or on Trash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrganiseRequest {
    Read,
    Unread,
    Flag,
    Unflag,
    /// To Trash; inside Trash it asks for a confirmation first.
    Delete,
    Move(FolderName),
    /// Permanent, confirmed.
    Purge,
    /// Every message in Trash, confirmed.
    EmptyTrash,
}

/// What became of an organising request.
#[derive(Debug, PartialEq, Eq)]
pub enum Organised {
    /// Done; the notice for the next page ("Moved to Trash.").
    Done(crate::model::Notice),
    /// Deleting inside Trash is permanent: ask first.
    ConfirmPurge,
}

/// Folder changes a person asked for. New names are as typed (the last level only).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FolderRequest {
    Create {
        parent: Option<FolderName>,
        name: String,
    },
    Rename {
        folder: FolderName,
        name: String,
    },
    Delete {
        folder: FolderName,
    },
}

/// A folder change done: the notice, and the folder to show next.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FolderChange {
    pub notice: crate::model::Notice,
    pub show: FolderName,
}

/// A stored message, read to answer, forward or resume it.
pub struct SourceMessage {
    /// With the folder's current UIDVALIDITY.
    pub message: MessageRef,
    /// The top-level header block, raw.
    pub header: Vec<u8>,
    /// Its text (plain preferred, HTML turned into text).
    pub text: String,
    pub attachments: Vec<StoredAttachment>,
}

/// An attachment of a stored message, as listed (not fetched).
#[derive(Clone, Debug)]
pub struct StoredAttachment {
    pub part: PartPath,
    pub filename: String,
    /// Lower case.
    pub mime_type: String,
    /// Decoded size, as near as the structure tells.
    pub size: u64,
}

/// One file, decoded.
#[derive(Clone)]
pub struct AttachedFile {
    pub filename: String,
    pub mime_type: String,
    pub bytes: Vec<u8>,
}

impl std::fmt::Debug for AttachedFile {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(
            f,
            "{} ({}, {} bytes)",
            self.filename,
            self.mime_type,
            self.bytes.len()
        )
    }
}

/// Who a message is submitted from and to (the envelope; Bcc only here).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Envelope {
    pub from: String,
    pub recipients: Vec<String>,
}

/// What a sent message leaves behind on the mail server.
#[derive(Clone, Debug)]
pub struct SentCopy {
    /// Exactly the bytes that were sent.
    pub bytes: Vec<u8>,
    pub message_id: String,
    pub answers: Option<(AnswerKind, MessageRef)>,
    pub draft: Option<MessageRef>,
}

/// Why a message did not go out, in terms a person can act on.
#[derive(Debug, PartialEq, Eq)]
pub enum SendError {
    /// The submission server refused the login.
    AuthenticationRefused,
    /// The submission server could not check the login just now (a 4xx answer: its password
    /// service is down, say).
    AuthenticationUnavailable,
    /// These recipients were refused: (address, the server's reason).
    RecipientsRefused(Vec<(String, String)>),
    TooLarge,
    /// Connecting, TLS, a timeout or the session: already in words.
    Connection(AppError),
    /// Anything else the server said no to.
    Refused(String),
}

impl SendError {
    /// What the person is told (the message was kept as a draft).
    pub fn notice(&self) -> crate::model::Notice {
        use crate::model::{Arg, Notice};
        match self {
            SendError::AuthenticationRefused => Notice::said("send-auth-refused"),
            SendError::AuthenticationUnavailable => Notice::said("send-auth-unavailable"),
            SendError::RecipientsRefused(list) => {
                let names: Vec<String> = list
                    .iter()
                    .map(|(address, reason)| format!("{address} ({reason})"))
                    .collect();
                Notice::counted(
                    "send-recipients-refused",
                    list.len() as u64,
                    vec![("recipients", Arg::text(names.join("; ")))],
                )
            }
            SendError::TooLarge => Notice::said("send-too-large"),
            SendError::Connection(error) => Notice::with(
                "send-connection",
                vec![("reason", Arg::Failed(error.clone()))],
            ),
            SendError::Refused(reason) => {
                Notice::with("send-refused", vec![("reason", Arg::text(reason.clone()))])
            }
        }
    }
}

/// In English (the log).
impl std::fmt::Display for SendError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.notice().words())
    }
}

/// What the server knows about the request's session.
#[derive(Clone, Default)]
pub struct RequestContext {
    pub account: Option<Arc<dyn MailAccount>>,
    /// Left by a failed login, shown once on the login page.
    pub login_form: Option<LoginFormState>,
    /// Left by the last action (moved, deleted…), shown once on the next page.
    pub notice: Option<crate::model::Notice>,
    /// Left by a send or save that did not go through: the form as it was, with the reason.
    pub compose: Option<ComposeForm>,
    /// Left by a settings form that was not saved: as posted, with the reasons.
    pub settings_form: Option<crate::model::SettingsPage>,
    /// Left by a rules form that was not saved: as posted, with the reasons.
    pub rules_form: Option<crate::model::RulesPage>,
}

/// The request's context, as the server's session layer left it.
pub async fn request_context() -> Result<RequestContext, AppError> {
    let axum::Extension(context) = leptos_axum::extract::<axum::Extension<RequestContext>>()
        .await
        .map_err(|_| AppError::Internal)?;
    Ok(context)
}

/// The logged-in account, or [`AppError::NotLoggedIn`].
pub async fn current_account() -> Result<Arc<dyn MailAccount>, AppError> {
    request_context()
        .await?
        .account
        .ok_or(AppError::NotLoggedIn)
}
