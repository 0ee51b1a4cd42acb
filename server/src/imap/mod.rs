//! The IMAP adapter: connecting and logging in (`connect`), reading folders (`folders`),
//! modified UTF-7 names (`utf7`), and one reused connection per session (`pool`).

pub mod append;
pub mod command;
pub mod connect;
pub mod export;
pub mod folders;
pub mod message;
pub mod messages;
pub mod organise;
pub mod pool;
pub mod structure;
pub mod utf7;

use std::collections::HashSet;

use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

pub use connect::Connector;
pub use pool::ConnectionPool;

/// An authenticated IMAP session. Both implicit TLS and STARTTLS end in the same stream type.
pub type ImapSession = async_imap::Session<TlsStream<TcpStream>>;

/// A logged-in connection and what the server said it can do.
pub struct Connection {
    pub session: ImapSession,
    pub capabilities: HashSet<String>,
    /// The last sorted UID list, reused for every page until the folder changes.
    pub sort_cache: Option<messages::SortCache>,
}

impl Connection {
    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.contains(&capability.to_ascii_uppercase())
    }

    /// Forgets unsolicited responses left from earlier commands, so that the next command's
    /// untagged data is read alone (async-imap keeps at most 100 of them).
    pub fn drain_unsolicited(&mut self) -> Vec<async_imap::types::UnsolicitedResponse> {
        let mut out = Vec::new();
        while let Ok(response) = self.session.unsolicited_responses.try_recv() {
            out.push(response);
        }
        out
    }
}

/// True when the error means the connection is gone (server restart, idle drop), so a fresh
/// connection may succeed where this one failed.
pub fn is_connection_lost(error: &async_imap::error::Error) -> bool {
    matches!(
        error,
        async_imap::error::Error::Io(_) | async_imap::error::Error::ConnectionLost
    )
}
