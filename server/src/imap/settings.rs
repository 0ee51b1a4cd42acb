//! The person's settings, kept as one private server entry (IMAP METADATA, RFC 5464) of their
//! own mail server: every Postern instance, and any client that reads the entry, sees the same.
//! A server that offers no METADATA (Courier) keeps none: Postern runs on its defaults.

use postern_app::error::AppError;
use postern_app::model::{Settings, SettingsStore};

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
    conn.drain_unsolicited();
    let entries = conn
        .session
        .get_metadata("", "", metadata::SETTINGS)
        .await?;
    let value = entries
        .into_iter()
        .find(|m| m.entry.eq_ignore_ascii_case(metadata::SETTINGS))
        .and_then(|m| m.value);
    let settings = match value {
        None => Settings::default(),
        Some(text) => serde_json::from_str(&text).unwrap_or_else(|error| {
            tracing::warn!(%error, "the settings entry cannot be read; using the defaults");
            Settings::default()
        }),
    };
    Ok((settings, SettingsStore::Kept))
}

/// Replaces the kept settings with `json`. A server's refusal (too large, not permitted) is
/// said in its words; a server without METADATA is [`AppError::Said`] `settings-not-kept`.
pub async fn save(conn: &mut Connection, json: &str) -> Result<Result<(), AppError>, OpenError> {
    if !offered(conn) {
        return Ok(Err(AppError::said("settings-not-kept")));
    }
    let Ok(line) = metadata::set(metadata::SETTINGS, Some(json), conn.has("LITERAL+")) else {
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
