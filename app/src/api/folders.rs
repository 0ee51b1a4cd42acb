use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{FolderName, MailHome, SortKey};

/// The logged-in address, the folder list with unread counts, and page `page` of `folder`.
#[server(endpoint = "fetch_mail_home")]
pub async fn fetch_mail_home(
    folder: FolderName,
    page: u32,
    sort: SortKey,
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
