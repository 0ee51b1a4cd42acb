use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{MailHome, SortKey};

/// The logged-in address, the folder list with unread counts, and page `page` of `folder`.
#[server(endpoint = "fetch_mail_home")]
pub async fn fetch_mail_home(
    folder: String,
    page: u32,
    sort: SortKey,
) -> Result<MailHome, AppError> {
    let account = crate::port::current_account().await?;
    account.mail_home(&folder, page.max(1), sort).await
}
