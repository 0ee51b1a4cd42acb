//! Recipient fields as people type them: `Name <address>` or bare addresses, separated by
//! commas or semicolons (a comma inside a quoted name is part of the name).

use lettre::message::Mailbox;
use postern_app::model::{Arg, Notice};

/// Splits a field at `,` and `;` outside quotes and angle brackets; empty pieces are dropped.
pub fn split(field: &str) -> Vec<String> {
    let mut pieces = Vec::new();
    let mut current = String::new();
    let (mut quoted, mut angle, mut escaped) = (false, false, false);
    for c in field.chars() {
        match c {
            _ if escaped => escaped = false,
            '\\' if quoted => escaped = true,
            '"' => quoted = !quoted,
            '<' if !quoted => angle = true,
            '>' if !quoted => angle = false,
            ',' | ';' if !quoted && !angle => {
                pieces.push(std::mem::take(&mut current));
                continue;
            }
            _ => {}
        }
        current.push(c);
    }
    pieces.push(current);
    pieces
        .into_iter()
        .map(|p| p.trim().to_string())
        .filter(|p| !p.is_empty())
        .collect()
}

/// Parses a recipient field; every piece that is not an address is named in the error.
pub fn parse_list(field: &str) -> Result<Vec<Mailbox>, Notice> {
    let mut good = Vec::new();
    let mut bad = Vec::new();
    for piece in split(field) {
        match parse_one(&piece) {
            Some(mailbox) => good.push(mailbox),
            None => bad.push(piece),
        }
    }
    match bad.len() {
        0 => Ok(good),
        n => Err(Notice::counted(
            "compose-not-addresses",
            n as u64,
            vec![("addresses", Arg::Quoted(bad))],
        )),
    }
}

fn parse_one(piece: &str) -> Option<Mailbox> {
    let mailbox: Mailbox = piece.parse().ok()?;
    // lettre accepts `user@host`; a webmail sends to domains with a dot (or `localhost`-like
    // names nobody types by mistake are still refused here).
    let domain = mailbox.email.domain();
    (domain.contains('.') && !domain.starts_with('.') && !domain.ends_with('.')).then_some(mailbox)
}

/// A mailbox as a person would type it back: `Name <address>` or the bare address.
pub fn display(name: Option<&str>, address: &str) -> String {
    match name
        .map(str::trim)
        .filter(|n| !n.is_empty() && *n != address)
    {
        Some(name) if name.contains([',', ';', '"', '<', '>', '(', ')', '@']) => {
            format!("\"{}\" <{address}>", name.replace(['"', '\\'], ""))
        }
        Some(name) => format!("{name} <{address}>"),
        None => address.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_on_commas_and_semicolons_outside_quotes() {
        assert_eq!(
            split("\"Doe, Jane\" <jane@example.org>; bob@example.org,, <c@example.org>"),
            vec![
                "\"Doe, Jane\" <jane@example.org>",
                "bob@example.org",
                "<c@example.org>"
            ]
        );
        assert!(split("  ").is_empty());
    }

    #[test]
    fn names_each_bad_address() {
        let list = parse_list("Jörg Müller <joerg@example.org>, bob@example.org").unwrap();
        assert_eq!(list.len(), 2);
        assert_eq!(list[0].name.as_deref(), Some("Jörg Müller"));
        assert_eq!(
            parse_list("bob@, ok@example.org, carol")
                .unwrap_err()
                .words(),
            "“bob@”, “carol” are not email addresses."
        );
        assert_eq!(
            parse_list("x@nodot").unwrap_err().words(),
            "“x@nodot” is not an email address."
        );
    }

    #[test]
    fn displays_names_that_need_quotes() {
        assert_eq!(
            display(Some("Doe, Jane"), "j@x.org"),
            "\"Doe, Jane\" <j@x.org>"
        );
        assert_eq!(display(Some("Jane"), "j@x.org"), "Jane <j@x.org>");
        assert_eq!(display(None, "j@x.org"), "j@x.org");
    }
}
