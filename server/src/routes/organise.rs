//! `POST /mail/action`: flags, move, delete, permanent delete and emptying Trash, as plain form
//! posts answered with a redirect and a one-time notice. Permanent deletes need `confirm=1`;
//! without it the browser is sent to a page that asks.

use std::sync::Arc;

use axum::extract::{Extension, Form};
use axum::response::{IntoResponse, Redirect, Response};
use postern_app::error::AppError;
use postern_app::url::{folder_page, message_page};
use serde::Deserialize;
use tower_sessions::Session;

use crate::account::{ImapAccount, OrganiseRequest, Outcome};
use crate::session;

#[derive(Deserialize)]
pub struct ActionForm {
    folder: String,
    #[serde(default)]
    uid: Option<u32>,
    #[serde(default)]
    v: Option<u32>,
    action: String,
    #[serde(default)]
    target: Option<String>,
    #[serde(default)]
    confirm: Option<String>,
}

pub async fn action(
    account: Option<Extension<Arc<ImapAccount>>>,
    session: Session,
    Form(form): Form<ActionForm>,
) -> Response {
    let Some(Extension(account)) = account else {
        return Redirect::to("/login").into_response();
    };
    let confirmed = form.confirm.as_deref() == Some("1");
    let uid = form.uid.unwrap_or(0);
    let validity = form.v.unwrap_or(0);
    let message = message_page(&form.folder, uid, validity);
    let folder = folder_page(&form.folder);
    let (request, after) = match form.action.as_str() {
        "read" => (OrganiseRequest::Read, message.clone()),
        "unread" => (OrganiseRequest::Unread, folder.clone()),
        "flag" => (OrganiseRequest::Flag, message.clone()),
        "unflag" => (OrganiseRequest::Unflag, message.clone()),
        "delete" => (OrganiseRequest::Delete, folder.clone()),
        "move" => match form.target.clone().filter(|t| !t.is_empty()) {
            Some(target) => (OrganiseRequest::Move(target), folder.clone()),
            None => {
                return back(
                    &session,
                    &message,
                    "Choose a folder to move the message to.",
                )
                .await;
            }
        },
        "purge" if confirmed => (OrganiseRequest::Purge, folder.clone()),
        "purge" => return Redirect::to(&format!("{message}&confirm=purge")).into_response(),
        "empty-trash" if confirmed => (OrganiseRequest::EmptyTrash, folder.clone()),
        "empty-trash" => return Redirect::to(&format!("{folder}&confirm=empty")).into_response(),
        _ => return back(&session, &folder, "That action is not known.").await,
    };
    let needs_message = !matches!(request, OrganiseRequest::EmptyTrash);
    if needs_message && uid == 0 {
        return back(&session, &folder, &AppError::NoSuchMessage.to_string()).await;
    }
    let uid_validity = form.v;
    match account
        .organise(&form.folder, uid, uid_validity, request)
        .await
    {
        Ok(Outcome::Done(notice)) => back(&session, &after, &notice).await,
        Ok(Outcome::ConfirmPurge) => {
            Redirect::to(&format!("{message}&confirm=purge")).into_response()
        }
        Err(AppError::NoSuchFolder { .. }) => {
            back(&session, &folder, "That folder does not exist (any more).").await
        }
        // The folder page can always show the notice (the message page may be what failed).
        Err(error) => back(&session, &folder, &error.to_string()).await,
    }
}

/// Redirects with a notice for the next page.
async fn back(session: &Session, to: &str, notice: &str) -> Response {
    if let Err(error) = session.insert(session::NOTICE, notice).await {
        tracing::warn!(%error, "cannot keep the notice");
    }
    Redirect::to(to).into_response()
}
