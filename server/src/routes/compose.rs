//! `POST /mail/compose`: send, or save as a draft. Answered with a redirect: to the folder with
//! "Message sent.", to the saved draft, or back to the form with everything typed and the reason
//! it did not go out.

use axum::extract::{ConnectInfo, Multipart, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Redirect, Response};
use postern_app::components::upload::{LOCATION_HEADER, UPLOAD_HEADER};
use postern_app::model::{ComposeForm, FolderName, Notice, SENT};
use postern_app::port::MailAccount;
use postern_app::url::{compose_from, folder_page};
use tower_sessions::Session;

use super::{FormAccount, redirect_keeping};
use crate::carried::Carried;
use crate::compose::form::Intent;
use crate::compose::{self, Outcome, form};
use crate::send_tokens::{Claim, SendTokens, SentAnswer};
use crate::session;
use crate::state::AppState;
use crate::throttle::client_ip;

pub async fn submit(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<std::net::SocketAddr>,
    FormAccount(account): FormAccount,
    session: Session,
    headers: HeaderMap,
    multipart: Multipart,
) -> Response {
    // The page's script sends uploads itself (to show progress) and wants the next page's
    // address rather than a redirect it would follow invisibly.
    let by_script = headers.contains_key(UPLOAD_HEADER);
    let response = match account {
        Some(account) => submit_form(account, state.send_tokens.clone(), session, multipart).await,
        None if headers.contains_key(AUTOSAVE_HINT) => StatusCode::UNAUTHORIZED.into_response(),
        None => {
            let client = client_ip(peer, &headers, &state.settings.trusted_proxies);
            carry_to_login(&state, client, multipart).await
        }
    };
    if !by_script {
        return response;
    }
    match response.headers().get(header::LOCATION).cloned() {
        Some(location) => {
            let mut answer = StatusCode::NO_CONTENT.into_response();
            answer.headers_mut().insert(LOCATION_HEADER, location);
            // The cookies the redirect set (a carried form's) go along.
            for cookie in response.headers().get_all(header::SET_COOKIE) {
                answer
                    .headers_mut()
                    .append(header::SET_COOKIE, cookie.clone());
            }
            answer
        }
        None => response,
    }
}

