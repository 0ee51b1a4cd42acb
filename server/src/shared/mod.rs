//! What several instances behind one load balancer must share, and where it is kept: the
//! process's memory (one instance, the default) or Redis (`POSTERN_SESSION_STORE=redis://…`).
//!
//! In Redis mode everything another instance needs is there: session records (the password
//! only sealed, its key only in the browser), the login throttle's failure times, and the send
//! tokens. Each instance keeps only its own IMAP connections, made again from the sealed
//! password the first time it serves a session.
//!
//! Keys are prefixed `postern:`; each one expires by itself, so Redis never fills up with
//! what nobody will read again.

pub mod sessions;

use std::time::Duration;

use redis::aio::{ConnectionManager, ConnectionManagerConfig};

/// The prefix of every key Postern writes.
pub const PREFIX: &str = "postern:";

/// Redis could not be asked (down, unreachable, too slow, or it refused).
#[derive(Debug, thiserror::Error)]
#[error("the session store (Redis) is unavailable: {0}")]
pub struct Unavailable(pub String);

impl From<redis::RedisError> for Unavailable {
    fn from(error: redis::RedisError) -> Self {
        Unavailable(error.to_string())
    }
}

/// A connection to Redis shared by the whole process: multiplexed, and made again by itself
/// when Redis comes back after being down.
#[derive(Clone)]
pub struct Redis {
    connection: ConnectionManager,
    /// Where it is, for `/readyz` and the logs (without a password).
    pub shown_as: String,
}

impl std::fmt::Debug for Redis {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redis({})", self.shown_as)
    }
}

impl Redis {
    /// Prepares the connection without making it: Postern starts (and `/readyz` says why it is
    /// not ready) while Redis is down. Needs a Tokio runtime.
    pub fn new(url: &str, timeout: Duration) -> Result<Self, String> {
        let client = redis::Client::open(url)
            .map_err(|e| format!("POSTERN_SESSION_STORE: {} ({e})", without_password(url)))?;
        let config = ConnectionManagerConfig::new()
            .set_connection_timeout(Some(timeout))
            .set_response_timeout(Some(timeout))
            // A request waits for one quick retry at most; later requests try again.
            .set_number_of_retries(1)
            .set_min_delay(Duration::from_millis(50))
            .set_max_delay(Duration::from_millis(500));
        let connection = ConnectionManager::new_lazy_with_config(client, config)
            .map_err(|e| format!("POSTERN_SESSION_STORE: {e}"))?;
        Ok(Redis {
            connection,
            shown_as: without_password(url),
        })
    }

    /// Pings Redis every second in the background, so that a connection lost while nobody
    /// asked (Redis restarted at night) is made again before the next person needs it.
    pub fn keep_alive(&self) {
        let redis = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(Duration::from_secs(1));
            let mut was_down = false;
            loop {
                tick.tick().await;
                match redis.ping().await {
                    Ok(()) if was_down => {
                        tracing::info!(store = %redis.shown_as, "Redis answers again");
                        was_down = false;
                    }
                    Ok(()) => {}
                    Err(error) if !was_down => {
                        tracing::error!(store = %redis.shown_as, %error, "Redis does not answer");
                        was_down = true;
                    }
                    Err(_) => {}
                }
            }
        });
    }

    /// A handle for commands (cheap: the connection is shared).
    pub fn connection(&self) -> ConnectionManager {
        self.connection.clone()
    }

    /// Answers `PING`.
    pub async fn ping(&self) -> Result<(), Unavailable> {
        let mut connection = self.connection();
        let pong: String = query(&mut connection, &redis::cmd("PING")).await?;
        if pong == "PONG" {
            Ok(())
        } else {
            Err(Unavailable(format!("PING answered {pong:?}")))
        }
    }
}

/// Whether an error says the connection is gone (Redis restarted or unreachable), so that the
/// same command on the connection made again may succeed.
fn connection_lost(error: &redis::RedisError) -> bool {
    error.is_io_error()
        || error.is_connection_dropped()
        || error.is_connection_refusal()
        || error.is_timeout()
}

/// Runs `command`; once more when the connection had been lost (the connection manager makes a
/// new one as soon as it sees the loss), so that the first request after Redis came back does
/// not fail. Every command Postern sends is idempotent or checked by its caller.
pub async fn query<T: redis::FromRedisValue>(
    connection: &mut ConnectionManager,
    command: &redis::Cmd,
) -> Result<T, redis::RedisError> {
    match command.query_async(connection).await {
        Err(error) if connection_lost(&error) => command.query_async(connection).await,
        other => other,
    }
}

/// [`query`] for a pipeline.
pub async fn query_pipe<T: redis::FromRedisValue>(
    connection: &mut ConnectionManager,
    pipe: &redis::Pipeline,
) -> Result<T, redis::RedisError> {
    match pipe.query_async(connection).await {
        Err(error) if connection_lost(&error) => pipe.query_async(connection).await,
        other => other,
    }
}

/// `redis://:secret@host:6379/0` → `redis://host:6379/0`.
fn without_password(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}{}", &url[..scheme_end + 3], &url[at + 1..])
        }
        _ => url.to_string(),
    }
}

/// Milliseconds since 1970 by this machine's clock: the instances of one deployment agree on
/// it closely enough for windows of minutes.
pub fn now_millis() -> u64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_millis() as u64)
        .unwrap_or(0)
}

/// A key for something about an account, without the address in the clear.
pub fn account_key(kind: &str, account: &str) -> String {
    use sha2::Digest;
    let digest = sha2::Sha256::digest(account.trim().to_lowercase().as_bytes());
    let hex: String = digest.iter().take(16).map(|b| format!("{b:02x}")).collect();
    format!("{PREFIX}{kind}:{hex}")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shown_without_password() {
        assert_eq!(
            without_password("redis://:s3cret@cache:6379/1"),
            "redis://cache:6379/1"
        );
        assert_eq!(
            without_password("rediss://cache:6380"),
            "rediss://cache:6380"
        );
    }

    #[test]
    fn account_keys_hide_the_address() {
        let key = account_key("throttle:account", " Alice@Example.org");
        assert_eq!(key, account_key("throttle:account", "alice@example.org"));
        assert!(key.starts_with("postern:throttle:account:"));
        assert!(!key.contains("alice"));
    }
}
