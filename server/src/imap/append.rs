//! Storing messages Postern wrote: the Sent copy and drafts. The folder is found by its
//! special-use flag (RFC 6154), else by its usual name, else created with that name.

use postern_app::model::{SpecialUse, Uid, UidValidity};

use super::command::{self, Flag, flag_list, search};
use super::folders::list_folders;
use super::organise::ensure_folder;
use super::{Connection, Mailbox, OpenError};

type Result<T> = std::result::Result<T, OpenError>;

/// The folder for `special` (`\Sent`, `\Drafts`): flagged, else named `fallback` (any case),
/// else a new folder named `fallback`.
pub async fn special_folder(
    conn: &mut Connection,
    special: SpecialUse,
    fallback: &str,
) -> Result<Mailbox> {
    let listed = list_folders(conn).await?;
    if let Some(found) = listed.special_mailbox(special) {
        return Ok(found);
    }
    let named = listed
        .folders()
        .find(|f| f.selectable && f.name.as_str().eq_ignore_ascii_case(fallback))
        .map(|f| f.name.clone());
    if let Some(found) = named.and_then(|name| listed.find(&name)) {
        return Ok(found);
    }
    ensure_folder(conn, &listed, fallback).await
}

/// APPENDs `message` with `flags`; returns the folder's UIDVALIDITY and the new message's UID,
/// found by its Message-ID (async-imap does not hand back APPENDUID).
pub async fn append(
    conn: &mut Connection,
    folder: &Mailbox,
    flags: &[Flag],
    message: &[u8],
    message_id: &str,
) -> Result<(Option<UidValidity>, Option<Uid>)> {
    let (validity, found) = append_finding(conn, folder, flags, message, message_id).await?;
    Ok((validity, found.into_iter().max()))
}

/// [`append`], answering every message of the folder with that Message-ID (the new one has the
/// highest UID): the earlier versions of a draft.
pub async fn append_finding(
    conn: &mut Connection,
    folder: &Mailbox,
    flags: &[Flag],
    message: &[u8],
    message_id: &str,
) -> Result<(Option<UidValidity>, Vec<Uid>)> {
    conn.drain_unsolicited();
    // Some servers (Courier) refuse to APPEND to the folder open read-only on this connection.
    if conn
        .selected
        .as_ref()
        .is_some_and(|s| s.folder == *folder && !s.writable)
    {
        conn.leave_folder().await?;
    }
    conn.session
        .append(folder.as_str(), Some(&flag_list(flags)), None, message)
        .await?;
    conn.forget_open_folder();
    find_by_message_id(conn, folder, message_id).await
}

/// The messages of `folder` with this Message-ID, and the folder's UIDVALIDITY.
pub async fn find_by_message_id(
    conn: &mut Connection,
    folder: &Mailbox,
    message_id: &str,
) -> Result<(Option<UidValidity>, Vec<Uid>)> {
    let validity = conn.open_folder(folder, false).await?.uid_validity;
    let id = format!("<{}>", message_id.trim_matches(|c| c == '<' || c == '>'));
    let Ok(argument) = command::string(&id, conn.has("LITERAL+")) else {
        return Ok((validity, Vec::new()));
    };
    let found = conn
        .session
        .uid_search(search::message_id(&argument))
        .await?;
    Ok((validity, found.into_iter().filter_map(Uid::new).collect()))
}
