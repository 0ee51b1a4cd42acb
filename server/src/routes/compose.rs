//! `POST /mail/compose`: send, or save as a draft. Answered with a redirect: to the folder with
//! "Message sent.", to the saved draft, or back to the form with everything typed and the reason
//! it did not go out.

use std::sync::Arc;

use axum::extract::{Extension, Multipart, State};
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use postern_app::components::MESSAGE_SENT;
use postern_app::components::upload::{LOCATION_HEADER, UPLOAD_HEADER};
use postern_app::url::{compose_from, folder_page};
use tower_sessions::Session;

use super::redirect_keeping;
use crate::account::ImapAccount;
use crate::compose::{self, Outcome, form};
use crate::session;
use crate::smtp::submit::Submitter;
use crate::startup::AppState;

pub async fn submit(
    State(state): State<AppState>,
    account: Option<Extension<Arc<ImapAccount>>>,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    // The page's script sends uploads itself (to show progress) and wants the next page's
    // address rather than a redirect it would follow invisibly.
    let by_script = headers.contains_key(UPLOAD_HEADER);
    let response = submit_form(state, account, session, multipart).await;
    if !by_script {
        return response;
    }
    match response.headers().get(header::LOCATION).cloned() {
        Some(location) => {
            let mut answer = StatusCode::NO_CONTENT.into_response();
            answer.headers_mut().insert(LOCATION_HEADER, location);
            answer
        }
        None => response,
    }
}

async fn submit_form(
    state: AppState,
    account: Option<Extension<Arc<ImapAccount>>>,
    session: Session,
    multipart: Multipart,
) -> Response {
    let Some(Extension(account)) = account else {
        return Redirect::to("/login").into_response();
    };
    let posted = match form::read(multipart, state.settings.attachment_limit).await {
        Ok(posted) => posted,
        Err(reason) => {
            let form = postern_app::model::ComposeForm {
                address: account.address.clone(),
                limit_bytes: state.settings.attachment_limit,
                error: Some(reason),
                ..Default::default()
            };
            return keep_form(&session, form, "/mail/compose").await;
        }
    };
    let domain = account.address.rsplit('@').next().unwrap_or_default();
    let target = state.settings.smtp.target_for(domain);
    let submitter = Submitter {
        target: &target,
        tls: &state.tls,
        allow_internal: state.settings.allow_private_upstream,
        timeout: state.settings.timeout,
    };
    match compose::submit(&account, &submitter, posted).await {
        Outcome::Sent { back, warning } => {
            let notice = warning.unwrap_or_else(|| MESSAGE_SENT.to_string());
            redirect_keeping(&session, session::NOTICE, &notice, &folder_page(&back)).await
        }
        Outcome::Saved { draft } => {
            let to = compose_from("draft", &draft.folder, draft.uid, draft.uid_validity);
            redirect_keeping(&session, session::NOTICE, "Draft saved.", &to).await
        }
        Outcome::Failed { form } => {
            let to = match &form.draft {
                Some(d) => compose_from("draft", &d.folder, d.uid, d.uid_validity),
                None => "/mail/compose".to_string(),
            };
            keep_form(&session, *form, &to).await
        }
    }
}

async fn keep_form(session: &Session, form: postern_app::model::ComposeForm, to: &str) -> Response {
    redirect_keeping(session, session::COMPOSE, &form, to).await
}
