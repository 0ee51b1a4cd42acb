//! A compose form posted after its session ended (expired, logged out in another tab, the
//! session store restarted) is not lost: it is sealed under a new random key that only this
//! browser receives (in the `postern_carry` cookie, with the record's id), kept in the shared
//! store for an hour, and the browser goes to the login page, which says so. After the login the
//! person is back in the compose form with every field as typed; uploaded files cannot be kept
//! (they are named, to be attached again). A copy of the store holds only the sealed form; the
//! cookie alone holds no text.

use std::collections::HashMap;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use postern_app::model::{AnswerKind, Arg, MessageRef, Notice};
use serde::{Deserialize, Serialize};

use crate::compose::form::{Intent, Submission};
use crate::session::{SealedPassword, SessionKey, random_id};
use crate::shared::{PREFIX, Redis, Unavailable, query};

/// How long a carried form waits for its login.
pub const KEEP: Duration = Duration::from_secs(60 * 60);
/// Bound into the seal: a carried form cannot be passed off as anything else.
const PURPOSE: &str = "postern:carried-compose";
/// Forms kept in memory at most (one instance).
const MAX_KEPT: usize = 10_000;
/// The text of a form carried over a login, at most: a long letter, not a store for anything.
pub const MAX_TEXT: usize = 256 * 1024;

/// The form as typed, without the uploaded files (named in `lost`).
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, Eq)]
pub struct Carried {
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub body: String,
    pub in_reply_to: String,
    pub references: String,
    pub draft: Option<MessageRef>,
    pub answers: Option<(AnswerKind, MessageRef)>,
    /// Attachments of the draft or forwarded message that were still ticked.
    pub keep: Vec<String>,
    pub send_token: Option<String>,
    /// Files that were uploaded with the post and could not be kept.
    pub lost: Vec<String>,
    /// The account the form was written as: it returns to that account only.
    pub account: String,
    /// The From picked (an identity); empty: the account's own address.
    #[serde(default)]
    pub from: String,
}

impl Carried {
    pub fn from_submission(posted: &Submission) -> Self {
        let mut lost: Vec<String> = posted
            .uploads
            .iter()
            .map(|f| f.filename.clone())
            .chain(posted.dropped_files.iter().cloned())
            .filter(|name| !name.is_empty())
            .collect();
        lost.dedup();
        Carried {
            to: posted.to.clone(),
            cc: posted.cc.clone(),
            bcc: posted.bcc.clone(),
            subject: posted.subject.clone(),
            body: posted.body.clone(),
            in_reply_to: posted.in_reply_to.clone(),
            references: posted.references.clone(),
            draft: posted.draft.clone(),
            answers: posted.answers.clone(),
            keep: posted.keep.clone(),
            send_token: posted.send_token.clone(),
            lost,
            account: posted.account.clone(),
            from: posted.from.clone(),
        }
    }

    /// Whether it was written as `address` (the account now logged in).
    pub fn belongs_to(&self, address: &str) -> bool {
        !self.account.is_empty() && self.account.eq_ignore_ascii_case(address.trim())
    }

    /// Back into a posted form (nothing uploaded), to be shown again as not sent.
    pub fn into_submission(self) -> Submission {
        let upload_error = (!self.lost.is_empty()).then(|| {
            Notice::with(
                "compose-attach-again",
                vec![("files", Arg::text(self.lost.join(", ")))],
            )
        });
        Submission {
            intent: Intent::Send,
            from: self.from,
            to: self.to,
            cc: self.cc,
            bcc: self.bcc,
            subject: self.subject,
            body: self.body,
            in_reply_to: self.in_reply_to,
            references: self.references,
            draft: self.draft,
            answers: self.answers,
            keep: self.keep,
            uploads: Vec::new(),
            upload_error,
            send_token: self.send_token,
            dropped_files: Vec::new(),
            account: self.account,
            autosave: false,
        }
    }

    /// Sealed under `key`; `None` if it cannot be written out (never for these fields).
    pub fn seal(&self, key: &SessionKey) -> Option<String> {
        let json = serde_json::to_string(self).ok()?;
        serde_json::to_string(&SealedPassword::seal(key, PURPOSE, &json)).ok()
    }

    /// The form sealed in `sealed`, if `key` opens it.
    pub fn open(sealed: &str, key: &SessionKey) -> Option<Self> {
        let sealed: SealedPassword = serde_json::from_str(sealed).ok()?;
        let json = sealed.open(key, PURPOSE).ok()?;
        serde_json::from_str(&json).ok()
    }
}

