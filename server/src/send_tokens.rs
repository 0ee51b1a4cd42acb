//! One-time send tokens: each compose form carries one, and a message is sent at most once per
//! token — a double click, Back and resubmit, a browser's or load balancer's retry, two tabs
//! posting the same form. The first post sends; a post of the same token while it is sending
//! waits for it, and one after it answers as it did. A send that did not go out frees its
//! token, so the same form can be sent again.
//!
//! Kept in this process (one instance); the outage-day deployment keeps them in the shared
//! session store.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

/// Tokens are forgotten after this long.
const KEEP: Duration = Duration::from_secs(24 * 60 * 60);

/// Where the page of a sent message went: the redirect and the notice.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SentAnswer {
    pub to: String,
    pub notice: String,
}

#[derive(Clone, Debug)]
enum State {
    Sending,
    Sent(SentAnswer),
}

/// What a post of a token may do.
#[derive(Debug, PartialEq, Eq)]
pub enum Claim {
    /// The first: send, then [`SendTokens::sent`] or [`SendTokens::release`].
    Send,
    /// Sent already: answer as then.
    Sent(SentAnswer),
    /// Another post of it is still sending after the wait.
    StillSending,
}

#[derive(Default)]
pub struct SendTokens {
    tokens: Mutex<HashMap<String, (Instant, State)>>,
}

impl SendTokens {
    fn key(account: &str, token: &str) -> String {
        format!("{account}\n{token}")
    }

    /// Claims `token` of `account` for sending; waits up to `wait` for another post of it that
    /// is sending.
    pub async fn claim(&self, account: &str, token: &str, wait: Duration) -> Claim {
        let key = Self::key(account, token);
        let started = Instant::now();
        loop {
            {
                let Ok(mut tokens) = self.tokens.lock() else {
                    return Claim::Send;
                };
                tokens.retain(|_, (at, _)| at.elapsed() < KEEP);
                match tokens.get(&key) {
                    None => {
                        tokens.insert(key, (Instant::now(), State::Sending));
                        return Claim::Send;
                    }
                    Some((_, State::Sent(answer))) => return Claim::Sent(answer.clone()),
                    Some((_, State::Sending)) if started.elapsed() >= wait => {
                        return Claim::StillSending;
                    }
                    Some((_, State::Sending)) => {}
                }
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// The message of `token` went out: later posts of it get `answer`.
    pub fn sent(&self, account: &str, token: &str, answer: SentAnswer) {
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.insert(
                Self::key(account, token),
                (Instant::now(), State::Sent(answer)),
            );
        }
    }

    /// The message of `token` did not go out: it may be sent again.
    pub fn release(&self, account: &str, token: &str) {
        if let Ok(mut tokens) = self.tokens.lock() {
            tokens.remove(&Self::key(account, token));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_token_sends_once() {
        let tokens = SendTokens::default();
        let wait = Duration::from_millis(300);
        assert_eq!(tokens.claim("a@x", "t1", wait).await, Claim::Send);
        assert_eq!(tokens.claim("a@x", "t1", wait).await, Claim::StillSending);
        assert_eq!(
            tokens.claim("b@x", "t1", wait).await,
            Claim::Send,
            "per account"
        );
        let answer = SentAnswer {
            to: "/mail?folder=INBOX".into(),
            notice: "Message sent.".into(),
        };
        tokens.sent("a@x", "t1", answer.clone());
        assert_eq!(tokens.claim("a@x", "t1", wait).await, Claim::Sent(answer));
        tokens.release("b@x", "t1");
        assert_eq!(
            tokens.claim("b@x", "t1", wait).await,
            Claim::Send,
            "sent again after a failure"
        );
    }
}
