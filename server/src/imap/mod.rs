//! The IMAP adapter: connecting and logging in (`connect`), reading folders (`folders`),
//! modified UTF-7 names (`utf7`), and one reused connection per session (`pool`). Every
//! command's text is written by `command`; every folder a command names is a [`Mailbox`], a
//! name the server listed.

pub mod append;
pub mod command;
pub mod connect;
pub mod export;
pub mod folders;
pub mod live;
pub mod message;
pub mod messages;
pub mod organise;
pub mod pool;
pub mod settings;
pub mod structure;
pub mod utf7;

use std::collections::HashSet;

use postern_app::model::{Folder, FolderName, QuotaInfo, SpecialUse, UidValidity};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

pub use connect::Connector;
pub use pool::ConnectionPool;

/// An authenticated IMAP session. Both implicit TLS and STARTTLS end in the same stream type.
pub type ImapSession = async_imap::Session<TlsStream<TcpStream>>;

/// A folder name the server listed (or that Postern has just created): the only kind of name an
/// IMAP command is built with, so a name made up in a URL never reaches the server. Made only
/// inside this module, from a LIST response or a successful CREATE.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Mailbox(FolderName);

impl Mailbox {
    fn listed(name: FolderName) -> Self {
        Mailbox(name)
    }

    pub fn name(&self) -> &FolderName {
        &self.0
    }

    pub fn as_str(&self) -> &str {
        self.0.as_str()
    }
}

/// The folder list as last read: each folder with its counts (messages, unseen), in display
/// order. Lookups give [`Mailbox`]es.
#[derive(Clone, Debug, Default)]
pub struct Listing {
    folders: Vec<(Folder, folders::Counts)>,
    /// `INBOX.` (with the delimiter) where the server keeps the person's folders under INBOX.
    personal_prefix: Option<String>,
}

impl Listing {
    /// The selectable folder named `name`.
    pub fn find(&self, name: &FolderName) -> Option<Mailbox> {
        self.folder(name)
            .filter(|f| f.selectable)
            .map(|f| Mailbox::listed(f.name.clone()))
    }

    /// The listed folder named `name`, selectable or not (renaming or deleting a parent).
    pub fn any(&self, name: &FolderName) -> Option<Mailbox> {
        self.folder(name).map(|f| Mailbox::listed(f.name.clone()))
    }

    /// The folder named `name`, selectable or not (a parent in the tree).
    pub fn folder(&self, name: &FolderName) -> Option<&Folder> {
        self.folders
            .iter()
            .map(|(f, _)| f)
            .find(|f| f.name == *name)
    }

    /// The folder with this role, and its counts.
    pub fn special(&self, role: SpecialUse) -> Option<(&Folder, folders::Counts)> {
        self.folders
            .iter()
            .find(|(f, _)| f.special == Some(role))
            .map(|(f, c)| (f, *c))
    }

    /// The mailbox with this role.
    pub fn special_mailbox(&self, role: SpecialUse) -> Option<Mailbox> {
        self.special(role)
            .map(|(f, _)| Mailbox::listed(f.name.clone()))
    }

    /// The counts of a listed folder.
    pub fn counts(&self, name: &FolderName) -> Option<folders::Counts> {
        self.folders
            .iter()
            .find(|(f, _)| f.name == *name)
            .map(|(_, c)| *c)
    }

    pub fn folders(&self) -> impl Iterator<Item = &Folder> {
        self.folders.iter().map(|(f, _)| f)
    }

    pub fn into_folders(self) -> Vec<Folder> {
        self.folders.into_iter().map(|(f, _)| f).collect()
    }

    /// `INBOX.` (with the server's delimiter) on a server without SPECIAL-USE whose folders are
    /// all below INBOX (Courier): new folders belong there too. `None` when the list cannot
    /// tell (INBOX alone), they are not, or the server has SPECIAL-USE (Dovecot, Cyrus: there a
    /// refused top-level CREATE is what tells).
    pub fn personal_prefix(&self) -> Option<String> {
        self.personal_prefix.clone()
    }

    /// The server's hierarchy delimiter, `/` when it names none.
    pub fn delimiter(&self) -> String {
        self.folders()
            .map(|f| f.delimiter.clone())
            .find(|d| !d.is_empty())
            .unwrap_or_else(|| "/".to_string())
    }
}

