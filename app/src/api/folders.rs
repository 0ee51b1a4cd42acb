use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{FolderName, MailHome, SortKey};

/// The one-time notice of this page view, for a page that cannot show what it was asked for:
/// "Message sent." stays true when the Inbox after it cannot be read.
#[server(endpoint = "fetch_notice")]
pub async fn fetch_notice() -> Result<Option<crate::model::Notice>, AppError> {
    Ok(crate::port::request_context().await?.notice)
}

/// The logged-in address, the folder list with unread counts, and page `page` of `folder`.
#[server(endpoint = "fetch_mail_home")]
pub async fn fetch_mail_home(
    folder: FolderName,
    page: u32,
    sort: Option<SortKey>,
    search: Option<(String, String)>,
) -> Result<MailHome, AppError> {
    let request = crate::port::request_context().await?;
    let account = request.account.ok_or(AppError::NotLoggedIn)?;
    let mut home = account
        .mail_home(&folder, page.max(1), sort, search)
        .await?;
    home.notice = request.notice;
    Ok(home)
}
