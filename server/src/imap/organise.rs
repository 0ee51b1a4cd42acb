//! Changing messages: flags, move, delete to Trash, permanent delete, emptying Trash.
//!
//! Only the UIDs a person picked are ever expunged: a move is `UID MOVE` (RFC 6851) or
//! `UID COPY` + `\Deleted` + `UID EXPUNGE` of exactly those UIDs (RFC 4315); a plain EXPUNGE,
//! which would also remove what another client marked `\Deleted`, is never sent.

use futures::TryStreamExt;

use super::Connection;
use super::message::OpenError;

type Result<T> = std::result::Result<T, OpenError>;

/// What to do with one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    MarkRead,
    MarkUnread,
    Flag,
    Unflag,
    /// To another (listed) folder.
    MoveTo(String),
    /// Remove for good (only offered in Trash, after a confirmation; and a replaced draft).
    Purge,
    /// The message was answered (`\Answered`) or forwarded (`$Forwarded`).
    MarkAnswered,
    MarkForwarded,
}

/// Selects `folder` read-write and checks that the link's UIDVALIDITY still holds.
async fn select(conn: &mut Connection, folder: &str, validity: Option<u32>) -> Result<u32> {
    let current = conn.open_folder(folder, true).await?.uid_validity;
    if validity.is_some_and(|v| v != current) {
        return Err(OpenError::FolderChanged);
    }
    Ok(current)
}

async fn store(conn: &mut Connection, uids: &str, change: &str) -> Result<()> {
    conn.session
        .uid_store(uids, change)
        .await?
        .try_collect::<Vec<_>>()
        .await?;
    Ok(())
}

/// Applies `action` to the message `uid` of `folder`.
/// Applies `action` to the picked messages `uids` of `folder` (those still there); returns how
/// many it touched.
pub async fn apply(
    conn: &mut Connection,
    folder: &str,
    uids: &[u32],
    validity: Option<u32>,
    action: &Action,
) -> Result<usize> {
    select(conn, folder, validity).await?;
    // What follows changes the folder; its responses are not counted, so it is opened afresh
    // next time.
    conn.forget_open_folder();
    let asked = uid_set(uids);
    if asked.is_empty() {
        return Err(OpenError::NoSuchMessage);
    }
    let mut present: Vec<u32> = conn
        .session
        .uid_search(format!("UID {asked}"))
        .await?
        .into_iter()
        .collect();
    // UID ranges can match the highest UID for any number past it: keep only what was picked.
    present.retain(|u| uids.contains(u));
    if present.is_empty() {
        return Err(OpenError::NoSuchMessage);
    }
    present.sort_unstable();
    let set = uid_set(&present);
    let count = present.len();
    match action {
        Action::MarkRead => store(conn, &set, "+FLAGS.SILENT (\\Seen)").await,
        Action::MarkUnread => store(conn, &set, "-FLAGS.SILENT (\\Seen)").await,
        Action::Flag => store(conn, &set, "+FLAGS.SILENT (\\Flagged)").await,
        Action::Unflag => store(conn, &set, "-FLAGS.SILENT (\\Flagged)").await,
        Action::MoveTo(target) => move_uids(conn, &set, target).await,
        Action::Purge => purge(conn, &set).await,
        Action::MarkAnswered => store(conn, &set, "+FLAGS.SILENT (\\Answered)").await,
        Action::MarkForwarded => store(conn, &set, "+FLAGS.SILENT ($Forwarded)").await,
    }?;
    Ok(count)
}

/// "3,7,9" — the exact UIDs, never a range that could include others.
fn uid_set(uids: &[u32]) -> String {
    uids.iter()
        .filter(|u| **u > 0)
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",")
}

/// Moves exactly `set` (flags travel with the messages).
async fn move_uids(conn: &mut Connection, set: &str, target: &str) -> Result<()> {
    if conn.has("MOVE") {
        conn.session.uid_mv(set, target).await?;
        return Ok(());
    }
    conn.session.uid_copy(set, target).await?;
    purge(conn, set).await
}

