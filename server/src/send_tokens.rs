//! One-time send tokens: each compose form carries one, and a message is sent at most once per
//! token — a double click, Back and resubmit, a browser's or load balancer's retry, two tabs
//! posting the same form. The first post sends; a post of the same token while it is sending
//! waits for it, and one after it answers as it did. A send that did not go out frees its
//! token, so the same form can be sent again.
//!
//! Kept in this process, or in Redis with the sessions, so that a post retried on another
//! instance finds its token.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use serde::{Deserialize, Serialize};

use crate::shared::{Redis, Unavailable, account_key, query};

/// Tokens are forgotten after this long.
const KEEP: Duration = Duration::from_secs(24 * 60 * 60);
/// A token held by a send that never finished (its instance died) is freed after this long:
/// longer than any send may take.
const SENDING_AT_MOST: Duration = Duration::from_secs(10 * 60);

/// How a claim in Redis begins (the rest names the post that holds it).
const SENDING: &str = "sending:";

/// A record as Redis keeps it: a claim (`sending:<owner>`) or the JSON of a state; one that
/// cannot be read counts as still sending (never as sent, never as free to send).
fn stored_state(value: &str) -> State {
    if value.starts_with(SENDING) {
        return State::Sending;
    }
    serde_json::from_str(value).unwrap_or(State::Sending)
}

/// Deletes a claim only if `ARGV[1]` still holds it (never another post's claim or a sent
/// token's answer).
const DELETE_IF_OWNER: &str = "if redis.call('GET', KEYS[1]) == ARGV[1] then return redis.call('DEL', KEYS[1]) else return 0 end";

/// The command that frees `key` if `owner` still holds it ([`DELETE_IF_OWNER`]).
fn free_if_owner(key: &str, owner: &str) -> redis::Cmd {
    redis::cmd("EVAL")
        .arg(DELETE_IF_OWNER)
        .arg(1)
        .arg(key)
        .arg(owner)
        .clone()
}

/// How long a token's change that met Redis down is tried again: longer than a restart or a
/// fail-over takes, shorter than a claim lasts.
const SETTLE_FOR: Duration = Duration::from_secs(5 * 60);

/// Runs `command` (idempotent) in a task of its own until Redis answers it, for up to
/// [`SETTLE_FOR`]: what a request could not record is recorded once Redis is back.
fn settle_later(redis: &Redis, command: redis::Cmd, what: &'static str) {
    let mut connection = redis.connection();
    tokio::spawn(async move {
        let started = Instant::now();
        let mut pause = Duration::from_millis(200);
        while started.elapsed() < SETTLE_FOR {
            tokio::time::sleep(pause).await;
            match query::<redis::Value>(&mut connection, &command).await {
                Ok(_) => {
                    tracing::info!(what, "recorded now that the session store answers");
                    return;
                }
                Err(_) => pause = (pause * 2).min(Duration::from_secs(5)),
            }
        }
        tracing::error!(what, "the session store did not come back: left to expire");
    });
}

/// Where the page of a sent message went: the redirect and the notice.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SentAnswer {
    pub to: String,
    pub notice: postern_app::model::Notice,
}

#[derive(Clone, Debug, Serialize, Deserialize)]
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

pub struct SendTokens {
    tokens: Mutex<HashMap<String, (Instant, State)>>,
    redis: Option<Redis>,
    /// The claims in Redis this process holds, by key: freed only while still theirs.
    owners: Mutex<HashMap<String, String>>,
    /// When this store began (seconds since 1970): a memory store knows nothing of tokens
    /// used before.
    began: u64,
}

impl Default for SendTokens {
    fn default() -> Self {
        SendTokens {
            tokens: Mutex::default(),
            redis: None,
            owners: Mutex::default(),
            began: now_seconds(),
        }
    }
}

fn now_seconds() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs())
}

/// A new token for a compose form: when it was made (hex seconds), then 128 random bits.
pub fn new_token() -> String {
    format!("{:x}-{}", now_seconds(), crate::session::random_id())
}

/// When `token` was made, if it says.
fn made_at(token: &str) -> Option<u64> {
    let (made, _) = token.split_once('-')?;
    u64::from_str_radix(made, 16).ok()
}

impl SendTokens {
    /// Tokens kept in Redis, for every instance.
    pub fn shared(redis: Redis) -> Self {
        SendTokens {
            redis: Some(redis),
            ..Default::default()
        }
    }

    /// Whether this store can say if `token` was used: it was made while the store kept
    /// tokens and not longer ago than they are kept. A memory store restarted with Postern
    /// cannot speak for a form made before (its send may have gone out just before the
    /// restart): such a send looks in Sent first.
    pub fn knows(&self, token: &str) -> bool {
        let Some(made) = made_at(token) else {
            return false;
        };
        let recent = now_seconds().saturating_sub(made) < KEEP.as_secs();
        // Made in the second the store began: it may have been the process before.
        recent && (self.redis.is_some() || made > self.began)
    }

