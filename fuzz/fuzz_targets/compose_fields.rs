//! Recipient fields and replies to hostile messages: parsing never panics, and what a reply
//! puts into the form never carries a line break into a header field.
#![no_main]

use libfuzzer_sys::fuzz_target;
use postern_app::model::{ComposeForm, FolderName, MessageRef, Uid, UidValidity};
use postern_server::compose::address::parse_list;
use postern_server::compose::answer::{Original, reply};

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        let _ = parse_list(text);
    }
    let mut form = ComposeForm {
        address: "me@example.org".to_string(),
        ..ComposeForm::default()
    };
    let Some(uid) = Uid::new(1) else {
        return;
    };
    let original = Original {
        header: data,
        text: "text",
        reference: MessageRef::new(FolderName::new("INBOX"), uid, UidValidity::new(1)),
    };
    reply(&mut form, &original, true);
    for field in [
        &form.to,
        &form.cc,
        &form.subject,
        &form.in_reply_to,
        &form.references,
    ] {
        assert!(!field.contains(['\r', '\n']), "line break in {field:?}");
    }
});
