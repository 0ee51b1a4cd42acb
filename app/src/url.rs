//! URLs of Postern's own pages, built in one place so links and routes agree.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};

use crate::model::{FolderName, MessageRef, SortKey};

/// Everything but RFC 3986's unreserved characters is percent-encoded.
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'_')
    .remove(b'.')
    .remove(b'~');

/// Percent-encodes a query value.
pub fn encode_component(value: &str) -> String {
    utf8_percent_encode(value, COMPONENT).to_string()
}

/// The page that lists one folder.
pub fn folder_page(folder: &FolderName) -> String {
    format!("/mail?folder={}", encode_component(folder.as_str()))
}

/// Page `page` (1-based) of a folder in an order; page 1 in the person's own order (`default`,
/// their setting) is the folder's own URL.
pub fn folder_page_n(folder: &FolderName, page: u32, sort: SortKey, default: SortKey) -> String {
    let mut url = folder_page(folder);
    if sort != default {
        url.push_str("&sort=");
        url.push_str(sort.param());
    }
    if page > 1 {
        url.push_str(&format!("&page={page}"));
    }
    url
}

/// The query naming one message: folder, UID and the UIDVALIDITY the UID belongs to.
fn message_query(message: &MessageRef) -> String {
    let mut query = format!(
        "folder={}&uid={}",
        encode_component(message.folder.as_str()),
        message.uid
    );
    if let Some(validity) = message.uid_validity {
        query.push_str(&format!("&v={validity}"));
    }
    query
}

/// One message's page.
pub fn message_page(message: &MessageRef) -> String {
    format!("/mail/message?{}", message_query(message))
}

/// The sanitised HTML body, for the sandboxed frame.
pub fn message_body(message: &MessageRef, remote: bool) -> String {
    let remote = if remote { "&remote=1" } else { "" };
    format!("/mail/body?{}{remote}", message_query(message))
}

/// One attachment, as a download.
pub fn message_part(message: &MessageRef, part: &str) -> String {
    format!(
        "/mail/part?{}&part={}",
        message_query(message),
        encode_component(part)
    )
}

/// The original message (.eml).
pub fn message_raw(message: &MessageRef) -> String {
    format!("/mail/raw?{}", message_query(message))
}

/// The whole folder as an mbox file.
pub fn folder_export(folder: &FolderName) -> String {
    format!("/mail/export?folder={}", encode_component(folder.as_str()))
}

/// A new message, optionally to someone.
pub fn compose_new(to: &str) -> String {
    if to.is_empty() {
        "/mail/compose".to_string()
    } else {
        format!("/mail/compose?to={}", encode_component(to))
    }
}

/// A compose form that starts from a stored message: `reply`, `reply-all`, `forward` or
/// `draft`.
pub fn compose_from(mode: &str, message: &MessageRef) -> String {
    format!("/mail/compose?mode={mode}&{}", message_query(message))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_survive_in_a_query() {
        assert_eq!(folder_page(&FolderName::inbox()), "/mail?folder=INBOX");
        assert_eq!(
            folder_page(&FolderName::new("Projekte/&ANw-bersicht & Co")),
            "/mail?folder=Projekte%2F%26ANw-bersicht%20%26%20Co"
        );
    }
}
