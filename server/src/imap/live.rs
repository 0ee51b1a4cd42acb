//! Live mail: changes pushed to open pages as they happen.
//!
//! A session that has a page listening gets one more IMAP connection, its *watch*, owned by a
//! task of this instance: it EXAMINEs the folder the latest page shows and waits in IDLE, so the
//! server reports new, expunged and re-flagged messages the moment they happen. Where the server
//! offers NOTIFY (RFC 5465) the other folders report through the same connection (as STATUS);
//! elsewhere the watch leaves IDLE every [`POLL_OTHERS`] to compare the other folders' counts.
//! However many pages (tabs, instances of the stream) listen, a session has one watch here; it
//! logs out once nobody has listened for the linger time (60 s by default), at logout, and when
//! the instance stops.

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use async_imap::extensions::idle::IdleResponse;
use async_imap::imap_proto::{MailboxDatum, Response};
use async_imap::types::UnsolicitedResponse;
use postern_app::error::AppError;
use postern_app::model::{FolderName, MailChange};
use postern_app::port::ChangeFeed;
use tokio::sync::{broadcast, watch};

use super::pool::Credentials;
use super::{Connection, Connector, Mailbox, OpenError, folders};

/// How the watch gets the password again when it has to reconnect.
pub type CredentialSource = Arc<dyn Fn() -> Result<Credentials, AppError> + Send + Sync>;

/// Without NOTIFY, how often the other folders' counts are compared.
const POLL_OTHERS: Duration = Duration::from_secs(30);
/// With NOTIFY, how often IDLE is renewed anyway (RFC 9051 asks for less than 29 minutes; NAT
/// boxes forget quiet connections sooner).
const RENEW_IDLE: Duration = Duration::from_secs(5 * 60);
/// A watch connection that lasted this long worked: the next reconnect starts quickly again.
const STEADY: Duration = Duration::from_secs(30);
/// The longest wait between reconnect attempts.
const BACKOFF_MAX: Duration = Duration::from_secs(60);
/// Changes kept for a slow stream before it is told to read everything again.
const FEED_CAPACITY: usize = 64;
/// How long a new stream waits for the watch to listen on its own folder before it takes
/// whatever the watch listens on (another tab moved it meanwhile).
const OWN_FOLDER_WAIT: Duration = Duration::from_secs(5);

/// Every session's watch on this instance.
pub struct Live {
    connector: Arc<Connector>,
    /// How long a watch stays open after its last listener left.
    linger: Duration,
    // Guards the map only; never held across an await.
    feeds: Mutex<HashMap<String, Arc<Feed>>>,
    stopping: watch::Sender<bool>,
}

/// One session's watch, as its listeners and its task share it.
struct Feed {
    changes: broadcast::Sender<MailChange>,
    wanted: watch::Sender<Wanted>,
    /// While the watch is in IDLE: the folder open, and how many messages it holds.
    listening: watch::Sender<Option<(FolderName, u32)>>,
    /// The watch reconnected: say `Resync` once it listens again.
    resync_pending: AtomicBool,
    credentials: Mutex<CredentialSource>,
    task: Mutex<Option<tokio::task::JoinHandle<()>>>,
}

#[derive(Clone, Debug)]
struct Wanted {
    /// The folder the latest page shows.
    folder: FolderName,
    listeners: usize,
    /// Logout or the instance stopping: log out now.
    closed: bool,
}

impl Feed {
    fn credentials(&self) -> Result<Credentials, AppError> {
        let source = self
            .credentials
            .lock()
            .map(|c| c.clone())
            .map_err(|_| AppError::Internal)?;
        source()
    }
}

/// One page listening; the watch counts it until it is dropped.
struct Subscription {
    feed: Arc<Feed>,
    /// The folder this page shows.
    folder: FolderName,
    changes: broadcast::Receiver<MailChange>,
    stopping: watch::Receiver<bool>,
    /// `Listening` was said.
    ready: bool,
    /// `Ended` was said: nothing more.
    ended: bool,
}