/// Why an operation on a message or folder failed, beyond IMAP failures.
#[derive(Debug)]
pub enum OpenError {
    Imap(async_imap::error::Error),
    /// UIDVALIDITY differs from the one the link was made with: UIDs point elsewhere now.
    FolderChanged,
    NoSuchMessage,
    /// A folder that the server did not list (or that cannot take this action).
    NoSuchFolder,
    /// The server cannot do this safely; why, in words. Nothing was changed.
    Unsafe(&'static str),
}

impl From<async_imap::error::Error> for OpenError {
    fn from(error: async_imap::error::Error) -> Self {
        OpenError::Imap(error)
    }
}

/// A logged-in connection and what the server said it can do.
pub struct Connection {
    pub session: ImapSession,
    pub capabilities: HashSet<String>,
    /// The last sorted UID list, reused for every page until the folder changes.
    pub sort_cache: Option<messages::SortCache>,
    /// The folder this connection has open (see [`Connection::open_folder`]).
    pub selected: Option<Selected>,
    /// The open folder was synchronised (NOOP) earlier in this same request.
    pub synced: bool,
    /// The quota as last read, and when: it changes slowly, and every page shows it.
    pub quota_cache: Option<(std::time::Instant, Option<QuotaInfo>)>,
    /// Trash's size in bytes as last added up, with the folder and message count it was added
    /// up for (see [`organise::trash_bytes`]).
    pub trash_size_cache: Option<(Mailbox, u32, u64)>,
    /// The folder list as last read, and when (see [`folders::list_folders_recent`]).
    pub folders_cache: Option<(std::time::Instant, Listing)>,
    /// When the server last reported a change in the open folder (a new, expunged or changed
    /// message), or Postern changed flags itself: a folder list read before it has stale counts.
    pub changed_at: Option<std::time::Instant>,
    /// What this server was found unable to do; kept across reconnects of the session.
    pub quirks: Quirks,
    /// The connection cannot be trusted any more (a reply it could not read): the pool drops
    /// it after the operation, and the next one connects afresh.
    pub broken: bool,
}

/// Things a server was found unable to do during a session, so that they are not asked again.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Quirks {
    /// Its quota reply could not be read (Courier answers `* QUOTA "ROOT"` without the resource
    /// list RFC 9208 requires when no quota is set); no quota bar for this session.
    pub quota_unreadable: bool,
}

/// The open folder as last reported by the server.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Selected {
    pub folder: Mailbox,
    /// SELECT (read-write) rather than EXAMINE.
    pub writable: bool,
    pub uid_validity: Option<UidValidity>,
    /// UIDNEXT when it was opened.
    pub uid_next: u32,
    pub exists: u32,
    /// New or removed messages the server reported since it was opened.
    pub changes: u32,
}

/// What a page needs to know about the folder it reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FolderState {
    pub uid_validity: Option<UidValidity>,
    pub exists: u32,
    /// Changes whenever a message is added to or removed from the folder (for caches).
    pub version: (u32, u32, u32, u32),
}

impl Selected {
    fn state(&self) -> FolderState {
        FolderState {
            uid_validity: self.uid_validity,
            exists: self.exists,
            version: (
                self.uid_validity.map_or(0, UidValidity::get),
                self.uid_next,
                self.exists,
                self.changes,
            ),
        }
    }
}

/// async-imap keeps at most this many unsolicited responses and drops the rest.
const UNSOLICITED_CAPACITY: usize = 100;

impl Connection {
    pub fn has(&self, capability: &str) -> bool {
        self.capabilities.contains(&capability.to_ascii_uppercase())
    }

