//! The compose form carried through the login page: whatever a cookie and a stored record
//! hold, reading them back never panics and opens nothing but a form sealed under that key; a
//! form made of any text seals and opens back to itself, and only with its own key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postern_server::carried::{Carried, parse_cookie};
use postern_server::session::SessionKey;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (cookie, stored) = text.split_once('\n').unwrap_or((&text, ""));
    if let Some((_, key)) = parse_cookie(cookie) {
        let _ = Carried::open(stored, &key);
    }
    let mut parts = text.split('\u{1}');
    let mut next = || parts.next().unwrap_or_default().to_string();
    let form = Carried {
        to: next(),
        cc: next(),
        bcc: next(),
        subject: next(),
        body: next(),
        in_reply_to: next(),
        references: next(),
        lost: vec![next()],
        ..Carried::default()
    };
    let key = SessionKey::generate();
    let sealed = form.seal(&key).expect("any text seals");
    assert_eq!(Carried::open(&sealed, &key).as_ref(), Some(&form));
    assert!(Carried::open(&sealed, &SessionKey::generate()).is_none());
    // Sealed means unreadable: a long enough text is not in what the store keeps.
    if form.body.len() >= 24 {
        assert!(
            !sealed.contains(&form.body),
            "the text is readable in the store"
        );
    }
});