async fn submit_form(
    shared_account: std::sync::Arc<dyn MailAccount>,
    shared_tokens: std::sync::Arc<SendTokens>,
    session: Session,
    multipart: Multipart,
) -> Response {
    let account = shared_account.as_ref();
    let tokens = shared_tokens.as_ref();
    let limit = account.attachment_limit();
    let posted = match form::read(multipart, limit).await {
        Ok(posted) => posted,
        Err(reason) => {
            let form = ComposeForm {
                address: account.address().to_string(),
                limit_bytes: limit,
                error: Some(reason),
                ..Default::default()
            };
            return keep_form(&session, form, "/mail/compose").await;
        }
    };
    if posted.autosave && posted.intent == Intent::SaveDraft {
        // Not over a form that is being sent or was sent (a save crossing the Send), and not
        // when the form holds attachments of its draft: their places change with each
        // version, and only the page reloaded from the new draft knows them.
        let used = match &posted.send_token {
            Some(token) => tokens
                .is_used(account.address(), token)
                .await
                .unwrap_or(true),
            None => false,
        };
        if used || posted.keep.iter().any(|k| k.starts_with("draft:")) {
            return StatusCode::CONFLICT.into_response();
        }
        return autosaved(compose::submit(account, posted).await);
    }
    // A form's token sends once: a second post of it answers as the first did.
    let token = posted
        .send_token
        .clone()
        .filter(|_| posted.intent == Intent::Send);
    if let Some(token) = &token {
        let claim = tokens.claim(account.address(), token, SEND_WAIT).await;
        // Sent already, though the store cannot say so: a form made before a memory store
        // began (Postern restarted) may have been sent just before; a claim still "sending"
        // after the wait may be one whose end was never recorded (its instance died, or the
        // store was down just then). Sent has the message if it went out.
        let look_in_sent = match &claim {
            Ok(Claim::Send) => !tokens.knows(token),
            Ok(Claim::StillSending) => true,
            _ => false,
        };
        if look_in_sent && compose::in_sent(account, &posted).await {
            crate::metrics::send("duplicate");
            let answer = SentAnswer {
                to: "/mail".to_string(),
                notice: Notice::said(SENT),
            };
            let recorded = tokens.sent(account.address(), token, answer.clone()).await;
            return answer_sent(&session, &answer, token, recorded).await;
        }
        match claim {
            Ok(Claim::Send) => {}
            Ok(Claim::Sent(answer)) => {
                crate::metrics::send("duplicate");
                return answer_sent(&session, &answer, token, true).await;
            }
            Ok(Claim::StillSending) => {
                crate::metrics::send("duplicate");
                let notice = Notice::said("notice-still-sending");
                return redirect_keeping(&session, session::NOTICE, &notice, "/mail").await;
            }
            Err(error) => {
                // Without the token store, sending once cannot be promised: not sent.
                tracing::error!(%error, "send refused: the send token cannot be claimed");
                let reason = Notice::Failed(postern_app::error::AppError::Unavailable);
                let form = compose::not_sent(account, &posted, reason).await;
                return keep_form(&session, form, "/mail/compose").await;
            }
        }
    }
    let outcome = match token {
        // The send runs to its end in a task of its own: a browser that gives up on this post
        // (a second click of Send cancels the page of the first) must not cut it off between
        // the submission and the Sent copy, or leave its token claimed.
        Some(token) => {
            let this_token = token.clone();
            let sending = tokio::spawn(async move {
                let outcome = compose::submit(shared_account.as_ref(), posted).await;
                let address = shared_account.address();
                match &outcome {
                    Outcome::Sent { back, warning } => {
                        let answer = SentAnswer {
                            to: folder_page(back),
                            notice: warning.clone().unwrap_or_else(|| Notice::said(SENT)),
                        };
                        let recorded = shared_tokens.sent(address, &token, answer.clone()).await;
                        return Ended::Sent { answer, recorded };
                    }
                    _ => shared_tokens.release(address, &token).await,
                }
                Ended::Not(outcome)
            });
            match sending.await {
                Ok(Ended::Not(outcome)) => outcome,
                Ok(Ended::Sent { answer, recorded }) => {
                    return answer_sent(&session, &answer, &this_token, recorded).await;
                }
                Err(error) => {
                    tracing::error!(%error, "a send stopped before its end");
                    let notice = Notice::said("notice-send-stopped");
                    return redirect_keeping(&session, session::NOTICE, &notice, "/mail").await;
                }
            }
        }
        None => compose::submit(account, posted).await,
    };
    match outcome {
        Outcome::Sent { back, warning } => {
            let notice = warning.unwrap_or_else(|| Notice::said(SENT));
            redirect_keeping(&session, session::NOTICE, &notice, &folder_page(&back)).await
        }
        Outcome::Saved { draft } => {
            // Without the draft's place (a server that cannot say), its folder is shown.
            let to = match draft {
                Some(draft) => compose_from("draft", &draft),
                None => folder_page(&FolderName::new("Drafts")),
            };
            let notice = Notice::said("notice-draft-saved");
            redirect_keeping(&session, session::NOTICE, &notice, &to).await
        }
        Outcome::Failed { form } => {
            let to = match &form.draft {
                Some(draft) => compose_from("draft", draft),
                None => "/mail/compose".to_string(),
            };
            keep_form(&session, *form, &to).await
        }
    }
}

