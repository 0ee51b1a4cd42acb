//! Changing messages: flags, move, delete to Trash, permanent delete, emptying Trash.
//!
//! Only the UIDs a person picked are ever expunged: a move is `UID MOVE` (RFC 6851) or
//! `UID COPY` + `\Deleted` + `UID EXPUNGE` of exactly those UIDs (RFC 4315); a plain EXPUNGE,
//! which would also remove what another client marked `\Deleted`, is never sent.

use futures::TryStreamExt;
use postern_app::model::{FolderName, QuotaInfo, Uid, UidValidity};

use super::command::{Flag, UidSet, fetch, search, store_flag};
use super::{Connection, Listing, Mailbox, OpenError};

type Result<T> = std::result::Result<T, OpenError>;

/// What to do with one message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Action {
    MarkRead,
    MarkUnread,
    Flag,
    Unflag,
    /// To another (listed) folder.
    MoveTo(Mailbox),
    /// Remove for good (only offered in Trash, after a confirmation; and a replaced draft).
    Purge,
    /// The message was answered (`\Answered`) or forwarded (`$Forwarded`).
    MarkAnswered,
    MarkForwarded,
}

async fn store(conn: &mut Connection, uids: &UidSet, add: bool, flag: Flag) -> Result<()> {
    conn.session
        .uid_store(uids.as_str(), store_flag(add, flag))
        .await?
        .try_collect::<Vec<_>>()
        .await?;
    conn.changed_at = Some(std::time::Instant::now());
    Ok(())
}

/// Applies `action` to the picked messages `uids` of `folder` (those still there); returns how
/// many it touched.
pub async fn apply(
    conn: &mut Connection,
    folder: &Mailbox,
    uids: &[Uid],
    validity: Option<UidValidity>,
    action: &Action,
) -> Result<usize> {
    let expunges = match action {
        Action::Purge => true,
        Action::MoveTo(_) => !conn.has("MOVE"),
        _ => false,
    };
    if expunges {
        refuse_without_uidplus(conn)?;
    }
    conn.open_checked(folder, true, validity).await?;
    // What follows changes the folder; its responses are not counted, so it is opened afresh
    // next time.
    conn.forget_open_folder();
    let asked = UidSet::of(uids).ok_or(OpenError::NoSuchMessage)?;
    let mut present: Vec<Uid> = conn
        .session
        .uid_search(search::uids(&asked))
        .await?
        .into_iter()
        .filter_map(Uid::new)
        .collect();
    // UID ranges can match the highest UID for any number past it: keep only what was picked.
    present.retain(|u| uids.contains(u));
    present.sort_unstable();
    let set = UidSet::of(&present).ok_or(OpenError::NoSuchMessage)?;
    let count = present.len();
    match action {
        Action::MarkRead => store(conn, &set, true, Flag::Seen).await,
        Action::MarkUnread => store(conn, &set, false, Flag::Seen).await,
        Action::Flag => store(conn, &set, true, Flag::Flagged).await,
        Action::Unflag => store(conn, &set, false, Flag::Flagged).await,
        Action::MoveTo(target) => move_uids(conn, &set, target).await,
        Action::Purge => purge(conn, &set).await,
        Action::MarkAnswered => store(conn, &set, true, Flag::Answered).await,
        Action::MarkForwarded => store(conn, &set, true, Flag::Forwarded).await,
    }?;
    Ok(count)
}

/// Without UIDPLUS only a plain EXPUNGE could remove messages, and it would remove what other
/// clients marked `\Deleted` too: refused before anything is changed.
pub fn refuse_without_uidplus(conn: &Connection) -> Result<()> {
    if conn.has("UIDPLUS") {
        return Ok(());
    }
    Err(OpenError::Unsafe(
        "This mail server cannot remove single messages safely (it offers no UIDPLUS), so \
         nothing was changed. Use another mail program for this.",
    ))
}

/// Moves exactly `set` (flags travel with the messages).
async fn move_uids(conn: &mut Connection, set: &UidSet, target: &Mailbox) -> Result<()> {
    if conn.has("MOVE") {
        conn.session.uid_mv(set.as_str(), target.as_str()).await?;
        return Ok(());
    }
    conn.session.uid_copy(set.as_str(), target.as_str()).await?;
    purge(conn, set).await
}

/// `\Deleted` + `UID EXPUNGE` of exactly `set`. Without UIDPLUS there is no way to expunge only
/// these messages, so nothing is expunged (they stay marked deleted).
async fn purge(conn: &mut Connection, set: &UidSet) -> Result<()> {
    store(conn, set, true, Flag::Deleted).await?;
    if !conn.has("UIDPLUS") {
        return Err(OpenError::Imap(async_imap::error::Error::No(
            "the server cannot expunge single messages (no UIDPLUS)".to_string(),
        )));
    }
    conn.session
        .uid_expunge(set.as_str())
        .await?
        .try_collect::<Vec<_>>()
        .await?;
    Ok(())
}