impl Drop for Subscription {
    fn drop(&mut self) {
        self.feed.wanted.send_modify(|w| {
            w.listeners = w.listeners.saturating_sub(1);
        });
    }
}

impl Live {
    pub fn new(connector: Arc<Connector>, linger: Duration) -> Arc<Self> {
        Arc::new(Live {
            connector,
            linger,
            feeds: Mutex::new(HashMap::new()),
            stopping: watch::Sender::new(false),
        })
    }

    fn feeds(&self) -> std::sync::MutexGuard<'_, HashMap<String, Arc<Feed>>> {
        self.feeds
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Starts listening for the session `id`, watching `folder` from now on. The session's watch
    /// is opened if it has none.
    pub fn subscribe(
        self: &Arc<Self>,
        id: &str,
        folder: FolderName,
        credentials: CredentialSource,
    ) -> ChangeFeed {
        if *self.stopping.borrow() {
            // The instance stops: the page reconnects, to another one.
            return Box::pin(futures::stream::empty());
        }
        let mut feeds = self.feeds();
        let feed = match feeds.get(id) {
            Some(feed) => feed.clone(),
            None => {
                let feed = Arc::new(Feed {
                    changes: broadcast::channel(FEED_CAPACITY).0,
                    wanted: watch::Sender::new(Wanted {
                        folder: folder.clone(),
                        listeners: 0,
                        closed: false,
                    }),
                    listening: watch::Sender::new(None),
                    resync_pending: AtomicBool::new(false),
                    credentials: Mutex::new(credentials.clone()),
                    task: Mutex::new(None),
                });
                feeds.insert(id.to_string(), feed.clone());
                let task = tokio::spawn(watch_session(self.clone(), id.to_string(), feed.clone()));
                if let Ok(mut slot) = feed.task.lock() {
                    *slot = Some(task);
                }
                feed
            }
        };
        if let Ok(mut kept) = feed.credentials.lock() {
            *kept = credentials;
        }
        feed.wanted.send_modify(|w| {
            w.folder = folder.clone();
            w.listeners += 1;
        });
        let subscription = Subscription {
            changes: feed.changes.subscribe(),
            feed,
            folder,
            stopping: self.stopping.subscribe(),
            ready: false,
            ended: false,
        };
        drop(feeds);
        Box::pin(futures::stream::unfold(subscription, next_change))
    }

    /// Ends the session's watch (logout): its pages are told, and it logs out.
    pub fn close(&self, id: &str) {
        let feed = self.feeds().remove(id);
        if let Some(feed) = feed {
            let _ = feed.changes.send(MailChange::Ended);
            feed.wanted.send_modify(|w| w.closed = true);
        }
    }

    /// The instance begins to stop: every stream ends now (the pages reconnect, to another
    /// instance), so that the requests under way can finish without waiting for them.
    pub fn end_streams(&self) {
        // Kept even when no stream listens now: a stream asked for during the drain is refused.
        self.stopping.send_replace(true);
    }

    /// The instance stops: every stream ends and every watch logs out.
    pub async fn close_all(&self) {
        self.end_streams();
        let feeds: Vec<Arc<Feed>> = self.feeds().drain().map(|(_, feed)| feed).collect();
        let mut tasks = Vec::new();
        for feed in feeds {
            feed.wanted.send_modify(|w| w.closed = true);
            if let Some(task) = feed.task.lock().ok().and_then(|mut t| t.take()) {
                tasks.push(task);
            }
        }
        let _ =
            tokio::time::timeout(Duration::from_secs(5), futures::future::join_all(tasks)).await;
    }

    /// Forgets the watch if nobody listens to it (under the map's lock, so that a page
    /// subscribing at this moment either finds it still there or starts a new one).
    fn remove_unwatched(&self, id: &str, feed: &Arc<Feed>) -> bool {
        let mut feeds = self.feeds();
        let unwatched = feed.wanted.borrow().listeners == 0;
        if unwatched {
            forget(&mut feeds, id, feed);
        }
        unwatched
    }