/// `\Deleted` + `UID EXPUNGE` of exactly `set`. Without UIDPLUS there is no way to expunge only
/// these messages, so nothing is expunged (they stay marked deleted).
async fn purge(conn: &mut Connection, set: &str) -> Result<()> {
    store(conn, set, "+FLAGS.SILENT (\\Deleted)").await?;
    if !conn.has("UIDPLUS") {
        return Err(OpenError::Imap(async_imap::error::Error::No(
            "the server cannot expunge single messages (no UIDPLUS)".to_string(),
        )));
    }
    conn.session
        .uid_expunge(set)
        .await?
        .try_collect::<Vec<_>>()
        .await?;
    Ok(())
}

/// Removes every message that is in Trash now (not ones arriving meanwhile). Returns how many.
pub async fn empty(conn: &mut Connection, trash: &str) -> Result<u32> {
    select(conn, trash, None).await?;
    conn.forget_open_folder();
    let mut uids: Vec<u32> = conn.session.uid_search("ALL").await?.into_iter().collect();
    if uids.is_empty() {
        return Ok(0);
    }
    uids.sort_unstable();
    let set = uids
        .iter()
        .map(u32::to_string)
        .collect::<Vec<_>>()
        .join(",");
    purge(conn, &set).await?;
    Ok(uids.len() as u32)
}

/// How many bytes the messages in Trash take (what emptying it frees): RFC822.SIZE added up.
/// Read again only when Trash's message count changed, so the folder pages that show it do
/// not pay for it; that read opens Trash, and the next page opens its own folder again.
pub async fn trash_bytes(conn: &mut Connection, trash: &str, messages: u32) -> Result<u64> {
    if let Some((name, count, bytes)) = &conn.trash_size_cache
        && name == trash
        && *count == messages
    {
        return Ok(*bytes);
    }
    let state = conn.open_folder(trash, false).await?;
    let mut bytes = 0u64;
    if state.exists > 0 {
        let mut fetches = conn.session.fetch("1:*", "RFC822.SIZE").await?;
        while let Some(fetch) = fetches.try_next().await? {
            bytes += u64::from(fetch.size.unwrap_or(0));
        }
    }
    conn.trash_size_cache = Some((trash.to_string(), messages, bytes));
    Ok(bytes)
}

/// Creates `name` if the server does not have it (a Trash folder for servers without one).
pub async fn ensure_folder(conn: &mut Connection, name: &str) -> Result<()> {
    conn.folders_cache = None;
    match conn.session.create(name).await {
        Ok(()) => {
            let _ = conn.session.subscribe(name).await;
            Ok(())
        }
        // Already there (a race with another client) is fine.
        Err(async_imap::error::Error::No(_)) => Ok(()),
        Err(error) => Err(error.into()),
    }
}

/// Storage quota of INBOX's quota root (RFC 9208): (used KiB, limit KiB), messages if given;
/// re-read at most every [`QUOTA_FRESH`] (and after Postern's own changes):
/// every page shows it, and it changes slowly.
pub async fn quota(conn: &mut Connection) -> Result<Option<postern_app::model::QuotaInfo>> {
    if let Some((read, quota)) = &conn.quota_cache
        && read.elapsed() < QUOTA_FRESH
    {
        return Ok(quota.clone());
    }
    let quota = read_quota(conn).await?;
    conn.quota_cache = Some((std::time::Instant::now(), quota.clone()));
    Ok(quota)
}

const QUOTA_FRESH: std::time::Duration = std::time::Duration::from_secs(30);

