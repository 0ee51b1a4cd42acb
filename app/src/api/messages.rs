use leptos::prelude::*;

use crate::error::AppError;
use crate::model::MessageView;

/// Opens one message: headers, the displayable text, the list of attachments.
#[server(endpoint = "open_message")]
pub async fn open_message(
    folder: String,
    uid: u32,
    uid_validity: Option<u32>,
) -> Result<MessageView, AppError> {
    let request = crate::port::request_context().await?;
    let account = request.account.ok_or(AppError::NotLoggedIn)?;
    let mut view = account.open_message(&folder, uid, uid_validity).await?;
    view.notice = request.notice;
    Ok(view)
}