    fn remove(&self, id: &str, feed: &Arc<Feed>) {
        forget(&mut self.feeds(), id, feed);
    }
}

/// Takes `feed` out of the map if it is still the session's (not a newer one).
fn forget(feeds: &mut HashMap<String, Arc<Feed>>, id: &str, feed: &Arc<Feed>) {
    if feeds.get(id).is_some_and(|f| Arc::ptr_eq(f, feed)) {
        feeds.remove(id);
    }
}

/// The next change for one listener; `None` ends its stream.
async fn next_change(mut sub: Subscription) -> Option<(MailChange, Subscription)> {
    if sub.ended || *sub.stopping.borrow() {
        return None;
    }
    if !sub.ready {
        sub.ready = true;
        let mut stopping = sub.stopping.clone();
        let change = tokio::select! {
            // First: once the watch listens, what comes next is for this page too.
            biased;
            exists = listening(&sub.feed, &sub.folder) => MailChange::Listening { exists },
            _ = stopping.wait_for(|stopping| *stopping) => return None,
            ended = ended(&mut sub.changes) => ended,
        };
        sub.ended = change == MailChange::Ended;
        return Some((change, sub));
    }
    let received = tokio::select! {
        received = sub.changes.recv() => received,
        _ = sub.stopping.wait_for(|stopping| *stopping) => return None,
    };
    match received {
        Ok(change) => {
            sub.ended = change == MailChange::Ended;
            Some((change, sub))
        }
        // Too slow to keep up: it reads everything again.
        Err(broadcast::error::RecvError::Lagged(_)) => Some((MailChange::Resync, sub)),
        Err(broadcast::error::RecvError::Closed) => None,
    }
}

/// Waits until the watch listens, preferably on `folder`; how many messages `folder` holds
/// then (`None` when the watch listens on another folder).
async fn listening(feed: &Feed, folder: &FolderName) -> Option<u32> {
    let mut listening = feed.listening.subscribe();
    let own = tokio::time::timeout(
        OWN_FOLDER_WAIT,
        listening.wait_for(|l| l.as_ref().is_some_and(|(f, _)| f == folder)),
    )
    .await
    .map(|now| now.map(|now| now.as_ref().map(|(_, exists)| *exists)));
    if let Ok(Ok(exists)) = own {
        return exists;
    }
    let _ = listening.wait_for(Option::is_some).await;
    None
}

/// Waits for the watch's `Ended` (what else comes before it listens is for other pages).
async fn ended(changes: &mut broadcast::Receiver<MailChange>) -> MailChange {
    loop {
        match changes.recv().await {
            Ok(MailChange::Ended) | Err(broadcast::error::RecvError::Closed) => {
                return MailChange::Ended;
            }
            _ => {}
        }
    }
}

/// How a watch's connection ended.
enum Ending {
    /// For good (nobody listens, logout, the instance stops); already logged out.
    Done,
    /// The connection failed; try again. `listened`: it got as far as IDLE.
    Lost { listened: bool },
}

