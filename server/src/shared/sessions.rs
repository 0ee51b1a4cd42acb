//! The session store on Redis: one key per session (`postern:session:ID`), the record as JSON,
//! expiring with the session. A small store of its own because the maintained one
//! (tower-sessions-redis-store) is built for an older tower-sessions than Postern's.

use async_trait::async_trait;
use tower_sessions::session::{Id, Record};
use tower_sessions::session_store::{self, SessionStore};

use super::{PREFIX, Redis};

#[derive(Clone, Debug)]
pub struct RedisSessions {
    redis: Redis,
}

impl RedisSessions {
    pub fn new(redis: Redis) -> Self {
        RedisSessions { redis }
    }

    fn key(id: &Id) -> String {
        format!("{PREFIX}session:{id}")
    }

    /// `SET` with the record's expiry; `NX` for a new id, `XX` for an existing one (a session
    /// deleted meanwhile — logged out in another tab — is not brought back by a late save).
    /// `Ok(false)` when the condition did not hold.
    async fn set(&self, record: &Record, condition: &str) -> session_store::Result<bool> {
        let json =
            serde_json::to_vec(record).map_err(|e| session_store::Error::Encode(e.to_string()))?;
        let now = time::OffsetDateTime::now_utc();
        let remaining = (record.expiry_date - now).whole_milliseconds().max(1);
        let mut connection = self.redis.connection();
        let answer: Option<String> = crate::shared::query(
            &mut connection,
            redis::cmd("SET")
                .arg(Self::key(&record.id))
                .arg(json)
                .arg("PX")
                .arg(remaining as u64)
                .arg(condition),
        )
        .await
        .map_err(backend)?;
        Ok(answer.is_some())
    }
}

fn backend(error: redis::RedisError) -> session_store::Error {
    session_store::Error::Backend(error.to_string())
}

#[async_trait]
impl SessionStore for RedisSessions {
    async fn create(&self, record: &mut Record) -> session_store::Result<()> {
        // A new random id is taken in the (128-bit) unlikely case that the id is in use.
        while !self.set(record, "NX").await? {
            record.id = Id::default();
        }
        Ok(())
    }

    async fn save(&self, record: &Record) -> session_store::Result<()> {
        self.set(record, "XX").await.map(|_| ())
    }

    async fn load(&self, id: &Id) -> session_store::Result<Option<Record>> {
        let mut connection = self.redis.connection();
        let json: Option<Vec<u8>> =
            crate::shared::query(&mut connection, redis::cmd("GET").arg(Self::key(id)))
                .await
                .map_err(backend)?;
        match json {
            // A record that cannot be read (written by another version) is no session.
            Some(json) => Ok(serde_json::from_slice(&json).ok()),
            None => Ok(None),
        }
    }

    async fn delete(&self, id: &Id) -> session_store::Result<()> {
        let mut connection = self.redis.connection();
        let _: i64 = crate::shared::query(&mut connection, redis::cmd("DEL").arg(Self::key(id)))
            .await
            .map_err(backend)?;
        Ok(())
    }
}
