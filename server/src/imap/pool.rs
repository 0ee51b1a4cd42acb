//! One IMAP connection per login session, reused across requests.
//!
//! A request reaches its connection only through [`ConnectionPool::with_connection`], which holds
//! the connection's lock for the whole operation (so a FETCH stream is drained before the next
//! command), reconnects once when the server dropped the connection, and drops a connection that
//! timed out (its state is unknown). Idle connections are logged out by [`ConnectionPool::evict_idle`].

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use futures::future::BoxFuture;
use postern_app::error::AppError;
use zeroize::Zeroizing;

use super::connect::imap_error;
use super::{Connection, Connector, is_connection_lost};

impl Slot {
    fn quirks(&self) -> super::Quirks {
        self.quirks.lock().map(|q| *q).unwrap_or_default()
    }

    fn keep_quirks(&self, quirks: super::Quirks) {
        if let Ok(mut kept) = self.quirks.lock() {
            *kept = quirks;
        }
    }
}

/// What a reconnect needs: the address and the password, decrypted only for that moment.
pub struct Credentials {
    pub address: String,
    pub password: Zeroizing<String>,
}

#[derive(Default)]
struct Slot {
    // Guards the connection itself; held for a whole operation.
    connection: tokio::sync::Mutex<Option<Connection>>,
    // What the server was found unable to do, for the connections that replace this one.
    quirks: Mutex<super::Quirks>,
    // Guards the time of last use, read by the idle sweep.
    last_used: Mutex<Option<Instant>>,
}

impl Slot {
    fn touch(&self) {
        if let Ok(mut last) = self.last_used.lock() {
            *last = Some(Instant::now());
        }
    }

    fn idle_for(&self) -> Duration {
        self.last_used
            .lock()
            .ok()
            .and_then(|last| last.map(|t| t.elapsed()))
            .unwrap_or(Duration::MAX)
    }
}

pub struct ConnectionPool {
    connector: Arc<Connector>,
    // Guards the map only; never held across an await.
    slots: Mutex<HashMap<String, Arc<Slot>>>,
}

impl ConnectionPool {
    pub fn new(connector: Arc<Connector>) -> Self {
        ConnectionPool {
            connector,
            slots: Mutex::new(HashMap::new()),
        }
    }

    pub fn connector(&self) -> &Connector {
        &self.connector
    }

    fn slot(&self, id: &str) -> Arc<Slot> {
        let mut slots = self
            .slots
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        slots.entry(id.to_string()).or_default().clone()
    }

    /// Stores the connection a login just opened.
    pub async fn insert(&self, id: &str, connection: Connection) {
        let slot = self.slot(id);
        *slot.connection.lock().await = Some(connection);
        slot.touch();
    }

    /// Number of sessions holding an open connection (for /readyz and the benchmark).
    pub fn len(&self) -> usize {
        self.slots.lock().map(|s| s.len()).unwrap_or(0)
    }

    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// IMAP connections open now (a slot busy with a request counts as open).
    pub fn open_connections(&self) -> usize {
        let slots: Vec<Arc<Slot>> = self
            .slots
            .lock()
            .map(|s| s.values().cloned().collect())
            .unwrap_or_default();
        slots
            .iter()
            .filter(|slot| slot.connection.try_lock().map_or(true, |c| c.is_some()))
            .count()
    }

    /// Logs every connection out (the instance is stopping).
    pub async fn close_all(&self) {
        let all: Vec<Arc<Slot>> = {
            let mut slots = self
                .slots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            slots.drain().map(|(_, slot)| slot).collect()
        };
        futures::future::join_all(all.into_iter().map(logout)).await;
    }

    /// Runs `operation` on the session's connection, connecting first if there is none, and
    /// once more on a fresh connection if the server had dropped the old one.
    pub async fn with_connection<T>(
        &self,
        id: &str,
        credentials: impl Fn() -> Result<Credentials, AppError>,
        mut operation: impl for<'c> FnMut(
            &'c mut Connection,
        ) -> BoxFuture<'c, Result<T, async_imap::error::Error>>,
    ) -> Result<T, AppError> {
        let slot = self.slot(id);
        let timeout = self.connector.timeout;
        let host = self.connector.upstream.host.clone();
        // Another request of this session holds the connection; each operation is bounded by
        // `timeout`, so a wait much longer than that means something holds it that should not:
        // say so (and answer) rather than hang.
        // One operation may take two logins and two tries (a reconnect): 5 × timeout.
        let Ok(mut guard) = tokio::time::timeout(timeout * 5, slot.connection.lock()).await else {
            tracing::warn!(%host, "the session's IMAP connection stayed busy; request given up");
            return Err(AppError::Timeout { host });
        };
        slot.touch();
        for attempt in 0..2 {
            let connection = match guard.as_mut() {
                Some(connection) => connection,
                None => {
                    let credentials = credentials()?;
                    let connection = self
                        .connector
                        .login(&credentials.address, &credentials.password)
                        .await?;
                    tracing::info!(attempt, "IMAP connection (re)opened for a session");
                    let connection = guard.insert(connection);
                    connection.quirks = slot.quirks();
                    connection
                }
            };
            // A NOOP from an earlier request says nothing about now.
            connection.synced = false;
            let started = Instant::now();
            let outcome = tokio::time::timeout(timeout, operation(connection)).await;
            crate::metrics::imap_operation(started.elapsed());
            if let Some(connection) = guard.as_ref() {
                slot.keep_quirks(connection.quirks);
                if connection.broken {
                    tracing::info!("IMAP connection out of step with the server; dropped");
                    *guard = None;
                }
            }
            match outcome {
                Ok(Ok(value)) => return Ok(value),
                Ok(Err(error)) if is_connection_lost(&error) => {
                    *guard = None;
                    if attempt == 0 {
                        tracing::info!(%error, "IMAP connection lost; reconnecting once");
                        continue;
                    }
                    return Err(imap_error(&host, "after reconnect", error));
                }
                Ok(Err(error)) => return Err(imap_error(&host, "operation", error)),
                Err(_) => {
                    *guard = None;
                    return Err(AppError::Timeout { host });
                }
            }
        }
        Err(AppError::ServerUnreachable { host })
    }

    /// Logs out and forgets the session's connection (logout, session end).
    pub async fn close(&self, id: &str) {
        let slot = {
            let mut slots = self
                .slots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            slots.remove(id)
        };
        if let Some(slot) = slot {
            logout(slot).await;
        }
    }

    /// Logs out connections unused for longer than `idle`.
    pub async fn evict_idle(&self, idle: Duration) {
        let expired: Vec<Arc<Slot>> = {
            let mut slots = self
                .slots
                .lock()
                .unwrap_or_else(|poisoned| poisoned.into_inner());
            let ids: Vec<String> = slots
                .iter()
                .filter(|(_, slot)| slot.idle_for() > idle)
                .map(|(id, _)| id.clone())
                .collect();
            ids.iter().filter_map(|id| slots.remove(id)).collect()
        };
        for slot in expired {
            logout(slot).await;
        }
    }
}

async fn logout(slot: Arc<Slot>) {
    // A request still holding the connection (past a drain's end) is not waited for long.
    let Ok(mut guard) = tokio::time::timeout(Duration::from_secs(5), slot.connection.lock()).await
    else {
        return;
    };
    let connection = guard.take();
    drop(guard);
    if let Some(mut connection) = connection {
        let _ = tokio::time::timeout(Duration::from_secs(5), connection.session.logout()).await;
    }
}
