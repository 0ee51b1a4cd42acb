//! The port: what the user interface needs from a mail system, implemented by the server's IMAP
//! adapter. The server resolves the session of each request into a [`RequestContext`] and puts it
//! into the request's extensions; server functions take it from there.

use std::sync::Arc;

use crate::error::AppError;
use crate::model::{ComposeForm, ComposeStart, LoginFormState, MailHome, MessageView, SortKey};

/// One logged-in mail account, bound to the session's IMAP connection.
#[async_trait::async_trait]
pub trait MailAccount: Send + Sync {
    /// The full address the person logged in with.
    fn address(&self) -> &str;
    /// Folder list, the counts of one folder, and its page `page` (1-based, newest first).
    async fn mail_home(
        &self,
        folder: &str,
        page: u32,
        sort: SortKey,
        search: Option<(String, String)>,
    ) -> Result<MailHome, AppError>;
    /// Opens a message (marks it read). `uid_validity` from the link that led here, if any:
    /// a different one on the server means the UID may name another message.
    async fn open_message(
        &self,
        folder: &str,
        uid: u32,
        uid_validity: Option<u32>,
    ) -> Result<MessageView, AppError>;
    /// A compose form: empty, answering a message (quoted, addressed, threaded) or a draft.
    async fn compose(&self, start: ComposeStart) -> Result<ComposeForm, AppError>;
}

/// What the server knows about the request's session.
#[derive(Clone, Default)]
pub struct RequestContext {
    pub account: Option<Arc<dyn MailAccount>>,
    /// Left by a failed login, shown once on the login page.
    pub login_form: Option<LoginFormState>,
    /// Left by the last action (moved, deleted…), shown once on the next page.
    pub notice: Option<String>,
    /// Left by a send or save that did not go through: the form as it was, with the reason.
    pub compose: Option<ComposeForm>,
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