/// Where sealed forms wait: this process, or Redis with the sessions.
#[derive(Default)]
pub struct CarriedForms {
    memory: Mutex<HashMap<String, (Instant, String)>>,
    redis: Option<Redis>,
}

impl CarriedForms {
    pub fn shared(redis: Redis) -> Self {
        CarriedForms {
            redis: Some(redis),
            ..Default::default()
        }
    }

    fn key(id: &str) -> String {
        format!("{PREFIX}carried:{id}")
    }

    /// Seals and keeps `form`; the cookie value that can read it back (`ID.KEY`).
    pub async fn keep(&self, form: &Carried) -> Result<String, Unavailable> {
        let key = SessionKey::generate();
        let id = random_id();
        let sealed = form
            .seal(&key)
            .ok_or_else(|| Unavailable("the form cannot be sealed".to_string()))?;
        match &self.redis {
            Some(redis) => {
                let () = query(
                    &mut redis.connection(),
                    redis::cmd("SET")
                        .arg(Self::key(&id))
                        .arg(sealed)
                        .arg("PX")
                        .arg(KEEP.as_millis() as u64),
                )
                .await?;
            }
            None => {
                let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
                memory.retain(|_, (at, _)| at.elapsed() < KEEP);
                if memory.len() >= MAX_KEPT {
                    return Err(Unavailable("too many forms waiting for a login".into()));
                }
                memory.insert(id.clone(), (Instant::now(), sealed));
            }
        }
        Ok(format!("{id}.{}", key.to_cookie_value()))
    }

    async fn sealed(&self, id: &str, remove: bool) -> Option<String> {
        match &self.redis {
            Some(redis) => {
                let command = if remove { "GETDEL" } else { "GET" };
                query::<Option<String>>(
                    &mut redis.connection(),
                    redis::cmd(command).arg(Self::key(id)),
                )
                .await
                .inspect_err(|error| tracing::error!(%error, "cannot read a carried form"))
                .ok()
                .flatten()
            }
            None => {
                let mut memory = self.memory.lock().unwrap_or_else(|p| p.into_inner());
                let found = memory
                    .get(id)
                    .filter(|(at, _)| at.elapsed() < KEEP)
                    .map(|(_, sealed)| sealed.clone());
                if remove {
                    memory.remove(id);
                }
                found
            }
        }
    }

    async fn read(&self, cookie: &str, remove: bool) -> Option<Carried> {
        let (id, key) = parse_cookie(cookie)?;
        let sealed = self.sealed(id, remove).await?;
        Carried::open(&sealed, &key)
    }

    /// The form the cookie names, left in place (the login page shows what waits).
    pub async fn peek(&self, cookie: &str) -> Option<Carried> {
        self.read(cookie, false).await
    }

    /// The form the cookie names, removed (the login that picks it up).
    pub async fn take(&self, cookie: &str) -> Option<Carried> {
        self.read(cookie, true).await
    }
}

/// The carry cookie's value: the record's id and the key that opens it.
pub fn parse_cookie(value: &str) -> Option<(&str, SessionKey)> {
    let (id, key) = value.split_once('.')?;
    if id.is_empty()
        || id.len() > 64
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return None;
    }
    Some((id, SessionKey::from_cookie_value(key)?))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn a_carried_form_opens_only_with_its_cookie_and_once() {
        let forms = CarriedForms::default();
        let form = Carried {
            to: "bob@example.org".into(),
            subject: "Plans".into(),
            body: "Typed before the session ended".into(),
            lost: vec!["plan.pdf".into()],
            ..Default::default()
        };
        let cookie = forms.keep(&form).await.unwrap();
        let stored = forms
            .memory
            .lock()
            .unwrap()
            .values()
            .next()
            .unwrap()
            .1
            .clone();
        assert!(!stored.contains("Typed"), "kept sealed: {stored}");
        let (id, _) = cookie.split_once('.').unwrap();
        let other_key = SessionKey::generate().to_cookie_value();
        assert_eq!(forms.peek(&format!("{id}.{other_key}")).await, None);
        assert_eq!(forms.peek(&cookie).await, Some(form.clone()));
        assert_eq!(forms.take(&cookie).await, Some(form));
        assert_eq!(forms.take(&cookie).await, None, "once");
        assert_eq!(forms.peek("garbage").await, None);
    }
}
