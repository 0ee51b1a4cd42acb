//! Writing: reading a stored message to answer or resume it, storing drafts, submitting, and
//! filing what was sent (the Sent copy, the answered flag, the draft removed).

use postern_app::error::AppError;
use postern_app::model::{AnswerKind, MessageRef, PartPath, SpecialUse, Uid};
use postern_app::port::{
    AttachedFile, Envelope, SendError, SentCopy, SourceMessage, StoredAttachment,
};

use super::ImapAccount;
use crate::imap::append::{append, append_finding, find_by_message_id, special_folder};
use crate::imap::command::Flag;
use crate::imap::folders::{list_folders_recent, resolve};
use crate::imap::message;
use crate::imap::organise::{Action, apply};
use crate::smtp::submit::Submitter;

pub(super) async fn source(
    account: &ImapAccount,
    wanted: &MessageRef,
) -> Result<SourceMessage, AppError> {
    let read = account
        .run(|c| {
            let wanted = wanted.clone();
            Box::pin(async move {
                let folder = resolve(c, &wanted.folder).await?;
                message::source(c, &folder, wanted.uid, wanted.uid_validity).await
            })
        })
        .await?;
    let attachments = read
        .attachments
        .iter()
        .filter_map(|leaf| {
            Some(StoredAttachment {
                part: PartPath::parse(&leaf.path)?,
                filename: leaf
                    .file_name()
                    .unwrap_or_else(|| format!("part-{}.{}", leaf.path, leaf.subtype)),
                mime_type: format!("{}/{}", leaf.mime_type, leaf.subtype).to_ascii_lowercase(),
                // BODYSTRUCTURE gives the encoded size; base64 is 4/3 of the file.
                size: if leaf.encoding.eq_ignore_ascii_case("base64") {
                    u64::from(leaf.size) * 3 / 4
                } else {
                    u64::from(leaf.size)
                },
            })
        })
        .collect();
    Ok(SourceMessage {
        message: MessageRef::new(wanted.folder.clone(), wanted.uid, read.uid_validity),
        header: read.header,
        text: read.text,
        attachments,
    })
}

pub(super) async fn attachment(
    account: &ImapAccount,
    wanted: &MessageRef,
    part: &PartPath,
) -> Result<Option<AttachedFile>, AppError> {
    account
        .run(|c| {
            let (wanted, part) = (wanted.clone(), part.clone());
            Box::pin(async move {
                let folder = resolve(c, &wanted.folder).await?;
                message::attachment(c, &folder, wanted.uid, wanted.uid_validity, &part).await
            })
        })
        .await
}

/// APPENDs the draft to Drafts and removes the version it replaces.
pub(super) async fn save_draft(
    account: &ImapAccount,
    bytes: &[u8],
    message_id: &str,
    replaces: Option<&MessageRef>,
) -> Result<Option<MessageRef>, AppError> {
    account
        .run(|c| {
            let (bytes, id, replaces) = (bytes.to_vec(), message_id.to_string(), replaces.cloned());
            Box::pin(async move {
                let drafts = special_folder(c, SpecialUse::Drafts, "Drafts").await?;
                let flags = [Flag::Draft, Flag::Seen];
                let (validity, found) = append_finding(c, &drafts, &flags, &bytes, &id).await?;
                let uid = found.iter().copied().max();
                let stored = uid.map(|uid| MessageRef::new(drafts.name().clone(), uid, validity));
                // The replaced version is in this same Drafts folder: removed by its UID. So
                // are other versions of the same form (same Message-ID), left by two saves that
                // crossed: one copy stays.
                let old: Vec<Uid> = found.into_iter().filter(|f| Some(*f) != uid).collect();
                if !old.is_empty() {
                    let _ = apply(c, &drafts, &old, validity, &Action::Purge).await;
                }
                // The version the form named (unless just purged as one of those), checked
                // against its own UIDVALIDITY: after a rebuild of Drafts its UID may name
                // another message.
                let purged = |r: &MessageRef| r.uid_validity == validity && old.contains(&r.uid);
                if let Some(replaced) = replaces
                    .filter(|r| r.folder == *drafts.name() && Some(r.uid) != uid && !purged(r))
                {
                    let uids = [replaced.uid];
                    let _ = apply(c, &drafts, &uids, replaced.uid_validity, &Action::Purge).await;
                }
                Ok(stored)
            })
        })
        .await
}