async fn read_quota(conn: &mut Connection) -> Result<Option<postern_app::model::QuotaInfo>> {
    if !conn.has("QUOTA") {
        return Ok(None);
    }
    conn.drain_unsolicited();
    let (_, quotas) = conn.session.get_quota_root("INBOX").await?;
    let mut info = postern_app::model::QuotaInfo::default();
    let mut any = false;
    for quota in quotas {
        for resource in quota.resources {
            match resource.name {
                async_imap::types::QuotaResourceName::Storage => {
                    info.storage_used_kib = resource.usage;
                    info.storage_limit_kib = resource.limit;
                    any = true;
                }
                async_imap::types::QuotaResourceName::Message => {
                    info.messages_used = Some(resource.usage);
                    info.messages_limit = Some(resource.limit);
                    any = true;
                }
                _ => {}
            }
        }
    }
    Ok(any.then_some(info))
}

/// The wire name of a folder a person wants to create or rename to: `parent` (a listed wire
/// name) + delimiter + the typed `leaf`, in modified UTF-7. Refuses what would be ambiguous or
/// unsafe: empty, too long, control characters, the delimiter, LIST wildcards.
pub fn folder_name(
    parent: Option<&str>,
    leaf: &str,
    delimiter: &str,
) -> std::result::Result<String, &'static str> {
    let leaf = leaf.trim();
    if leaf.is_empty() {
        return Err("Give the folder a name.");
    }
    if leaf.chars().count() > 100 {
        return Err("A folder name can have at most 100 characters.");
    }
    if leaf.chars().any(|c| c.is_control()) || leaf.contains(['*', '%']) {
        return Err("A folder name cannot contain control characters, * or %.");
    }
    if !delimiter.is_empty() && leaf.contains(delimiter) {
        return Err("A folder name cannot contain the folder separator.");
    }
    if leaf.eq_ignore_ascii_case("INBOX") && parent.is_none() {
        return Err("That name is taken by the Inbox.");
    }
    let leaf = super::utf7::encode(leaf);
    Ok(match parent.filter(|p| !p.is_empty()) {
        Some(parent) => format!("{parent}{delimiter}{leaf}"),
        None => leaf,
    })
}

/// CREATE (and SUBSCRIBE, so other clients show it too).
pub async fn create_folder(conn: &mut Connection, name: &str) -> Result<()> {
    conn.folders_cache = None;
    conn.session.create(name).await?;
    let _ = conn.session.subscribe(name).await;
    Ok(())
}

/// RENAME, keeping the subscription.
pub async fn rename_folder(conn: &mut Connection, from: &str, to: &str) -> Result<()> {
    conn.forget_open_folder();
    conn.session.rename(from, to).await?;
    let _ = conn.session.unsubscribe(from).await;
    let _ = conn.session.subscribe(to).await;
    Ok(())
}

/// DELETE (with the messages in it: the person confirmed).
pub async fn delete_folder(conn: &mut Connection, name: &str) -> Result<()> {
    // Not selected while deleting: some servers refuse to delete the selected folder.
    let _ = conn.session.run_command_and_check_ok("UNSELECT").await;
    conn.forget_open_folder();
    conn.session.delete(name).await?;
    let _ = conn.session.unsubscribe(name).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_for_the_wire() {
        assert_eq!(folder_name(None, " Reisen ", "/"), Ok("Reisen".to_string()));
        assert_eq!(
            folder_name(Some("Projekte"), "Neu & Alt ✓", "/"),
            Ok("Projekte/Neu &- Alt &JxM-".to_string())
        );
        assert_eq!(
            folder_name(None, "Übersicht", "."),
            Ok("&ANw-bersicht".to_string())
        );
        assert!(folder_name(None, "", "/").is_err());
        assert!(folder_name(None, "a/b", "/").is_err());
        assert!(folder_name(None, "a\r\nb", "/").is_err());
        assert!(folder_name(None, "all*", "/").is_err());
        assert!(folder_name(None, "inbox", "/").is_err());
        assert!(folder_name(None, &"x".repeat(101), "/").is_err());
    }
}
