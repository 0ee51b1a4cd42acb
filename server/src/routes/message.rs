//! Message content served outside the page: the sanitised HTML body (shown in a sandboxed
//! frame, with its own strict policy), attachments and the original message as downloads.

use std::sync::Arc;

use axum::Extension;
use axum::body::Body;
use axum::extract::Query;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use postern_app::error::AppError;
use serde::Deserialize;

use crate::account::ImapAccount;
use crate::mime::transfer::TransferDecoder;

#[derive(Deserialize)]
pub struct MessageQuery {
    folder: String,
    uid: u32,
    /// UIDVALIDITY the link was made with.
    v: Option<u32>,
    part: Option<String>,
    remote: Option<u8>,
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
pub async fn body(
    account: Option<Extension<Arc<ImapAccount>>>,
    Query(q): Query<MessageQuery>,
) -> Response {
    let Some(Extension(account)) = account else {
        return error_response(AppError::NotLoggedIn);
    };
    let allow_remote = q.remote == Some(1);
    match account.body_html(&q.folder, q.uid, q.v, allow_remote).await {
        Ok(Some(html)) => {
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
        Ok(None) => error_response(AppError::NoSuchMessage),
        Err(error) => error_response(error),
    }
}

/// `GET /mail/part?folder=…&uid=…&part=2[&v=…]`: one attachment, decoded, always as a download,
/// streamed in chunks: memory stays flat whatever the size.
pub async fn part(
    account: Option<Extension<Arc<ImapAccount>>>,
    Query(q): Query<MessageQuery>,
) -> Response {
    let Some(Extension(account)) = account else {
        return error_response(AppError::NotLoggedIn);
    };
    let Some(path) = q
        .part
        .clone()
        .filter(|p| !p.is_empty() && p.split('.').all(|n| n.parse::<u32>().is_ok()))
    else {
        return error_response(AppError::NoSuchMessage);
    };
    match account.part_info(&q.folder, q.uid, q.v, &path).await {
        Ok(Some(info)) => {
            let name = info
                .filename
                .clone()
                .unwrap_or_else(|| format!("part-{path}"));
            let mime = format!("{}/{}", info.leaf.mime_type, info.leaf.subtype);
            let decoder = TransferDecoder::for_encoding(&info.leaf.encoding);
            let source = ChunkSource {
                account,
                folder: q.folder,
                uid: q.uid,
                uid_validity: info.uid_validity,
                path,
            };
            download(source.stream(decoder), &mime, &name)
        }
        Ok(None) => error_response(AppError::NoSuchMessage),
        Err(error) => error_response(error),
    }
}

/// `GET /mail/raw?folder=…&uid=…[&v=…]`: the original message as `.eml`, streamed.
pub async fn raw(
    account: Option<Extension<Arc<ImapAccount>>>,
    Query(q): Query<MessageQuery>,
) -> Response {
    let Some(Extension(account)) = account else {
        return error_response(AppError::NotLoggedIn);
    };
    let uid_validity = match account.folder_validity(&q.folder, q.v).await {
        Ok(v) => v,
        Err(error) => return error_response(error),
    };
    // The first chunk is read before answering, so a missing message is a 404, not a broken
    // download.
    let first = match account
        .chunk(&q.folder, q.uid, uid_validity, "", 0, CHUNK)
        .await
    {
        Ok(first) => first,
        Err(error) => return error_response(error),
    };
    let name = format!("message-{}.eml", q.uid);
    let source = ChunkSource {
        account,
        folder: q.folder,
        uid: q.uid,
        uid_validity,
        path: String::new(),
    };
    let rest = source.stream_from(first, TransferDecoder::Identity);
    download(rest, "message/rfc822", &name)
}

/// Bytes fetched per IMAP round trip when streaming.
pub(crate) const CHUNK: u32 = 1024 * 1024;

/// Where a streamed download reads from.
struct ChunkSource {
    account: Arc<ImapAccount>,
    folder: String,
    uid: u32,
    uid_validity: u32,
    path: String,
}

pub(crate) type ByteStream =
    std::pin::Pin<Box<dyn futures::Stream<Item = Result<bytes::Bytes, std::io::Error>> + Send>>;

impl ChunkSource {
    fn stream(self, decoder: TransferDecoder) -> ByteStream {
        self.stream_inner(None, decoder)
    }

    fn stream_from(self, first: Vec<u8>, decoder: TransferDecoder) -> ByteStream {
        self.stream_inner(Some(first), decoder)
    }

    fn stream_inner(self, first: Option<Vec<u8>>, decoder: TransferDecoder) -> ByteStream {
        struct State {
            source: ChunkSource,
            offset: u64,
            first: Option<Vec<u8>>,
            decoder: TransferDecoder,
            done: bool,
        }
        let state = State {
            source: self,
            offset: 0,
            first,
            decoder,
            done: false,
        };
        // Fused: a body may be polled again after its end (the compression layer does), and a
        // bare `unfold` panics then.
        let stream = futures::stream::unfold(state, |mut state| async move {
            if state.done {
                return None;
            }
            let chunk = match state.first.take() {
                Some(first) => Ok(first),
                None => {
                    let s = &state.source;
                    s.account
                        .chunk(
                            &s.folder,
                            s.uid,
                            s.uid_validity,
                            &s.path,
                            state.offset,
                            CHUNK,
                        )
                        .await
                }
            };
            match chunk {
                Ok(chunk) => {
                    state.offset += chunk.len() as u64;
                    let mut out = state.decoder.feed(&chunk);
                    if chunk.len() < CHUNK as usize {
                        out.extend(state.decoder.finish());
                        state.done = true;
                    }
                    Some((Ok(bytes::Bytes::from(out)), state))
                }
                Err(error) => {
                    tracing::warn!(%error, "download stopped");
                    state.done = true;
                    Some((Err(std::io::Error::other(error.to_string())), state))
                }
            }
        });
        Box::pin(futures::StreamExt::fuse(stream))
    }
}

/// A download that no browser renders: `attachment`, nosniff, and HTML/SVG/XML sent as
/// octet-stream so they can never run from Postern's origin.
pub(crate) fn download(body: ByteStream, mime_type: &str, name: &str) -> Response {
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
    if let Ok(value) = HeaderValue::from_str(&content_disposition(name)) {
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
    let encoded: String = safe
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect();
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
