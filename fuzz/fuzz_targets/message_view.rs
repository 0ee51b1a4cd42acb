//! Raw message → headers shown → text lines → sanitised HTML: no input may panic, and the
//! sanitised HTML has no script element and no event-handler attribute (checked by reading its
//! tags, quotes included: text that merely says "onerror=" is harmless).
#![no_main]

use std::collections::HashMap;

use libfuzzer_sys::fuzz_target;
use mail_parser::MessageParser;
use postern_server::mime::headers::MessageHeaders;
use postern_server::mime::sanitize::sanitize;
use postern_server::mime::text::render;

/// Tag names and attribute names of every tag in `html`, in order.
fn tags(html: &str) -> Vec<(String, Vec<String>)> {
    let mut out = Vec::new();
    let mut chars = html.chars().peekable();
    while let Some(c) = chars.next() {
        if c != '<' {
            continue;
        }
        if html_comment_follows(&mut chars) {
            continue;
        }
        let mut name = String::new();
        while let Some(&c) = chars.peek() {
            if c.is_whitespace() || c == '>' || c == '/' && !name.is_empty() {
                break;
            }
            name.push(c.to_ascii_lowercase());
            chars.next();
        }
        let mut attributes = Vec::new();
        loop {
            while chars.peek().is_some_and(|c| c.is_whitespace() || *c == '/') {
                chars.next();
            }
            match chars.peek() {
                None => break,
                Some('>') => {
                    chars.next();
                    break;
                }
                _ => {}
            }
            let mut attribute = String::new();
            while let Some(&c) = chars.peek() {
                if c.is_whitespace() || c == '=' || c == '>' || c == '/' {
                    break;
                }
                attribute.push(c.to_ascii_lowercase());
                chars.next();
            }
            if chars.peek() == Some(&'=') {
                chars.next();
                match chars.peek().copied() {
                    Some(q @ ('"' | '\'')) => {
                        chars.next();
                        for c in chars.by_ref() {
                            if c == q {
                                break;
                            }
                        }
                    }
                    _ => {
                        while chars
                            .peek()
                            .is_some_and(|c| !c.is_whitespace() && *c != '>')
                        {
                            chars.next();
                        }
                    }
                }
            }
            if attribute.is_empty() {
                chars.next();
            } else {
                attributes.push(attribute);
            }
        }
        out.push((name, attributes));
    }
    out
}

fn html_comment_follows(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> bool {
    if chars.peek() != Some(&'!') {
        return false;
    }
    let mut tail = String::new();
    for c in chars.by_ref() {
        tail.push(c);
        if tail.ends_with("-->") || (!tail.starts_with("!--") && c == '>') {
            break;
        }
    }
    true
}

fuzz_target!(|data: &[u8]| {
    let _ = MessageHeaders::parse(data);
    let Some(message) = MessageParser::default().parse(data) else {
        return;
    };
    if let Some(text) = message.body_text(0) {
        let _ = render(&text, true, data.len() % 2 == 0);
    }
    if let Some(html) = message.body_html(0) {
        let clean = sanitize(&html, &HashMap::new(), data.len() % 3 == 0);
        for (name, attributes) in tags(clean.as_str()) {
            let name = name.trim_start_matches('/');
            assert!(
                !matches!(
                    name,
                    "script" | "iframe" | "object" | "embed" | "form" | "base" | "meta"
                ),
                "<{name}> survived in {}",
                clean.as_str()
            );
            for attribute in attributes {
                assert!(
                    !attribute.starts_with("on"),
                    "{attribute} survived in {}",
                    clean.as_str()
                );
            }
        }
    }
});
