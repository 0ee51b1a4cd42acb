//! Message content served outside the page: the sanitised HTML body (shown in a sandboxed
//! frame, with its own strict policy), attachments and the original message as downloads.

use axum::body::Body;
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use postern_app::error::AppError;
use postern_app::model::{MessageRef, PartPath};
use postern_app::port::Download;
use serde::Deserialize;

use super::LoggedIn;
use crate::mime::sanitize::{SanitizedHtml, sanitize};

/// The query naming a message; read leniently (a malformed one names no message: 404).
#[derive(Deserialize)]
pub struct MessageQuery {
    #[serde(default)]
    folder: String,
    #[serde(default)]
    uid: String,
    /// UIDVALIDITY the link was made with.
    v: Option<String>,
    part: Option<String>,
    remote: Option<u8>,
}

impl MessageQuery {
    fn message(&self) -> Option<MessageRef> {
        MessageRef::from_params(&self.folder, &self.uid, self.v.as_deref())
    }
}

/// The frame's policy: nothing runs, nothing loads except inline images (and remote images
/// once the reader asked), links leave in a new browsing context.
fn frame_policy(allow_remote: bool) -> String {
    let images = if allow_remote {
        "data: https: http:"
    } else {
        "data:"
    };
    format!(
        "default-src 'none'; img-src {images}; style-src 'unsafe-inline'; font-src data:; \
         base-uri 'none'; form-action 'none'; frame-ancestors 'self'; \
         sandbox allow-popups allow-popups-to-escape-sandbox"
    )
}

/// `GET /mail/body?folder=…&uid=…[&v=…][&remote=1]`
pub async fn body(LoggedIn(account): LoggedIn, Query(q): Query<MessageQuery>) -> Response {
    let Some(wanted) = q.message() else {
        return error_response(AppError::NoSuchMessage);
    };
    let allow_remote = q.remote == Some(1);
    match account.html_part(&wanted).await {
        Ok(Some(part)) => {
            let html = sanitize(&part.html, &part.images, allow_remote);
            frame(&html, allow_remote)
        }
        Ok(None) => error_response(AppError::NoSuchMessage),
        Err(error) => error_response(error),
    }
}

/// The sanitised HTML as a document of its own, under the frame's policy.
fn frame(html: &SanitizedHtml, allow_remote: bool) -> Response {
    let document = format!(
        "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><meta name=\"referrer\" content=\"no-referrer\">\
         <style>body{{margin:0;padding:12px;font:15px/1.45 system-ui,sans-serif;overflow-wrap:anywhere}}img{{max-width:100%;height:auto}}</style>\
         </head><body>{}</body></html>",
        html.as_str()
    );
    let mut response = (StatusCode::OK, document).into_response();
    let headers = response.headers_mut();
    headers.insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    if let Ok(policy) = HeaderValue::from_str(&frame_policy(allow_remote)) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    headers.insert("x-frame-options", HeaderValue::from_static("SAMEORIGIN"));
    response
}

/// `GET /mail/part?folder=…&uid=…&part=2[&v=…]`: one attachment, decoded, always as a download,
/// streamed in chunks: memory stays flat whatever the size.
pub async fn part(LoggedIn(account): LoggedIn, Query(q): Query<MessageQuery>) -> Response {
    let wanted = q.message();
    let path = q.part.as_deref().and_then(PartPath::parse);
    let (Some(wanted), Some(path)) = (wanted, path) else {
        return error_response(AppError::NoSuchMessage);
    };
    match account.download_part(&wanted, &path).await {
        Ok(Some(file)) => download(file),
        Ok(None) => error_response(AppError::NoSuchMessage),
        Err(error) => error_response(error),
    }
}

/// `GET /mail/raw?folder=…&uid=…[&v=…]`: the original message as `.eml`, streamed.
pub async fn raw(LoggedIn(account): LoggedIn, Query(q): Query<MessageQuery>) -> Response {
    let Some(wanted) = q.message() else {
        return error_response(AppError::NoSuchMessage);
    };
    match account.download_message(&wanted).await {
        Ok(file) => download(file),
        Err(error) => error_response(error),
    }
}

/// A download that no browser renders: `attachment`, nosniff, and HTML/SVG/XML sent as
/// octet-stream so they can never run from Postern's origin.
pub(crate) fn download(file: Download) -> Response {
    let Download {
        filename: name,
        mime_type,
        body,
    } = file;
    let mime = mime_type.to_ascii_lowercase();
    let renderable = mime.contains("html")
        || mime.contains("svg")
        || mime.contains("xml")
        || mime.contains("javascript");
    let valid = mime.split('/').count() == 2
        && mime
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "/.+-".contains(c));
    let content_type = if renderable || !valid {
        "application/octet-stream"
    } else {
        mime.as_str()
    };
    let mut response = Response::new(Body::from_stream(body));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&content_disposition(&name)) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    headers.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static("default-src 'none'; sandbox"),
    );
    headers.insert(
        header::CACHE_CONTROL,
        HeaderValue::from_static("private, no-store"),
    );
    response
}

/// `attachment; filename="ascii"; filename*=UTF-8''percent-encoded` (RFC 6266), with path
/// separators, quotes and control characters removed.
pub fn content_disposition(name: &str) -> String {
    let safe: String = name
        .chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | '"' | ':' | '*' | '?' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect();
    let safe = safe.trim().trim_start_matches('.').to_string();
    let safe = if safe.is_empty() {
        "download".to_string()
    } else {
        safe
    };
    let ascii: String = safe
        .chars()
        .map(|c| if c.is_ascii() { c } else { '_' })
        .collect();
    let encoded = postern_app::url::encode_component(&safe);
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}

pub(crate) fn error_response(error: AppError) -> Response {
    let status = match error {
        AppError::NotLoggedIn => StatusCode::UNAUTHORIZED,
        AppError::NoSuchMessage | AppError::NoSuchFolder { .. } => StatusCode::NOT_FOUND,
        AppError::FolderChanged => StatusCode::CONFLICT,
        AppError::Timeout { .. } | AppError::ServerUnreachable { .. } => StatusCode::BAD_GATEWAY,
        _ => StatusCode::INTERNAL_SERVER_ERROR,
    };
    let mut response = (status, error.to_string()).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/plain; charset=utf-8"),
    );
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_cannot_escape_or_inject() {
        assert_eq!(
            content_disposition("../../etc/passwd"),
            "attachment; filename=\"_.._etc_passwd\"; filename*=UTF-8''_.._etc_passwd"
        );
        assert_eq!(
            content_disposition("Rechnung März.pdf"),
            "attachment; filename=\"Rechnung M_rz.pdf\"; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf"
        );
        assert!(!content_disposition("a\"\r\nSet-Cookie: x=1").contains('\n'));
        assert_eq!(
            content_disposition(""),
            "attachment; filename=\"download\"; filename*=UTF-8''download"
        );
    }
}
