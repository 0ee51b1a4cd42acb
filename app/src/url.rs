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
