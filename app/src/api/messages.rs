use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{MessageRef, MessageView};

/// Opens one message: headers, the displayable text, the list of attachments.
#[server(endpoint = "open_message")]
pub async fn open_message(message: MessageRef) -> Result<MessageView, AppError> {
    let request = crate::port::request_context().await?;
    let account = request.account.ok_or(AppError::NotLoggedIn)?;
    let mut view = account.open_message(&message).await?;
    view.notice = request.notice;
    Ok(view)
}
