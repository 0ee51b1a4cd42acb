//! `GET /events`: live mail for an open page, as server-sent events.
//!
//! Events: `ready` when the watch listens (data: how many messages the page's folder holds as
//! the watch sees it, empty when it cannot say: the page compares it with its own count and
//! reads itself again when they differ), `change` (data: the folder's IMAP name) when a
//! message arrived, left or changed flags there, `resync` when changes may have been missed
//! (read everything again), `ended` when the watch ended for good (a reload says why), `renew`
//! last when a stream ends otherwise (its lifetime is over, the instance stops): the page opens
//! the next one at once. A stream
//! ends by itself after [`STREAM_LIFETIME`] and when the instance stops; the page's script
//! opens a new one, so the session is checked again and another instance may serve it.

use std::convert::Infallible;
use std::time::Duration;

use axum::extract::Query;
use axum::http::{HeaderValue, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use futures::StreamExt;
use postern_app::model::{FolderName, MailChange};

use super::LoggedIn;

/// How long one stream runs before the page opens the next (and so how long a stream may go
/// on on one instance after a logout on another).
const STREAM_LIFETIME: Duration = Duration::from_secs(5 * 60);
/// A comment this often keeps proxies from closing a quiet stream (and finds a closed one).
const KEEP_ALIVE: Duration = Duration::from_secs(15);
/// What the browser waits before reconnecting by itself, in milliseconds.
const RETRY_MS: u64 = 2000;

#[derive(serde::Deserialize)]
pub struct EventsQuery {
    folder: Option<String>,
}

pub async fn events(LoggedIn(account): LoggedIn, Query(q): Query<EventsQuery>) -> Response {
    let folder = q
        .folder
        .filter(|f| !f.is_empty())
        .map(FolderName::new)
        .unwrap_or_else(FolderName::inbox);
    let feed = match account.watch(&folder).await {
        Ok(feed) => feed,
        Err(error) => return super::message::error_response(error),
    };
    // The feed's changes until it ends or its lifetime is over; then `renew`, so that the page
    // opens the next stream at once (to whichever instance is up).
    let events = feed
        .map(event_of)
        .take_until(tokio::time::sleep(STREAM_LIFETIME))
        .chain(futures::stream::once(futures::future::ready(
            Event::default().event("renew").data(""),
        )))
        .map(Ok::<_, Infallible>);
    let mut response = Sse::new(events)
        .keep_alive(KeepAlive::new().interval(KEEP_ALIVE))
        .into_response();
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    // Proxies that buffer answers (nginx) pass this one through as it comes.
    headers.insert("x-accel-buffering", HeaderValue::from_static("no"));
    response
}

fn event_of(change: MailChange) -> Event {
    match change {
        MailChange::Listening { exists } => Event::default()
            .event("ready")
            .data(exists.map(|n| n.to_string()).unwrap_or_default())
            .retry(Duration::from_millis(RETRY_MS)),
        MailChange::Folder(folder) => Event::default().event("change").data(folder.as_str()),
        MailChange::Resync => Event::default().event("resync").data(""),
        MailChange::Ended => Event::default().event("ended").data(""),
    }
}
