//! URLs of Postern's own pages, built in one place so links and routes agree.

/// Percent-encodes a query value (RFC 3986 unreserved characters stay as they are).
pub fn encode_component(value: &str) -> String {
    let mut out = String::with_capacity(value.len());
    for byte in value.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => out.push_str(&format!("%{byte:02X}")),
        }
    }
    out
}

/// The page that lists one folder, by its IMAP name.
pub fn folder_page(folder: &str) -> String {
    format!("/mail?folder={}", encode_component(folder))
}

/// Page `page` (1-based) of a folder in an order; page 1 in arrival order is the folder's
/// own URL.
pub fn folder_page_n(folder: &str, page: u32, sort: crate::model::SortKey) -> String {
    let mut url = folder_page(folder);
    if sort != crate::model::SortKey::Arrival {
        url.push_str("&sort=");
        url.push_str(sort.param());
    }
    if page > 1 {
        url.push_str(&format!("&page={page}"));
    }
    url
}

/// The query naming one message: folder, UID and the UIDVALIDITY the UID belongs to.
fn message_query(folder: &str, uid: u32, uid_validity: u32) -> String {
    format!(
        "folder={}&uid={uid}&v={uid_validity}",
        encode_component(folder)
    )
}

/// One message's page.
pub fn message_page(folder: &str, uid: u32, uid_validity: u32) -> String {
    format!("/mail/message?{}", message_query(folder, uid, uid_validity))
}

/// The sanitised HTML body, for the sandboxed frame.
pub fn message_body(folder: &str, uid: u32, uid_validity: u32, remote: bool) -> String {
    let remote = if remote { "&remote=1" } else { "" };
    format!(
        "/mail/body?{}{remote}",
        message_query(folder, uid, uid_validity)
    )
}

/// One attachment, as a download.
pub fn message_part(folder: &str, uid: u32, uid_validity: u32, part: &str) -> String {
    format!(
        "/mail/part?{}&part={}",
        message_query(folder, uid, uid_validity),
        encode_component(part)
    )
}

/// The original message (.eml).
pub fn message_raw(folder: &str, uid: u32, uid_validity: u32) -> String {
    format!("/mail/raw?{}", message_query(folder, uid, uid_validity))
}

/// The whole folder as an mbox file.
pub fn folder_export(folder: &str) -> String {
    format!("/mail/export?folder={}", encode_component(folder))
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
pub fn compose_from(mode: &str, folder: &str, uid: u32, uid_validity: u32) -> String {
    format!(
        "/mail/compose?mode={mode}&{}",
        message_query(folder, uid, uid_validity)
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_survive_in_a_query() {
        assert_eq!(folder_page("INBOX"), "/mail?folder=INBOX");
        assert_eq!(
            folder_page("Projekte/&ANw-bersicht & Co"),
            "/mail?folder=Projekte%2F%26ANw-bersicht%20%26%20Co"
        );
    }
}