/// Removes every message that is in Trash now (not ones arriving meanwhile). Returns how many.
pub async fn empty(conn: &mut Connection, trash: &Mailbox) -> Result<u32> {
    refuse_without_uidplus(conn)?;
    conn.open_checked(trash, true, None).await?;
    conn.forget_open_folder();
    let mut uids: Vec<Uid> = conn
        .session
        .uid_search(search::ALL)
        .await?
        .into_iter()
        .filter_map(Uid::new)
        .collect();
    uids.sort_unstable();
    let Some(set) = UidSet::of(&uids) else {
        return Ok(0);
    };
    purge(conn, &set).await?;
    Ok(uids.len() as u32)
}

/// How many bytes the messages in Trash take (what emptying it frees): RFC822.SIZE added up.
/// Read again only when Trash's message count changed, so the folder pages that show it do
/// not pay for it; that read opens Trash, and the next page opens its own folder again.
pub async fn trash_bytes(conn: &mut Connection, trash: &Mailbox, messages: u32) -> Result<u64> {
    if let Some((name, count, bytes)) = &conn.trash_size_cache
        && name == trash
        && *count == messages
    {
        return Ok(*bytes);
    }
    let state = conn.open_folder(trash, false).await?;
    let mut bytes = 0u64;
    if state.exists > 0 {
        let mut fetches = conn.session.fetch("1:*", fetch::SIZE).await?;
        while let Some(fetch) = fetches.try_next().await? {
            bytes += u64::from(fetch.size.unwrap_or(0));
        }
    }
    conn.trash_size_cache = Some((trash.clone(), messages, bytes));
    Ok(bytes)
}

/// The person's folder `name` ("Trash", "Sent", "Drafts" for servers without them), created if
/// the list lacks it: among the person's own folders — under INBOX where the server keeps
/// them there.
pub async fn ensure_folder(
    conn: &mut Connection,
    listing: &Listing,
    name: &str,
) -> Result<Mailbox> {
    let wanted = match listing.personal_prefix() {
        Some(prefix) => FolderName::new(format!("{prefix}{name}")),
        None => FolderName::new(name),
    };
    if let Some(found) = listing.find(&wanted) {
        return Ok(found);
    }
    match create_where_allowed(conn, &wanted, &listing.delimiter()).await {
        Ok(created) => Ok(created),
        // Made meanwhile by another client: it is listed now.
        Err(async_imap::error::Error::No(reason)) => {
            let fresh = super::folders::list_folders(conn).await?;
            let inboxed = FolderName::new(format!("INBOX{}{name}", fresh.delimiter()));
            fresh
                .find(&wanted)
                .or_else(|| fresh.find(&inboxed))
                .ok_or(OpenError::Imap(async_imap::error::Error::No(reason)))
        }
        Err(error) => Err(error.into()),
    }
}

/// CREATE `name`; a top-level name the server refuses (servers that keep every folder under
/// INBOX answer NO) is made under INBOX instead.
pub async fn create_where_allowed(
    conn: &mut Connection,
    name: &FolderName,
    delimiter: &str,
) -> std::result::Result<Mailbox, async_imap::error::Error> {
    match create_folder(conn, name).await {
        Err(async_imap::error::Error::No(reason))
            if !delimiter.is_empty()
                && !name.as_str().contains(delimiter)
                && !reason.to_ascii_uppercase().contains("ALREADYEXISTS") =>
        {
            // Made meanwhile by another client: no second folder under INBOX.
            let fresh = super::folders::list_folders(conn).await?;
            if let Some(found) = fresh.find(name) {
                return Ok(found);
            }
            let inboxed = FolderName::new(format!("INBOX{delimiter}{}", name.as_str()));
            tracing::info!(%reason, "top-level folder refused; creating it under INBOX");
            match create_folder(conn, &inboxed).await {
                Err(async_imap::error::Error::No(_)) => Err(async_imap::error::Error::No(reason)),
                other => other,
            }
        }
        other => other,
    }
}

