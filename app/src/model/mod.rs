//! Plain data shared by the server and the browser (serde only, no behaviour that needs I/O).

mod compose;
mod date;
mod folder;
mod ids;
mod live;
mod message;
mod notice;
mod rules;
mod settings;

pub use compose::{AnswerKind, ComposeAttachment, ComposeForm, ComposeStart};
pub use date::DateLabel;
pub use folder::{Folder, FolderStatus, MailHome, QuotaInfo, SpecialUse, TrashInfo};
pub use ids::{FolderLabel, FolderName, MessageRef, PartPath, Uid, UidValidity};
pub use live::MailChange;
pub use message::{
    AttachmentInfo, MessageBody, MessagePage, MessageSummary, MessageView, SortKey, TextLine,
    TextPiece,
};
pub use notice::{Arg, Notice, SENT, SENT_BUT_SENT_COPY};
pub use rules::{
    FILTERS_MAX, Filter, FilterAction, FilterField, FilterMatch, ForeignScript, Rules, RulesPage,
    RulesStore, VACATION_TEXT_MAX, Vacation, vacation_runs,
};
pub use settings::{
    ADDRESS_BOOK_MAX, DISPLAY_NAME_MAX, IDENTITIES_MAX, NamedAddress, PAGE_SIZES,
    REMOTE_IMAGES_MAX, SIGNATURE_MAX, Settings, SettingsPage, SettingsStore, remember_addresses,
};

/// What the login page shows after a failed attempt: the address typed (so it need not be typed
/// again) and why it failed. The password is never sent back.
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LoginFormState {
    pub email: String,
    pub error: Option<crate::error::AppError>,
    /// A message that was being written when the session ended waits for this login (what it
    /// says is shown only after the login, to its account).
    pub resume: bool,
}
