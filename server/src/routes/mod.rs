//! HTTP endpoints that are not Leptos pages: login/logout, the mail form posts (actions,
//! compose), downloads (body, parts, original, mbox export) and health checks.

pub mod auth;
pub mod compose;
pub mod export;
pub mod health;
pub mod message;
pub mod organise;

use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

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