    fn key(account: &str, token: &str) -> String {
        account_key("send", &format!("{account}\n{token}"))
    }

    /// Claims `token` of `account` for sending; waits up to `wait` for another post of it that
    /// is sending.
    pub async fn claim(
        &self,
        account: &str,
        token: &str,
        wait: Duration,
    ) -> Result<Claim, Unavailable> {
        let key = Self::key(account, token);
        let started = Instant::now();
        loop {
            let state = match &self.redis {
                Some(redis) => self.claim_shared(redis, &key).await?,
                None => self.claim_here(&key),
            };
            match state {
                None => return Ok(Claim::Send),
                Some(State::Sent(answer)) => return Ok(Claim::Sent(answer)),
                Some(State::Sending) if started.elapsed() >= wait => {
                    return Ok(Claim::StillSending);
                }
                Some(State::Sending) => {}
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }

    /// Whether a post of `token` is sending or has sent (a draft must not be saved over it).
    pub async fn is_used(&self, account: &str, token: &str) -> Result<bool, Unavailable> {
        let key = Self::key(account, token);
        match &self.redis {
            Some(redis) => {
                let state: Option<String> =
                    query(&mut redis.connection(), redis::cmd("GET").arg(&key)).await?;
                Ok(state.is_some())
            }
            None => Ok(self
                .tokens
                .lock()
                .map(|tokens| tokens.contains_key(&key))
                .unwrap_or(true)),
        }
    }

    /// How a sent `token` of `account` was answered, for the page the post went to: read
    /// from the token's record, not kept in the session, so that every post of it (two tabs,
    /// a retry on another instance) shows it however the session's writes cross.
    pub async fn answer(&self, account: &str, token: &str) -> Option<SentAnswer> {
        let key = Self::key(account, token);
        let state = match &self.redis {
            Some(redis) => {
                let value: Option<String> =
                    query(&mut redis.connection(), redis::cmd("GET").arg(&key))
                        .await
                        .ok()
                        .flatten();
                value.map(|value| stored_state(&value))
            }
            // A record past its time is gone, swept or not.
            None => self.tokens.lock().ok().and_then(|tokens| {
                tokens
                    .get(&key)
                    .filter(|(at, _)| at.elapsed() < KEEP)
                    .map(|(_, state)| state.clone())
            }),
        };
        match state {
            Some(State::Sent(answer)) => Some(answer),
            _ => None,
        }
    }

    /// `None`: claimed now; else the state another post left.
    fn claim_here(&self, key: &str) -> Option<State> {
        let Ok(mut tokens) = self.tokens.lock() else {
            return None;
        };
        tokens.retain(|_, (at, state)| match state {
            State::Sending => at.elapsed() < SENDING_AT_MOST,
            State::Sent(_) => at.elapsed() < KEEP,
        });
        match tokens.get(key) {
            None => {
                tokens.insert(key.to_string(), (Instant::now(), State::Sending));
                None
            }
            Some((_, state)) => Some(state.clone()),
        }
    }

    async fn claim_shared(&self, redis: &Redis, key: &str) -> Result<Option<State>, Unavailable> {
        // The claim names its owner: if the answer to SET was lost and the command is sent
        // again, the claim found is recognised as this post's own.
        let owner = format!("{SENDING}{}", crate::session::random_id());
        let claimed = Self::try_claim_shared(redis, key, &owner).await;
        if let Ok(None) = claimed
            && let Ok(mut owners) = self.owners.lock()
        {
            owners.insert(key.to_string(), owner.clone());
        }
        if claimed.is_err() {
            // Redis may have kept the claim though its answer was lost (it went away just
            // then): this post sends nothing, so the claim is freed once Redis is back, or the
            // form could not be sent again until the claim expired.
            settle_later(
                redis,
                free_if_owner(key, &owner),
                "an unanswered claim of a send token",
            );
        }
        claimed
    }

    async fn try_claim_shared(
        redis: &Redis,
        key: &str,
        owner: &str,
    ) -> Result<Option<State>, Unavailable> {
        let mut connection = redis.connection();
        let claimed: Option<String> = query(
            &mut connection,
            redis::cmd("SET")
                .arg(key)
                .arg(owner)
                .arg("NX")
                .arg("PX")
                .arg(SENDING_AT_MOST.as_millis() as u64),
        )
        .await?;
        if claimed.is_some() {
            return Ok(None);
        }
        let state: Option<String> = query(&mut connection, redis::cmd("GET").arg(key)).await?;
        Ok(match state {
            Some(value) if value == owner => None,
            // Another post's claim: still sending.
            Some(value) if value.starts_with(SENDING) => Some(State::Sending),
            // Sent; or unreadable: taken as still sending. Gone in between (expired): the next
            // round claims it.
            Some(value) => Some(stored_state(&value)),
            None => Some(State::Sending),
        })
    }

    /// The claim this process made of `key` (forgotten here).
    fn owner_of(&self, key: &str) -> String {
        self.owners
            .lock()
            .ok()
            .and_then(|mut owners| owners.remove(key))
            .unwrap_or_default()
    }

    /// The message of `token` went out: later posts of it get `answer`. Whether that is
    /// recorded now (else it is once Redis is back).
    pub async fn sent(&self, account: &str, token: &str, answer: SentAnswer) -> bool {
        let key = Self::key(account, token);
        match &self.redis {
            Some(redis) => {
                self.owner_of(&key);
                let state = serde_json::to_string(&State::Sent(answer)).unwrap_or_default();
                let record = redis::cmd("SET")
                    .arg(&key)
                    .arg(state)
                    .arg("PX")
                    .arg(KEEP.as_millis() as u64)
                    .clone();
                let stored: Result<(), _> =
                    crate::shared::query(&mut redis.connection(), &record).await;
                if let Err(error) = stored {
                    // Recorded once Redis is back; until then a retry waits, then finds the
                    // message in Sent.
                    tracing::error!(%error, "cannot record a sent message's token yet");
                    settle_later(redis, record, "a sent message's token");
                    return false;
                }
                true
            }
            None => match self.tokens.lock() {
                Ok(mut tokens) => {
                    tokens.insert(key, (Instant::now(), State::Sent(answer)));
                    true
                }
                Err(_) => false,
            },
        }
    }

    /// The message of `token` did not go out: it may be sent again.
    pub async fn release(&self, account: &str, token: &str) {
        let key = Self::key(account, token);
        match &self.redis {
            Some(redis) => {
                let owner = self.owner_of(&key);
                let free = free_if_owner(&key, &owner);
                let released: Result<i64, _> =
                    crate::shared::query(&mut redis.connection(), &free).await;
                if let Err(error) = released {
                    // Freed once Redis is back: until then the form cannot be sent again.
                    tracing::error!(%error, "cannot free an unsent message's token yet");
                    settle_later(redis, free, "an unsent message's token");
                }
            }
            None => {
                if let Ok(mut tokens) = self.tokens.lock() {
                    tokens.remove(&key);
                }
            }
        }
    }
}

#[cfg(test)]
mod made {
    use super::*;

    #[test]
    fn a_memory_store_knows_only_the_tokens_made_since_it_began() {
        let tokens = SendTokens {
            began: now_seconds() - 10,
            ..Default::default()
        };
        assert!(tokens.knows(&new_token()));
        let same_second = SendTokens::default();
        assert!(
            !same_second.knows(&format!("{:x}-x", same_second.began)),
            "made in the second the store began: perhaps by the process before"
        );
        let old = format!("{:x}-{}", tokens.began - 3600, crate::session::random_id());
        assert!(!tokens.knows(&old), "made an hour before the store began");
        let ancient = format!("{:x}-x", tokens.began - KEEP.as_secs() - 1);
        assert!(!tokens.knows(&ancient));
        assert!(!tokens.knows("no-time-in-it"));
        assert!(!tokens.knows(&crate::session::random_id()));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_token_sends_once() {
        let tokens = SendTokens::default();
        let wait = Duration::from_millis(300);
        let claim = |account: &'static str| {
            let tokens = &tokens;
            async move { tokens.claim(account, "t1", wait).await.unwrap() }
        };
        assert_eq!(claim("a@x").await, Claim::Send);
        assert_eq!(claim("a@x").await, Claim::StillSending);
        assert_eq!(claim("b@x").await, Claim::Send, "per account");
        let answer = SentAnswer {
            to: "/mail?folder=INBOX".into(),
            notice: postern_app::model::Notice::said(postern_app::model::SENT),
        };
        tokens.sent("a@x", "t1", answer.clone()).await;
        assert_eq!(claim("a@x").await, Claim::Sent(answer.clone()));
        assert_eq!(tokens.answer("a@x", "t1").await, Some(answer));
        assert_eq!(
            tokens.answer("b@x", "t1").await,
            None,
            "not sent: no answer"
        );
        assert_eq!(tokens.answer("c@x", "t1").await, None, "another account's");
        tokens.release("b@x", "t1").await;
        assert_eq!(
            claim("b@x").await,
            Claim::Send,
            "sent again after a failure"
        );
    }
}