pub(super) async fn send(
    account: &ImapAccount,
    envelope: &Envelope,
    bytes: &[u8],
) -> Result<(), SendError> {
    let credentials = account.credentials().map_err(SendError::Connection)?;
    let parse = |address: &str| {
        address.parse::<lettre::Address>().map_err(|_| {
            SendError::RecipientsRefused(vec![(address.to_string(), "not an address".to_string())])
        })
    };
    let from = parse(&envelope.from)?;
    let recipients = envelope
        .recipients
        .iter()
        .map(|r| parse(r))
        .collect::<Result<Vec<_>, _>>()?;
    let submission = &account.submission;
    let domain = account.address.rsplit('@').next().unwrap_or_default();
    let target = submission.upstream.target_for(domain);
    let submitter = Submitter {
        target: &target,
        tls: &submission.tls,
        allow_internal: submission.allow_internal,
        timeout: submission.timeout,
    };
    let started = std::time::Instant::now();
    let result = submitter
        .send(
            &credentials.address,
            &credentials.password,
            &from,
            &recipients,
            bytes,
        )
        .await
        .inspect_err(|error| tracing::info!(?error, "message not sent"));
    crate::metrics::smtp_submission(started.elapsed());
    crate::metrics::send(if result.is_ok() { "sent" } else { "not_sent" });
    result
}

/// Whether the Sent folder holds a message with `message_id` (one SEARCH).
pub(super) async fn in_sent(account: &ImapAccount, message_id: &str) -> Result<bool, AppError> {
    let message_id = message_id.to_string();
    account
        .run(|c| {
            let message_id = message_id.clone();
            Box::pin(async move {
                let folder = special_folder(c, SpecialUse::Sent, "Sent").await?;
                let (_, found) = find_by_message_id(c, &folder, &message_id).await?;
                Ok(!found.is_empty())
            })
        })
        .await
}

/// The Sent copy (exactly the bytes sent, `\Seen`), the answered flag on the original, and the
/// draft removed. Sending happened already: problems here are reported, never retried.
pub(super) async fn file_sent(account: &ImapAccount, sent: SentCopy) -> Result<(), AppError> {
    account
        .run(|c| {
            let sent = sent.clone();
            Box::pin(async move {
                let folder = special_folder(c, SpecialUse::Sent, "Sent").await?;
                // Found while the folder list is fresh (the APPEND makes it stale). The
                // original may have been moved or the draft deleted meanwhile: not an error.
                let mut marks = Vec::new();
                if let Some((kind, original)) = &sent.answers {
                    let action = match kind {
                        AnswerKind::Reply => Action::MarkAnswered,
                        AnswerKind::Forward => Action::MarkForwarded,
                    };
                    marks.push((original.clone(), action));
                }
                if let Some(draft) = &sent.draft {
                    marks.push((draft.clone(), Action::Purge));
                }
                let mut found = Vec::new();
                for (message, action) in marks {
                    if let Ok(folder) = resolve(c, &message.folder).await {
                        found.push((folder, message, action));
                    }
                }
                let drafts = list_folders_recent(c).await.ok().and_then(|listed| {
                    let (folder, _) = listed.special(SpecialUse::Drafts)?;
                    listed.find(&folder.name)
                });
                append(c, &folder, &[Flag::Seen], &sent.bytes, &sent.message_id).await?;
                for (folder, message, action) in found {
                    let uids = [message.uid];
                    let _ = apply(c, &folder, &uids, message.uid_validity, &action).await;
                }
                // Versions of this form in Drafts (a save by the page that crossed the send):
                // the message is sent, its drafts go.
                if let Some(drafts) = drafts
                    && let Ok((validity, versions)) =
                        find_by_message_id(c, &drafts, &sent.message_id).await
                    && !versions.is_empty()
                {
                    let _ = apply(c, &drafts, &versions, validity, &Action::Purge).await;
                }
                Ok(())
            })
        })
        .await
}
