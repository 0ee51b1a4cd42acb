use leptos::prelude::*;

use crate::error::AppError;
use crate::model::{ComposeForm, ComposeStart};

/// The compose form: the one kept from a failed send if there is one, else a fresh form for
/// `start` (empty, a reply, a forward, a saved draft).
#[server(endpoint = "open_compose")]
pub async fn open_compose(start: ComposeStart) -> Result<ComposeForm, AppError> {
    let request = crate::port::request_context().await?;
    let account = request.account.ok_or(AppError::NotLoggedIn)?;
    if let Some(kept) = request.compose {
        return Ok(kept);
    }
    let mut form = account.compose(start).await?;
    form.notice = request.notice;
    Ok(form)
}