/// One session's watch: connects, watches until it ends, reconnects with a growing pause.
async fn watch_session(live: Arc<Live>, id: String, feed: Arc<Feed>) {
    let mut wanted = feed.wanted.subscribe();
    let mut failures = 0u32;
    let mut listened_before = false;
    loop {
        let opened = match feed.credentials() {
            Ok(credentials) => {
                live.connector
                    .login(&credentials.address, &credentials.password)
                    .await
            }
            Err(error) => Err(error),
        };
        match opened {
            Ok(connection) => {
                tracing::debug!("live mail: watch connected");
                let connected_at = Instant::now();
                // Whatever happened while it was away is read again, once it listens.
                feed.resync_pending
                    .store(listened_before, Ordering::Relaxed);
                let ending = watch_connection(&live, &id, &feed, connection, &mut wanted).await;
                feed.listening.send_replace(None);
                match ending {
                    Ending::Done => return,
                    Ending::Lost { listened } => {
                        tracing::info!("live mail: watch connection lost");
                        listened_before |= listened;
                        if listened && connected_at.elapsed() > STEADY {
                            // Only a connection that worked a while resets the pause: one that
                            // fails after its login (a refused EXAMINE, a proxy cutting IDLE)
                            // must not log in every 2 s.
                            failures = 0;
                        }
                    }
                }
            }
            Err(error @ (AppError::WrongCredentials | AppError::NotLoggedIn)) => {
                // Trying again would give the same answer (a password changed elsewhere).
                tracing::info!(%error, "live mail: watch cannot log in; ended");
                let _ = feed.changes.send(MailChange::Ended);
                live.remove(&id, &feed);
                return;
            }
            Err(error) => tracing::info!(%error, "live mail: watch cannot connect"),
        }
        failures += 1;
        let pause = Duration::from_secs(1 << failures.min(6)).min(BACKOFF_MAX);
        let _ = tokio::time::timeout(pause, wanted.wait_for(|w| w.closed)).await;
        let state = wanted.borrow_and_update().clone();
        if state.closed || (state.listeners == 0 && live.remove_unwatched(&id, &feed)) {
            return;
        }
    }
}

/// Watches on one connection until it ends.
async fn watch_connection(
    live: &Live,
    id: &str,
    feed: &Arc<Feed>,
    mut conn: Connection,
    wanted: &mut watch::Receiver<Wanted>,
) -> Ending {
    let timeout = live.connector.timeout;
    let notify = if conn.has("NOTIFY") {
        match set_notify(&mut conn, timeout).await {
            Some(set) => set,
            // No answer: the connection is in an unknown state.
            None => return Ending::Lost { listened: false },
        }
    } else {
        false
    };
    let mut others: Option<HashMap<FolderName, folders::Counts>> = None;
    let mut unwatched_since: Option<Instant> = None;
    // The folder asked for, the one opened, its version and message count.
    let mut seen: Option<Seen> = None;
    let mut listened = false;
    loop {
        let state = wanted.borrow_and_update().clone();
        if state.closed {
            logout(conn, timeout).await;
            return Ending::Done;
        }
        let linger_left = if state.listeners == 0 {
            let since = *unwatched_since.get_or_insert_with(Instant::now);
            let left = live.linger.saturating_sub(since.elapsed());
            if left.is_zero() && live.remove_unwatched(id, feed) {
                tracing::debug!("live mail: nobody listens; watch closed");
                logout(conn, timeout).await;
                return Ending::Done;
            }
            Some(left.max(Duration::from_secs(1)))
        } else {
            unwatched_since = None;
            None
        };
        // With NOTIFY, IDLE itself reports everything about the open folder and the others:
        // the folder is opened again only when the page asks for another one.
        let reuse = notify
            && seen.as_ref().is_some_and(|(asked, opened, _)| {
                *asked == state.folder && *opened.name() == state.folder
            });
        if !reuse {
            // Open the folder the latest page shows (INBOX if it is gone), and see what changed
            // since the watch last looked.
            let look = async {
                let mailbox = match folders::resolve(&mut conn, &state.folder).await {
                    Ok(mailbox) => mailbox,
                    Err(OpenError::NoSuchFolder) => {
                        folders::resolve(&mut conn, &FolderName::inbox()).await?
                    }
                    Err(error) => return Err(error),
                };
                // Ask the server (NOOP) even right after IDLE's DONE.
                conn.synced = false;
                conn.open_folder(&mailbox, false).await?;
                let listing = if notify {
                    None
                } else {
                    Some(folders::list_folders(&mut conn).await?)
                };
                // After the listing's own NOOP: what it drained is counted in the version.
                let version = conn
                    .selected
                    .as_ref()
                    .map_or((0, 0, 0, 0), |open| open.state().version);
                Ok::<_, OpenError>((mailbox, version, listing))
            };
            let (mailbox, version, listing) = match tokio::time::timeout(timeout, look).await {
                Ok(Ok(looked)) => looked,
                Ok(Err(OpenError::Imap(error))) => {
                    tracing::info!(%error, "live mail: watch cannot open its folder");
                    return Ending::Lost { listened };
                }
                Ok(Err(_)) | Err(_) => return Ending::Lost { listened },
            };
            if let Some((_, before, before_version)) = &seen
                && *before == mailbox
                && *before_version != version
            {
                let _ = feed
                    .changes
                    .send(MailChange::Folder(mailbox.name().clone()));
            }
            seen = Some((state.folder.clone(), mailbox, version));
            if let Some(listing) = listing {
                let now: HashMap<FolderName, folders::Counts> = listing
                    .folders()
                    .filter_map(|f| Some((f.name.clone(), listing.counts(&f.name)?)))
                    .collect();
                if let Some(before) = &others {
                    for (name, counts) in &now {
                        let open = seen.as_ref().is_some_and(|(_, m, _)| m.name() == name);
                        if before.get(name) != Some(counts) && !open {
                            let _ = feed.changes.send(MailChange::Folder(name.clone()));
                        }
                    }
                }
                others = Some(now);
            }
        }
        let Some((_, mailbox, _)) = seen.clone() else {
            return Ending::Lost { listened };
        };
        let exists = conn.selected.as_ref().map_or(0, |open| open.exists);
        let renew = if notify { RENEW_IDLE } else { POLL_OTHERS };
        let wait = linger_left.map_or(renew, |left| left.min(renew));
        let watching = Watching {
            mailbox: &mailbox,
            exists,
            feed,
        };
        conn = match idle(conn, &watching, wanted, wait, timeout).await {
            Ok(conn) => conn,
            Err(had_listened) => {
                return Ending::Lost {
                    listened: listened || had_listened,
                };
            }
        };
        listened = true;
        if let (Some((_, _, version)), Some(open)) = (seen.as_mut(), conn.selected.as_ref()) {
            *version = open.state().version;
        }
    }
}

