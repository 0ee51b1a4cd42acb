//! One-time send tokens: for any account and any token text, the first claim sends, a second
//! one while it is sending does not, a released token may send again, and a sent one answers as
//! it did, for that account alone; asking whether the store knows a token never panics.
#![no_main]

use std::time::Duration;

use libfuzzer_sys::fuzz_target;
use postern_server::send_tokens::{Claim, SendTokens, SentAnswer};

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let (account, token) = text
        .split_once('\n')
        .unwrap_or(("alice@example.test", &text));
    let tokens = SendTokens::default();
    let _ = tokens.knows(token);
    let other = format!("{account}.other");
    let answer = SentAnswer {
        to: "/mail".to_string(),
        notice: "Message sent.".to_string(),
    };
    futures::executor::block_on(async {
        assert!(matches!(
            tokens.claim(account, token, Duration::ZERO).await,
            Ok(Claim::Send)
        ));
        assert!(matches!(tokens.is_used(account, token).await, Ok(true)));
        assert!(matches!(
            tokens.claim(account, token, Duration::ZERO).await,
            Ok(Claim::StillSending)
        ));
        tokens.release(account, token).await;
        assert!(matches!(tokens.is_used(account, token).await, Ok(false)));
        assert!(matches!(
            tokens.claim(account, token, Duration::ZERO).await,
            Ok(Claim::Send)
        ));
        tokens.sent(account, token, answer.clone()).await;
        assert!(
            matches!(tokens.claim(account, token, Duration::ZERO).await, Ok(Claim::Sent(a)) if a == answer)
        );
        // The same token of another account is another form.
        assert!(matches!(
            tokens.claim(&other, token, Duration::ZERO).await,
            Ok(Claim::Send)
        ));
    });
});
