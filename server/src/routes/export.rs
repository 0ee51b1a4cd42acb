//! `GET /mail/export?folder=…`: the whole folder as one mboxrd file, streamed. Messages are
//! read a batch at a time and large ones in partial fetches, and the response is fed through a
//! small channel, so memory stays flat for a folder of any size and a cancelled download stops
//! the reading.

use std::sync::Arc;

use axum::extract::{Extension, Query};
use axum::response::Response;
use bytes::Bytes;
use postern_app::error::AppError;
use serde::Deserialize;
use tokio::sync::mpsc;

use super::message::{ByteStream, CHUNK, download, error_response};
use crate::account::ImapAccount;
use crate::imap::{export, message};
use crate::mime::mbox::MboxrdEscaper;

#[derive(Deserialize)]
pub struct ExportQuery {
    folder: String,
}

/// UIDs whose headers are read per round trip.
const BATCH: usize = 200;
/// Small messages are fetched together up to this many bytes.
const GROUP_BYTES: u64 = 2 * 1024 * 1024;

pub async fn export_mbox(
    account: Option<Extension<Arc<ImapAccount>>>,
    Query(q): Query<ExportQuery>,
) -> Response {
    let Some(Extension(account)) = account else {
        return error_response(AppError::NotLoggedIn);
    };
    let folder = q.folder.clone();
    let listed = account
        .with_message(move |c| {
            let folder = folder.clone();
            Box::pin(async move { export::uids(c, &folder).await })
        })
        .await;
    let (validity, uids) = match listed {
        Ok(listed) => listed,
        Err(error) => return error_response(error),
    };
    let (sender, mut receiver) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let folder = q.folder.clone();
    tokio::spawn(async move {
        if let Err(error) = produce(&account, &folder, validity, &uids, &sender).await {
            tracing::warn!(%error, "mbox export stopped");
            let _ = sender
                .send(Err(std::io::Error::other(error.to_string())))
                .await;
        }
    });
    let body: ByteStream = Box::pin(futures::stream::poll_fn(move |cx| receiver.poll_recv(cx)));
    let label = crate::imap::utf7::decode(&q.folder).replace(['/', '.'], "-");
    download(body, "application/mbox", &format!("{label}.mbox"))
}

/// Writes every message of the folder into `out`; stops quietly when the download is cancelled.
async fn produce(
    account: &ImapAccount,
    folder: &str,
    validity: u32,
    uids: &[u32],
    out: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<(), AppError> {
    for batch in uids.chunks(BATCH) {
        let wanted = batch.to_vec();
        let name = folder.to_string();
        let entries = account
            .with_message(move |c| {
                let name = name.clone();
                let wanted = wanted.clone();
                Box::pin(async move { export::entries(c, &name, validity, &wanted).await })
            })
            .await?;
        let mut group: Vec<&export::Entry> = Vec::new();
        let mut group_bytes = 0u64;
        for entry in &entries {
            let large = u64::from(entry.size) > u64::from(CHUNK);
            if !group.is_empty() && (large || group_bytes + u64::from(entry.size) > GROUP_BYTES) {
                if !write_group(account, folder, validity, &group, out).await? {
                    return Ok(());
                }
                group.clear();
                group_bytes = 0;
            }
            if large {
                if !write_large(account, folder, validity, entry, out).await? {
                    return Ok(());
                }
            } else {
                group.push(entry);
                group_bytes += u64::from(entry.size);
            }
        }
        if !group.is_empty() && !write_group(account, folder, validity, &group, out).await? {
            return Ok(());
        }
    }
    Ok(())
}

/// Small messages in one FETCH. `Ok(false)`: the download was cancelled.
async fn write_group(
    account: &ImapAccount,
    folder: &str,
    validity: u32,
    group: &[&export::Entry],
    out: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<bool, AppError> {
    let wanted: Vec<u32> = group.iter().map(|e| e.uid).collect();
    let name = folder.to_string();
    let bodies = account
        .with_message(move |c| {
            let name = name.clone();
            let wanted = wanted.clone();
            Box::pin(async move { export::bodies(c, &name, validity, &wanted).await })
        })
        .await?;
    let mut buffer = Vec::new();
    for (uid, raw) in bodies {
        let Some(entry) = group.iter().find(|e| e.uid == uid) else {
            continue;
        };
        let mut escaper = MboxrdEscaper::new();
        buffer.extend(MboxrdEscaper::separator(&entry.sender, entry.arrived));
        buffer.extend(escaper.feed(&raw));
        buffer.extend(escaper.finish());
    }
    Ok(out.send(Ok(Bytes::from(buffer))).await.is_ok())
}

/// One large message in partial fetches of [`CHUNK`] bytes.
async fn write_large(
    account: &ImapAccount,
    folder: &str,
    validity: u32,
    entry: &export::Entry,
    out: &mpsc::Sender<Result<Bytes, std::io::Error>>,
) -> Result<bool, AppError> {
    let mut escaper = MboxrdEscaper::new();
    let mut head = MboxrdEscaper::separator(&entry.sender, entry.arrived);
    let mut offset = 0u64;
    loop {
        let name = folder.to_string();
        let uid = entry.uid;
        let chunk = account
            .with_message(move |c| {
                let name = name.clone();
                Box::pin(
                    async move { message::chunk(c, &name, uid, validity, "", offset, CHUNK).await },
                )
            })
            .await;
        let chunk = match chunk {
            Ok(chunk) => chunk,
            // Expunged by another client while the export runs: left out (or, if part of it
            // went out already, ended where it stopped) rather than breaking the whole file.
            Err(AppError::NoSuchMessage) => {
                tracing::info!(uid, "message gone during the export");
                if offset == 0 {
                    return Ok(true);
                }
                return Ok(out.send(Ok(Bytes::from(escaper.finish()))).await.is_ok());
            }
            Err(error) => return Err(error),
        };
        offset += chunk.len() as u64;
        let last = chunk.len() < CHUNK as usize;
        let mut piece = std::mem::take(&mut head);
        piece.extend(escaper.feed(&chunk));
        if last {
            piece.extend(escaper.finish());
        }
        if out.send(Ok(Bytes::from(piece))).await.is_err() {
            return Ok(false);
        }
        if last {
            return Ok(true);
        }
    }
}