    /// Forgets unsolicited responses left from earlier commands, so that the next command's
    /// untagged data is read alone (async-imap keeps at most 100 of them).
    ///
    /// New and removed messages of the open folder are counted on the way, so that it can stay
    /// open between requests.
    pub fn drain_unsolicited(&mut self) -> Vec<async_imap::types::UnsolicitedResponse> {
        use async_imap::types::UnsolicitedResponse;
        let mut out = Vec::new();
        while let Ok(response) = self.session.unsolicited_responses.try_recv() {
            if let Some(open) = self.selected.as_mut() {
                match response {
                    UnsolicitedResponse::Exists(n) => {
                        open.exists = n;
                        open.changes += 1;
                    }
                    UnsolicitedResponse::Expunge(_) => {
                        open.exists = open.exists.saturating_sub(1);
                        open.changes += 1;
                    }
                    _ => {}
                }
            }
            // Anything but the counts a LIST-STATUS returns may change what a list shows.
            if !matches!(response, UnsolicitedResponse::Status { .. }) {
                self.changed_at = Some(std::time::Instant::now());
            }
            out.push(response);
        }
        if out.len() >= UNSOLICITED_CAPACITY {
            // Some may have been dropped: the counts cannot be trusted, open the folder afresh.
            self.selected = None;
        }
        out
    }

    /// Opens `folder` (SELECT when `writable`, else EXAMINE) — or, when it is open already, asks
    /// the server with NOOP what changed. Dovecot re-reads a folder's index on every SELECT or
    /// EXAMINE (about 40 ms at 100,000 messages); a NOOP on the open folder costs a round trip.
    pub async fn open_folder(
        &mut self,
        folder: &Mailbox,
        writable: bool,
    ) -> Result<FolderState, async_imap::error::Error> {
        self.drain_unsolicited();
        let reusable = self
            .selected
            .as_ref()
            .is_some_and(|s| s.folder == *folder && (s.writable || !writable));
        if reusable {
            if !std::mem::take(&mut self.synced) {
                self.session.noop().await?;
                self.drain_unsolicited();
            }
            if let Some(open) = &self.selected {
                return Ok(open.state());
            }
        }
        // A failed SELECT leaves no folder open (RFC 3501 6.3.1).
        self.selected = None;
        let mailbox = if writable {
            self.session.select(folder.as_str()).await?
        } else {
            self.session.examine(folder.as_str()).await?
        };
        let open = Selected {
            folder: folder.clone(),
            writable,
            uid_validity: mailbox.uid_validity.and_then(UidValidity::new),
            uid_next: mailbox.uid_next.unwrap_or(0),
            exists: mailbox.exists,
            changes: 0,
        };
        let state = open.state();
        self.selected = Some(open);
        Ok(state)
    }

    /// Opens `folder` and checks that the UIDVALIDITY a link was made with still holds.
    pub async fn open_checked(
        &mut self,
        folder: &Mailbox,
        writable: bool,
        expected: Option<UidValidity>,
    ) -> Result<Option<UidValidity>, OpenError> {
        let current = self.open_folder(folder, writable).await?.uid_validity;
        if expected.is_some_and(|v| Some(v) != current) {
            return Err(OpenError::FolderChanged);
        }
        Ok(current)
    }

    /// Leaves the open folder without expunging anything: UNSELECT (RFC 3691) where the server
    /// has it, CLOSE on a folder opened read-only (it expunges nothing then), else EXAMINE INBOX
    /// (opening another folder closes this one without expunging).
    pub async fn leave_folder(&mut self) -> Result<(), async_imap::error::Error> {
        // Postern may have forgotten a folder the server still has open (after its own changes).
        let open = self.selected.take();
        self.forget_open_folder();
        if self.has("UNSELECT") {
            // NO when nothing is open: fine.
            let _ = self.session.run_command_and_check_ok("UNSELECT").await;
            return Ok(());
        }
        match open {
            Some(open) if !open.writable => self.session.close().await,
            _ => self.session.examine("INBOX").await.map(|_| ()),
        }
    }

    /// After Postern changed a folder itself (moved, expunged, appended, renamed), the next
    /// request opens it afresh rather than trusting the counts.
    pub fn forget_open_folder(&mut self) {
        self.selected = None;
        self.synced = false;
        // Moving, deleting, appending and renaming change what the mailbox holds.
        self.quota_cache = None;
        self.folders_cache = None;
        self.trash_size_cache = None;
    }

    /// Brings the open folder up to date (NOOP) once per request.
    pub async fn sync_open_folder(&mut self) -> Result<(), async_imap::error::Error> {
        if self.selected.is_some() && !self.synced {
            self.session.noop().await?;
            self.drain_unsolicited();
            self.synced = true;
        }
        Ok(())
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