/// The session has ended (expired, logged out in another tab, the store restarted): the form is
/// sealed and kept for the login page, which brings the person back to it.
async fn carry_to_login(
    state: &AppState,
    client: std::net::IpAddr,
    multipart: Multipart,
) -> Response {
    // Files are named, never kept: read with no room for them.
    let posted = match form::read(multipart, 0).await {
        Ok(posted) => posted,
        Err(reason) => {
            tracing::info!(
                ?reason,
                "a compose form without a session could not be read"
            );
            return Redirect::to("/login").into_response();
        }
    };
    // A save the page made by itself is tried again after the login; nothing is kept for it.
    if posted.autosave {
        return StatusCode::UNAUTHORIZED.into_response();
    }
    let text = [
        &posted.to,
        &posted.cc,
        &posted.bcc,
        &posted.subject,
        &posted.body,
        &posted.references,
    ]
    .iter()
    .map(|f| f.len())
    .sum::<usize>();
    let over_limit = match state.carry_limit.check(client, "").await {
        Ok(Ok(())) => false,
        Ok(Err(_)) => true,
        Err(error) => {
            tracing::error!(%error, "the limit of carried forms cannot be read");
            true
        }
    };
    if text > crate::carried::MAX_TEXT || posted.account.is_empty() || over_limit {
        tracing::info!(
            text,
            over_limit,
            "a compose form without a session was not kept (too long, no account, or too many)"
        );
        return Redirect::to("/login").into_response();
    }
    if let Err(error) = state.carry_limit.failed(client, "").await {
        tracing::error!(%error, "a carried form could not be counted");
    }
    let carried = Carried::from_submission(&posted);
    match state.carried.keep(&carried).await {
        Ok(cookie) => {
            tracing::info!(
                lost_files = carried.lost.len(),
                "compose form posted without a session: kept for the login"
            );
            let mut response = Redirect::to("/login").into_response();
            if let Ok(value) = HeaderValue::from_str(&state.cookies.carry_cookie(Some(&cookie))) {
                response.headers_mut().append(header::SET_COOKIE, value);
            }
            response
        }
        Err(error) => {
            tracing::error!(%error, "a compose form without a session could not be kept");
            Redirect::to(crate::routes::auth::UNAVAILABLE_LOGIN).into_response()
        }
    }
}

/// How a send with a token ended.
enum Ended {
    /// It went out; `recorded`: its answer is kept with the token.
    Sent { answer: SentAnswer, recorded: bool },
    /// It did not, or it was a draft: answered as without a token.
    Not(Outcome),
}

/// The page a sent form goes to: it names the form's token, and the page shows the answer
/// recorded with the token (every post of the form sees it, in whichever tab or order they
/// come back). Kept in the session instead when the record could not be written.
async fn answer_sent(
    session: &Session,
    answer: &SentAnswer,
    token: &str,
    recorded: bool,
) -> Response {
    if !recorded {
        return redirect_keeping(session, session::NOTICE, &answer.notice, &answer.to).await;
    }
    let join = if answer.to.contains('?') { '&' } else { '?' };
    let to = format!(
        "{}{join}{SENT_PARAM}={}",
        answer.to,
        postern_app::url::encode_component(token)
    );
    Redirect::to(&to).into_response()
}

/// The query parameter that names the send token of the message just sent.
pub(crate) const SENT_PARAM: &str = "sent";

/// A draft saved by the page's script: `200` with the draft's place (for the form's `draft`
/// field) — empty when the server did not say —, or `409` when it could not be saved (the page
/// tries again later). Nothing is kept for a next page.
fn autosaved(outcome: Outcome) -> Response {
    let place = match outcome {
        Outcome::Saved { draft } => draft.map(|d| d.to_field()).unwrap_or_default(),
        _ => return StatusCode::CONFLICT.into_response(),
    };
    (
        StatusCode::OK,
        [
            (header::CONTENT_TYPE, "text/plain; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
        ],
        place,
    )
        .into_response()
}

/// Sent by the page's script with every save it makes by itself (a beacon cannot set headers:
/// it carries `autosave=1` in the form instead, and is not carried over a login).
const AUTOSAVE_HINT: &str = "x-postern-autosave";

/// How long a second post of a form waits for the first one's send (then it looks in Sent, and
/// says "still being sent" if the message is not there yet).
const SEND_WAIT: std::time::Duration = std::time::Duration::from_secs(30);

async fn keep_form(session: &Session, form: ComposeForm, to: &str) -> Response {
    redirect_keeping(session, session::COMPOSE, &form, to).await
}
