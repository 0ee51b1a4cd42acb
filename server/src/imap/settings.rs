//! The person's settings, kept as one private server entry (IMAP METADATA, RFC 5464) of their
//! own mail server: every Postern instance, and any client that reads the entry, sees the same.
//! A server that offers no METADATA (Courier) keeps none: Postern runs on its defaults.

use postern_app::error::AppError;
use postern_app::model::{NamedAddress, Settings, SettingsStore};

use super::command::metadata;
use super::{Connection, OpenError};

/// The server offers a place for server entries (`METADATA`, or `METADATA-SERVER` for server
/// entries alone).
fn offered(conn: &Connection) -> bool {
    conn.has("METADATA") || conn.has("METADATA-SERVER")
}

/// The settings as kept; the defaults where there are none, or where the entry cannot be read
/// (written by hand, say: it is logged, and the next save replaces it).
pub async fn load(conn: &mut Connection) -> Result<(Settings, SettingsStore), OpenError> {
    if !offered(conn) {
        return Ok((Settings::default(), SettingsStore::NotOffered));
    }
    let settings = read(conn, metadata::SETTINGS).await?.unwrap_or_default();
    Ok((settings, SettingsStore::Kept))
}

/// The address book as kept (empty where there is none, or no place for one).
pub async fn address_book(conn: &mut Connection) -> Result<Vec<NamedAddress>, OpenError> {
    if !offered(conn) {
        return Ok(Vec::new());
    }
    Ok(read(conn, metadata::ADDRESSES).await?.unwrap_or_default())
}

/// One entry, read as JSON; `None` when there is none or it cannot be read (logged).
async fn read<T: serde::de::DeserializeOwned>(
    conn: &mut Connection,
    entry: &'static str,
) -> Result<Option<T>, OpenError> {
    conn.drain_unsolicited();
    let entries = conn.session.get_metadata("", "", entry).await?;
    let value = entries
        .into_iter()
        .find(|m| m.entry.eq_ignore_ascii_case(entry))
        .and_then(|m| m.value);
    Ok(value.and_then(|text| {
        serde_json::from_str(&text)
            .inspect_err(|error| {
                tracing::warn!(%error, entry, "a kept entry cannot be read; using the defaults");
            })
            .ok()
    }))
}

/// Replaces the kept settings with `json`. A server's refusal (too large, not permitted) is
/// said in its words; a server without METADATA is [`AppError::Said`] `settings-not-kept`.
pub async fn save(conn: &mut Connection, json: &str) -> Result<Result<(), AppError>, OpenError> {
    write(conn, metadata::SETTINGS, json).await
}

/// Replaces the kept address book with `json` (as [`save`]).
pub async fn save_address_book(
    conn: &mut Connection,
    json: &str,
) -> Result<Result<(), AppError>, OpenError> {
    write(conn, metadata::ADDRESSES, json).await
}

async fn write(
    conn: &mut Connection,
    entry: &'static str,
    json: &str,
) -> Result<Result<(), AppError>, OpenError> {
    if !offered(conn) {
        return Ok(Err(AppError::said("settings-not-kept")));
    }
    let Ok(line) = metadata::set(entry, Some(json), conn.has("LITERAL+")) else {
        return Ok(Err(AppError::said("settings-not-kept")));
    };
    conn.drain_unsolicited();
    match conn.session.run_command_and_check_ok(line).await {
        Ok(()) => Ok(Ok(())),
        Err(async_imap::error::Error::No(reason) | async_imap::error::Error::Bad(reason)) => {
            tracing::warn!(%reason, "the server refused to keep the settings");
            Ok(Err(AppError::ServerRefused {
                reason: crate::mime::headers::clean(&reason),
            }))
        }
        Err(error) => Err(error.into()),
    }
}
