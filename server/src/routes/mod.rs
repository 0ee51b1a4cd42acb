//! HTTP endpoints that are not Leptos pages: login/logout, the mail form posts (actions,
//! compose, settings), downloads (body, parts, original, mbox export) and health checks.

pub mod auth;
pub mod compose;
pub mod export;
pub mod health;
pub mod language;
pub mod live;
pub mod message;
pub mod organise;
pub mod rules;
pub mod settings;

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::response::{IntoResponse, Redirect, Response};
use postern_app::error::AppError;
use postern_app::port::{MailAccount, RequestContext};
use tower_sessions::Session;

/// The logged-in account of a download or other non-page request; without one the answer is
/// 401 with the reason in words.
pub struct LoggedIn(pub Arc<dyn MailAccount>);

/// The logged-in account of a form post; without one the browser goes to the login page, which
/// says that what was posted was not done.
pub struct LoggedInForm(pub Arc<dyn MailAccount>);

/// The logged-in account of a form post that keeps what was posted even without a session
/// (the compose form): `None` when the session has ended.
pub struct FormAccount(pub Option<Arc<dyn MailAccount>>);

impl<S: Send + Sync> FromRequestParts<S> for FormAccount {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        Ok(FormAccount(account_of(parts)))
    }
}

fn account_of(parts: &Parts) -> Option<Arc<dyn MailAccount>> {
    parts
        .extensions
        .get::<RequestContext>()
        .and_then(|context| context.account.clone())
}

impl<S: Send + Sync> FromRequestParts<S> for LoggedIn {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        account_of(parts)
            .map(LoggedIn)
            .ok_or_else(|| message::error_response(AppError::NotLoggedIn))
    }
}

impl<S: Send + Sync> FromRequestParts<S> for LoggedInForm {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        account_of(parts)
            .map(LoggedInForm)
            .ok_or_else(|| Redirect::to("/login?ended").into_response())
    }
}

/// Redirects (303) after a form post, keeping `value` under `key` in the session for the next
/// page to show once (a notice, or a compose form that did not go out).
pub(crate) async fn redirect_keeping<T: serde::Serialize + ?Sized>(
    session: &Session,
    key: &str,
    value: &T,
    to: &str,
) -> Response {
    if let Err(error) = session.insert(key, value).await {
        tracing::warn!(%error, key, "cannot keep this for the next page");
    }
    Redirect::to(to).into_response()
}