/// The folder asked for, the one opened, and its version when the watch last looked.
type Seen = (FolderName, Mailbox, (u32, u32, u32, u32));

/// What one IDLE watches.
struct Watching<'a> {
    /// The folder open (the page's, or INBOX when that is gone).
    mailbox: &'a Mailbox,
    /// Its messages when IDLE began.
    exists: u32,
    feed: &'a Feed,
}

/// Asks the server to report the other folders' changes too (RFC 5465). `false` if it would
/// not, `None` if it did not answer.
async fn set_notify(conn: &mut Connection, timeout: Duration) -> Option<bool> {
    let asked = conn
        .session
        .run_command_and_check_ok(super::command::NOTIFY_SET);
    match tokio::time::timeout(timeout, asked).await {
        Ok(Ok(())) => Some(true),
        Ok(Err(error)) => {
            tracing::info!(%error, "live mail: NOTIFY refused; other folders are polled");
            Some(false)
        }
        Err(_) => None,
    }
}

/// One IDLE on the open folder: reports what the server says until `wait` has passed or what
/// the watch should watch changed. `Err` when the connection failed (`true`: after it had
/// listened). A server without IDLE is
/// only waited for: the next look (NOOP) finds what changed.
async fn idle(
    mut conn: Connection,
    watching: &Watching<'_>,
    wanted: &mut watch::Receiver<Wanted>,
    wait: Duration,
    timeout: Duration,
) -> Result<Connection, bool> {
    let feed = watching.feed;
    let mailbox = watching.mailbox;
    let report = |change: Option<MailChange>| {
        if let Some(change) = change {
            let _ = feed.changes.send(change);
        }
    };
    for response in conn.drain_unsolicited() {
        report(unsolicited_change(&response, mailbox));
    }
    let now_listening = || {
        // Under the folder actually open: a page of a folder that is gone learns no count.
        feed.listening
            .send_replace(Some((mailbox.name().clone(), watching.exists)));
        if feed.resync_pending.swap(false, Ordering::Relaxed) {
            let _ = feed.changes.send(MailChange::Resync);
        }
    };
    if !conn.has("IDLE") {
        now_listening();
        let _ = tokio::time::timeout(wait.min(POLL_OTHERS), wanted.changed()).await;
        feed.listening.send_replace(None);
        return Ok(conn);
    }
    // IDLE takes the session; the rest of the connection waits for DONE to give it back.
    let mut handle = conn.session.idle();
    if !matches!(
        tokio::time::timeout(timeout, handle.init()).await,
        Ok(Ok(()))
    ) {
        return Err(false);
    }
    now_listening();
    let deadline = Instant::now() + wait;
    let mut failed = false;
    let mut exists = watching.exists;
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            break;
        }
        let (waiting, stop) = handle.wait_with_timeout(left);
        tokio::pin!(waiting);
        let woke = tokio::select! {
            result = &mut waiting => Some(result),
            _ = wanted.changed() => None,
        };
        let interrupted = woke.is_none();
        let result = match woke {
            Some(result) => result,
            None => {
                drop(stop);
                waiting.await
            }
        };
        match result {
            Ok(IdleResponse::NewData(data)) => {
                let parsed = data.parsed();
                // A page that starts listening now compares its count with this one.
                match parsed {
                    Response::MailboxData(MailboxDatum::Exists(n)) => exists = *n,
                    Response::Expunge(_) => exists = exists.saturating_sub(1),
                    _ => {}
                }
                feed.listening.send_modify(|l| {
                    if let Some((_, count)) = l {
                        *count = exists;
                    }
                });
                report(change_of(parsed, mailbox));
            }
            Ok(IdleResponse::Timeout | IdleResponse::ManualInterrupt) => break,
            Err(error) => {
                tracing::info!(%error, "live mail: IDLE failed");
                failed = true;
                break;
            }
        }
        if interrupted {
            break;
        }
    }
    // Between DONE and the next IDLE nothing is heard: a new page waits for the next one.
    feed.listening.send_replace(None);
    if failed {
        return Err(true);
    }
    conn.session = match tokio::time::timeout(timeout, handle.done()).await {
        Ok(Ok(session)) => session,
        _ => return Err(true),
    };
    // What IDLE reported is known: the next look compares from here.
    if let Some(open) = conn.selected.as_mut() {
        open.exists = exists;
    }
    for response in conn.drain_unsolicited() {
        report(unsolicited_change(&response, mailbox));
    }
    Ok(conn)
}

