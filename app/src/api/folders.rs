use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MailHome;

/// The logged-in address, the folder list with unread counts, and page `page` of `folder`.
#[server(endpoint = "fetch_mail_home")]
pub async fn fetch_mail_home(folder: String, page: u32) -> Result<MailHome, AppError> {
    let account = crate::port::current_account().await?;
    account.mail_home(&folder, page.max(1)).await
}
