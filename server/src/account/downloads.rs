//! Downloads, streamed: an attachment (decoded as it streams), the original message, and a
//! whole folder as mboxrd. Parts are read in partial fetches of [`CHUNK`] bytes and the export a
//! batch at a time through a small channel, so memory stays flat whatever the size, and a
//! cancelled download stops the reading.

use bytes::Bytes;
use postern_app::error::AppError;
use postern_app::model::{FolderName, MessageRef, PartPath, Uid, UidValidity};
use postern_app::port::{ByteStream, Download};
use tokio::sync::mpsc;

use super::ImapAccount;
use crate::imap::folders::resolve;
use crate::imap::{Mailbox, export, message, utf7};
use crate::mime::mbox::MboxrdEscaper;
use crate::mime::transfer::TransferDecoder;

/// Bytes fetched per IMAP round trip when streaming.
pub(crate) const CHUNK: u32 = 1024 * 1024;
/// UIDs whose headers are read per round trip when exporting.
const BATCH: usize = 200;
/// Small messages are exported together up to this many bytes.
const GROUP_BYTES: u64 = 2 * 1024 * 1024;

/// One stored message, its folder resolved: where a stream reads from.
#[derive(Clone)]
struct Stored {
    account: ImapAccount,
    folder: Mailbox,
    uid: Uid,
    uid_validity: Option<UidValidity>,
}

impl Stored {
    /// `len` bytes from `offset` of a part (or of the whole message), as stored.
    async fn chunk(&self, part: Option<&PartPath>, offset: u64) -> Result<Vec<u8>, AppError> {
        let (folder, uid, validity) = (&self.folder, self.uid, self.uid_validity);
        self.account
            .run(|c| {
                let (folder, part) = (folder.clone(), part.cloned());
                Box::pin(async move {
                    message::chunk(c, &folder, uid, validity, part.as_ref(), offset, CHUNK).await
                })
            })
            .await
    }
}

pub(super) async fn part(
    account: &ImapAccount,
    wanted: &MessageRef,
    path: &PartPath,
) -> Result<Option<Download>, AppError> {
    let (uid, validity) = (wanted.uid, wanted.uid_validity);
    let (folder, found) = account
        .run(|c| {
            let (name, path) = (wanted.folder.clone(), path.clone());
            Box::pin(async move {
                let folder = resolve(c, &name).await?;
                let found = message::part_info(c, &folder, uid, validity, &path).await?;
                Ok((folder, found))
            })
        })
        .await?;
    let Some(info) = found else {
        return Ok(None);
    };
    let stored = Stored {
        account: account.clone(),
        folder,
        uid,
        uid_validity: info.uid_validity,
    };
    let decoder = TransferDecoder::for_encoding(&info.leaf.encoding);
    Ok(Some(Download {
        filename: info.filename.unwrap_or_else(|| format!("part-{path}")),
        mime_type: format!("{}/{}", info.leaf.mime_type, info.leaf.subtype),
        body: stream(stored, Some(path.clone()), None, decoder),
    }))
}

pub(super) async fn message(
    account: &ImapAccount,
    wanted: &MessageRef,
) -> Result<Download, AppError> {
    let (folder, uid_validity) = account
        .run(|c| {
            let (name, expected) = (wanted.folder.clone(), wanted.uid_validity);
            Box::pin(async move {
                let folder = resolve(c, &name).await?;
                let validity = c.open_checked(&folder, false, expected).await?;
                Ok((folder, validity))
            })
        })
        .await?;
    let stored = Stored {
        account: account.clone(),
        folder,
        uid: wanted.uid,
        uid_validity,
    };
    // The first chunk is read before answering, so a missing message is an error, not a
    // broken download.
    let first = stored.chunk(None, 0).await?;
    Ok(Download {
        filename: format!("message-{}.eml", wanted.uid),
        mime_type: "message/rfc822".to_string(),
        body: stream(stored, None, Some(first), TransferDecoder::Identity),
    })
}

/// The section's bytes chunk by chunk through `decoder`, `first` already read.
fn stream(
    stored: Stored,
    part: Option<PartPath>,
    first: Option<Vec<u8>>,
    decoder: TransferDecoder,
) -> ByteStream {
    struct State {
        stored: Stored,
        part: Option<PartPath>,
        offset: u64,
        first: Option<Vec<u8>>,
        decoder: TransferDecoder,
        done: bool,
    }
    let state = State {
        stored,
        part,
        offset: 0,
        first,
        decoder,
        done: false,
    };
    // Fused: a body may be polled again after its end (the compression layer does), and a bare
    // `unfold` panics then.
    let chunks = futures::stream::unfold(state, |mut state| async move {
        if state.done {
            return None;
        }
        let chunk = match state.first.take() {
            Some(first) => Ok(first),
            None => state.stored.chunk(state.part.as_ref(), state.offset).await,
        };
        match chunk {
            Ok(chunk) => {
                state.offset += chunk.len() as u64;
                let mut out = state.decoder.feed(&chunk);
                if chunk.len() < CHUNK as usize {
                    out.extend(state.decoder.finish());
                    state.done = true;
                }
                Some((Ok(Bytes::from(out)), state))
            }
            Err(error) => {
                tracing::warn!(%error, "download stopped");
                state.done = true;
                Some((Err(std::io::Error::other(error.to_string())), state))
            }
        }
    });
    Box::pin(futures::StreamExt::fuse(chunks))
}

