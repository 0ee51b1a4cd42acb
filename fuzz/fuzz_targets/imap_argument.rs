//! The IMAP argument encoder: whatever it returns must be exactly one argument that cannot end
//! the command early — a quoted string without CR/LF, or a `{n+}` literal of exactly n bytes.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postern_server::imap::command::string;

fuzz_target!(|input: (&str, bool)| {
    let (value, literal_plus) = input;
    let Ok(encoded) = string(value, literal_plus) else {
        return;
    };
    if let Some(rest) = encoded.strip_prefix('"') {
        assert!(!encoded.contains(['\r', '\n', '\0']));
        // Unescape and compare: the quoted string is the value, and it ends where it should.
        let mut out = String::new();
        let mut chars = rest.chars();
        loop {
            match chars.next() {
                Some('\\') => out.push(chars.next().expect("dangling escape")),
                Some('"') => break,
                Some(c) => out.push(c),
                None => panic!("unterminated quoted string"),
            }
        }
        assert!(chars.next().is_none(), "text after the closing quote");
        assert_eq!(out, value);
    } else {
        let (head, body) = encoded.split_once("+}\r\n").expect("literal header");
        let n: usize = head
            .strip_prefix('{')
            .expect("brace")
            .parse()
            .expect("length");
        assert_eq!(body.len(), n);
        assert_eq!(body, value);
    }
});
