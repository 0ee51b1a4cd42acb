//! Storing messages Postern wrote: the Sent copy and drafts. The folder is found by its
//! special-use flag (RFC 6154), else by its usual name, else created with that name.

use postern_app::model::SpecialUse;

use super::Connection;
use super::folders::list_folders;
use super::message::OpenError;
use super::organise::ensure_folder;

type Result<T> = std::result::Result<T, OpenError>;

/// The folder for `special` (`\Sent`, `\Drafts`): flagged, else named `fallback` (any case),
/// else a new folder named `fallback`.
pub async fn special_folder(
    conn: &mut Connection,
    special: SpecialUse,
    fallback: &str,
) -> Result<String> {
    let listed = list_folders(conn).await?;
    if let Some((folder, _)) = listed.iter().find(|(f, _)| f.special == Some(special)) {
        return Ok(folder.name.clone());
    }
    if let Some((folder, _)) = listed
        .iter()
        .find(|(f, _)| f.selectable && f.name.eq_ignore_ascii_case(fallback))
    {
        return Ok(folder.name.clone());
    }
    ensure_folder(conn, fallback).await?;
    Ok(fallback.to_string())
}

/// APPENDs `message` with `flags` (e.g. `(\Seen)`); returns the folder's UIDVALIDITY and the new
/// message's UID, found by its Message-ID (async-imap does not hand back APPENDUID).
pub async fn append(
    conn: &mut Connection,
    folder: &str,
    flags: &str,
    message: &[u8],
    message_id: &str,
) -> Result<(u32, Option<u32>)> {
    conn.drain_unsolicited();
    conn.session
        .append(folder, Some(flags), None, message)
        .await?;
    conn.forget_open_folder();
    let validity = conn.open_folder(folder, false).await?.uid_validity;
    let id = format!("<{}>", message_id.trim_matches(|c| c == '<' || c == '>'));
    let Ok(argument) = super::command::string(&id, conn.has("LITERAL+")) else {
        return Ok((validity, None));
    };
    let found = conn
        .session
        .uid_search(format!("HEADER Message-ID {argument}"))
        .await?;
    Ok((validity, found.into_iter().max()))
}