pub(super) async fn export(
    account: &ImapAccount,
    folder: &FolderName,
) -> Result<Download, AppError> {
    let name = folder.clone();
    let (mailbox, validity, uids) = account
        .run(move |c| {
            let name = name.clone();
            Box::pin(async move {
                let mailbox = resolve(c, &name).await?;
                let (validity, uids) = export::uids(c, &mailbox).await?;
                Ok((mailbox, validity, uids))
            })
        })
        .await?;
    let (sender, mut receiver) = mpsc::channel::<Result<Bytes, std::io::Error>>(4);
    let exporter = Exporter {
        account: account.clone(),
        folder: mailbox,
        validity,
        out: sender,
    };
    tokio::spawn(async move {
        if let Err(error) = exporter.produce(&uids).await {
            tracing::warn!(%error, "mbox export stopped");
            let _ = exporter
                .out
                .send(Err(std::io::Error::other(error.to_string())))
                .await;
        }
    });
    let label = utf7::decode(folder.as_str()).replace(['/', '.'], "-");
    Ok(Download {
        filename: format!("{label}.mbox"),
        mime_type: "application/mbox".to_string(),
        body: Box::pin(futures::stream::poll_fn(move |cx| receiver.poll_recv(cx))),
    })
}

/// Writes a folder into the download's channel.
struct Exporter {
    account: ImapAccount,
    folder: Mailbox,
    validity: Option<UidValidity>,
    out: mpsc::Sender<Result<Bytes, std::io::Error>>,
}

impl Exporter {
    /// Every message of `uids`; stops quietly when the download is cancelled.
    async fn produce(&self, uids: &[Uid]) -> Result<(), AppError> {
        for batch in uids.chunks(BATCH) {
            let entries = self.entries(batch).await?;
            let mut group: Vec<&export::Entry> = Vec::new();
            let mut group_bytes = 0u64;
            for entry in &entries {
                let large = u64::from(entry.size) > u64::from(CHUNK);
                let full = group_bytes + u64::from(entry.size) > GROUP_BYTES;
                if !group.is_empty() && (large || full) {
                    if !self.write_group(&group).await? {
                        return Ok(());
                    }
                    group.clear();
                    group_bytes = 0;
                }
                if large {
                    if !self.write_large(entry).await? {
                        return Ok(());
                    }
                } else {
                    group.push(entry);
                    group_bytes += u64::from(entry.size);
                }
            }
            if !group.is_empty() && !self.write_group(&group).await? {
                return Ok(());
            }
        }
        Ok(())
    }

    async fn entries(&self, batch: &[Uid]) -> Result<Vec<export::Entry>, AppError> {
        let (folder, validity) = (&self.folder, self.validity);
        self.account
            .run(|c| {
                let (folder, batch) = (folder.clone(), batch.to_vec());
                Box::pin(async move { export::entries(c, &folder, validity, &batch).await })
            })
            .await
    }

    /// Small messages in one FETCH. `Ok(false)`: the download was cancelled.
    async fn write_group(&self, group: &[&export::Entry]) -> Result<bool, AppError> {
        let wanted: Vec<Uid> = group.iter().map(|e| e.uid).collect();
        let (folder, validity) = (&self.folder, self.validity);
        let bodies = self
            .account
            .run(|c| {
                let (folder, wanted) = (folder.clone(), wanted.clone());
                Box::pin(async move { export::bodies(c, &folder, validity, &wanted).await })
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
        Ok(self.out.send(Ok(Bytes::from(buffer))).await.is_ok())
    }

    /// One large message in partial fetches of [`CHUNK`] bytes.
    async fn write_large(&self, entry: &export::Entry) -> Result<bool, AppError> {
        let stored = Stored {
            account: self.account.clone(),
            folder: self.folder.clone(),
            uid: entry.uid,
            uid_validity: self.validity,
        };
        let mut escaper = MboxrdEscaper::new();
        let mut head = MboxrdEscaper::separator(&entry.sender, entry.arrived);
        let mut offset = 0u64;
        loop {
            let chunk = match stored.chunk(None, offset).await {
                Ok(chunk) => chunk,
                // Expunged by another client while the export runs: left out (or, if part of
                // it went out already, ended where it stopped) rather than breaking the file.
                Err(AppError::NoSuchMessage) => {
                    tracing::info!(uid = entry.uid.get(), "message gone during the export");
                    if offset == 0 {
                        return Ok(true);
                    }
                    return Ok(self
                        .out
                        .send(Ok(Bytes::from(escaper.finish())))
                        .await
                        .is_ok());
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
            if self.out.send(Ok(Bytes::from(piece))).await.is_err() {
                return Ok(false);
            }
            if last {
                return Ok(true);
            }
        }
    }
}