/// What a response seen while watching `mailbox` means for the pages.
fn change_of(response: &Response<'_>, mailbox: &Mailbox) -> Option<MailChange> {
    match response {
        Response::MailboxData(MailboxDatum::Exists(_))
        | Response::Expunge(_)
        | Response::Vanished { .. }
        | Response::Fetch(..) => Some(MailChange::Folder(mailbox.name().clone())),
        Response::MailboxData(MailboxDatum::Status { mailbox: name, .. }) => {
            Some(MailChange::Folder(FolderName::new(folders::unquote(name))))
        }
        _ => None,
    }
}

/// The same, for responses that came outside IDLE.
fn unsolicited_change(response: &UnsolicitedResponse, mailbox: &Mailbox) -> Option<MailChange> {
    match response {
        UnsolicitedResponse::Exists(_) | UnsolicitedResponse::Expunge(_) => {
            Some(MailChange::Folder(mailbox.name().clone()))
        }
        UnsolicitedResponse::Status { mailbox: name, .. } => {
            Some(MailChange::Folder(FolderName::new(folders::unquote(name))))
        }
        UnsolicitedResponse::Other(data) => change_of(data.parsed(), mailbox),
        UnsolicitedResponse::Recent(_) => None,
    }
}

async fn logout(mut conn: Connection, timeout: Duration) {
    let _ = tokio::time::timeout(timeout.min(Duration::from_secs(5)), conn.session.logout()).await;
}