/// Storage quota of INBOX's quota root (RFC 9208): (used KiB, limit KiB), messages if given;
/// re-read at most every [`QUOTA_FRESH`] (and after Postern's own changes):
/// every page shows it, and it changes slowly.
pub async fn quota(conn: &mut Connection) -> Result<Option<QuotaInfo>> {
    if conn.quirks.quota_unreadable {
        return Ok(None);
    }
    if let Some((read, quota)) = &conn.quota_cache
        && read.elapsed() < QUOTA_FRESH
    {
        return Ok(quota.clone());
    }
    let quota = match read_quota(conn).await {
        Ok(quota) => quota,
        // A reply the parser cannot read leaves the connection out of step: it is replaced,
        // and this session shows no quota bar rather than breaking every page.
        Err(OpenError::Imap(async_imap::error::Error::Io(error)))
            if error.to_string().contains("during parsing") =>
        {
            tracing::warn!(%error, "the server's quota reply cannot be read; no quota shown");
            conn.quirks.quota_unreadable = true;
            conn.broken = true;
            None
        }
        Err(error) => return Err(error),
    };
    conn.quota_cache = Some((std::time::Instant::now(), quota.clone()));
    Ok(quota)
}

const QUOTA_FRESH: std::time::Duration = std::time::Duration::from_secs(30);

async fn read_quota(conn: &mut Connection) -> Result<Option<QuotaInfo>> {
    if !conn.has("QUOTA") {
        return Ok(None);
    }
    conn.drain_unsolicited();
    let (_, quotas) = conn.session.get_quota_root("INBOX").await?;
    let mut info = QuotaInfo::default();
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
/// unsafe: empty, too long, control characters, the delimiter, LIST wildcards (the catalogue
/// key of why).
pub fn folder_name(
    parent: Option<&FolderName>,
    leaf: &str,
    delimiter: &str,
) -> std::result::Result<FolderName, &'static str> {
    let leaf = leaf.trim();
    if leaf.is_empty() {
        return Err("folder-name-empty");
    }
    if leaf.chars().count() > 100 {
        return Err("folder-name-too-long");
    }
    if leaf.chars().any(|c| c.is_control()) || leaf.contains(['*', '%']) {
        return Err("folder-name-bad-characters");
    }
    if !delimiter.is_empty() && leaf.contains(delimiter) {
        return Err("folder-name-separator");
    }
    if leaf.eq_ignore_ascii_case("INBOX") && parent.is_none() {
        return Err("folder-name-inbox");
    }
    let leaf = super::utf7::encode(leaf);
    Ok(FolderName::new(match parent.filter(|p| !p.is_empty()) {
        Some(parent) => format!("{}{delimiter}{leaf}", parent.as_str()),
        None => leaf,
    }))
}

/// CREATE (and SUBSCRIBE, so other clients show it too).
pub async fn create_folder(
    conn: &mut Connection,
    name: &FolderName,
) -> std::result::Result<Mailbox, async_imap::error::Error> {
    conn.folders_cache = None;
    conn.session.create(name.as_str()).await?;
    let _ = conn.session.subscribe(name.as_str()).await;
    Ok(Mailbox::listed(name.clone()))
}

/// RENAME, keeping the subscription.
pub async fn rename_folder(
    conn: &mut Connection,
    from: &Mailbox,
    to: &FolderName,
) -> std::result::Result<Mailbox, async_imap::error::Error> {
    conn.forget_open_folder();
    conn.session.rename(from.as_str(), to.as_str()).await?;
    let _ = conn.session.unsubscribe(from.as_str()).await;
    let _ = conn.session.subscribe(to.as_str()).await;
    Ok(Mailbox::listed(to.clone()))
}

/// DELETE (with the messages in it: the person confirmed).
pub async fn delete_folder(
    conn: &mut Connection,
    name: &Mailbox,
) -> std::result::Result<(), async_imap::error::Error> {
    // Not selected while deleting: some servers refuse to delete the selected folder.
    conn.leave_folder().await?;
    conn.session.delete(name.as_str()).await?;
    let _ = conn.session.unsubscribe(name.as_str()).await;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folder_names_for_the_wire() {
        let name = |n: &str| Ok(FolderName::new(n));
        assert_eq!(folder_name(None, " Reisen ", "/"), name("Reisen"));
        assert_eq!(
            folder_name(Some(&FolderName::new("Projekte")), "Neu & Alt ✓", "/"),
            name("Projekte/Neu &- Alt &JxM-")
        );
        assert_eq!(folder_name(None, "Übersicht", "."), name("&ANw-bersicht"));
        assert!(folder_name(None, "", "/").is_err());
        assert!(folder_name(None, "a/b", "/").is_err());
        assert!(folder_name(None, "a\r\nb", "/").is_err());
        assert!(folder_name(None, "all*", "/").is_err());
        assert!(folder_name(None, "inbox", "/").is_err());
        assert!(folder_name(None, &"x".repeat(101), "/").is_err());
    }
}
