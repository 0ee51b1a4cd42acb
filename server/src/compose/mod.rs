//! Writing and sending mail: the compose form's starting points (`answer`), recipient fields
//! (`address`), the posted form (`form`), the MIME message (`outgoing`), and here the flow that
//! ties them to IMAP (Drafts, Sent, flags) and SMTP — so that nothing typed is ever lost.

pub mod address;
pub mod answer;
pub mod form;
pub mod outgoing;

use postern_app::error::AppError;
use postern_app::model::{
    AnswerKind, ComposeAttachment, ComposeForm, ComposeStart, MessageRef, SpecialUse,
};

use crate::account::ImapAccount;
use crate::imap::append::{append, special_folder};
use crate::imap::message::{self, Source};
use crate::imap::organise::{Action, apply};
use crate::smtp::submit::Submitter;
use form::{Intent, Submission};
use outgoing::{FileAttachment, Outgoing, Recipients, encoded_size, message_ids};

/// A fresh compose form for `start`.
pub async fn start(account: &ImapAccount, start: ComposeStart) -> Result<ComposeForm, AppError> {
    let mut form = ComposeForm {
        address: account.address.clone(),
        limit_bytes: account.attachment_limit,
        ..ComposeForm::default()
    };
    match start {
        ComposeStart::New { to } => {
            form.to = to.chars().filter(|c| !c.is_control()).take(1000).collect();
        }
        ComposeStart::Reply { source, all } => {
            let (read, reference) = read_source(account, source).await?;
            answer::reply(&mut form, &original(&read, reference), all);
        }
        ComposeStart::Forward { source } => {
            let (read, reference) = read_source(account, source).await?;
            answer::forward(&mut form, &original(&read, reference));
            form.attachments = listed("source", &read);
        }
        ComposeStart::Draft { draft } => {
            let (read, reference) = read_source(account, draft).await?;
            answer::resume(&mut form, &read.header, &read.text);
            form.attachments = listed("draft", &read);
            form.draft = Some(reference);
        }
    }
    Ok(form)
}

fn original(read: &Source, reference: MessageRef) -> answer::Original<'_> {
    answer::Original {
        header: &read.header,
        text: &read.text,
        reference,
    }
}

async fn read_source(
    account: &ImapAccount,
    reference: MessageRef,
) -> Result<(Source, MessageRef), AppError> {
    let MessageRef {
        folder,
        uid,
        uid_validity,
    } = reference;
    let validity = (uid_validity != 0).then_some(uid_validity);
    let wanted = folder.clone();
    let read = account
        .with_message(move |c| {
            let folder = wanted.clone();
            Box::pin(async move { message::source(c, &folder, uid, validity).await })
        })
        .await?;
    let reference = MessageRef {
        folder,
        uid,
        uid_validity: read.uid_validity,
    };
    Ok((read, reference))
}

fn listed(kind: &str, read: &Source) -> Vec<ComposeAttachment> {
    read.attachments
        .iter()
        .map(|leaf| ComposeAttachment {
            key: format!("{kind}:{}", leaf.path),
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
        .collect()
}

/// What became of a posted form.
pub enum Outcome {
    /// Sent; `warning` if the Sent copy or the flags could not be written. `back` is the folder
    /// to return to.
    Sent {
        back: String,
        warning: Option<String>,
    },
    /// Saved as a draft (the person asked for it).
    Saved { draft: MessageRef },
    /// Not sent: the form as it was, the reason, and the draft it was saved as.
    Failed { form: Box<ComposeForm> },
}

/// Handles a posted compose form: checks it, sends it or saves it, and keeps everything when
/// anything fails.
pub async fn submit(account: &ImapAccount, submitter: &Submitter<'_>, form: Submission) -> Outcome {
    let mut field_errors: Vec<(String, String)> = Vec::new();
    // Header injection: a line break in a header field is refused before lettre sees it.
    for (name, value) in [
        ("to", &form.to),
        ("cc", &form.cc),
        ("bcc", &form.bcc),
        ("subject", &form.subject),
    ] {
        if value.contains(['\r', '\n', '\0']) {
            field_errors.push((
                name.to_string(),
                "Line breaks are not allowed here.".to_string(),
            ));
        }
    }
    let header_safe = |value: &str| value.replace(['\r', '\n', '\0'], " ");
    // Each recipient field parsed; a field that is not all addresses is named (when sending)
    // and kept as typed (for the draft).
    let mut recipients = |name: &str, value: &str| {
        let value = header_safe(value);
        match address::parse_list(&value) {
            Ok(list) => Recipients::Parsed(list),
            Err(problem) => {
                if form.intent == Intent::Send && !field_errors.iter().any(|(f, _)| f == name) {
                    field_errors.push((name.to_string(), problem));
                }
                Recipients::AsTyped(value)
            }
        }
    };
    let (to, cc, bcc) = (
        recipients("to", &form.to),
        recipients("cc", &form.cc),
        recipients("bcc", &form.bcc),
    );
    let (attachments, attach_problem) = gather_attachments(account, &form).await;
    if let Some(problem) = attach_problem.or(form.upload_error.clone()) {
        field_errors.push(("attach".to_string(), problem));
    }
    let domain = account.address.rsplit('@').next().unwrap_or("localhost");
    let from = match account.address.parse::<lettre::message::Mailbox>() {
        Ok(from) => from,
        Err(_) => {
            return failed(
                account,
                &form,
                "Your address cannot be used as a sender.",
                field_errors,
                None,
            )
            .await;
        }
    };
    let outgoing = Outgoing {
        from,
        to,
        cc,
        bcc,
        subject: header_safe(&form.subject),
        body: form.body.clone(),
        in_reply_to: message_ids(&form.in_reply_to),
        references: message_ids(&form.references),
        attachments,
        message_id: format!("{}@{}", crate::session::random_id(), domain),
        answers: form
            .answers
            .as_ref()
            .map(|(kind, source)| format!("{} {}", kind.param(), source.to_field())),
    };

    if form.intent == Intent::SaveDraft {
        return match save_draft(account, &outgoing, form.draft.as_ref()).await {
            Ok(draft) if field_errors.iter().all(|(f, _)| f != "attach") => {
                Outcome::Saved { draft }
            }
            Ok(draft) => {
                failed(
                    account,
                    &form,
                    "Draft saved, but not every file could be attached.",
                    field_errors,
                    Some(draft),
                )
                .await
            }
            Err(error) => {
                failed(
                    account,
                    &form,
                    &format!("The draft could not be saved: {error}"),
                    field_errors,
                    None,
                )
                .await
            }
        };
    }

    let mut error = if field_errors.is_empty() {
        None
    } else {
        Some("Nothing was sent. Please correct the marked fields.".to_string())
    };
    let mut built = None;
    if error.is_none() {
        match outgoing.build_for_sending() {
            Ok(b) => built = Some(b),
            Err(problem) => {
                field_errors.push(("to".to_string(), problem));
                error = Some("Nothing was sent. Please correct the marked fields.".to_string());
            }
        }
    }
    if let Some(built) = built {
        match send(account, submitter, &outgoing, &built).await {
            Ok(()) => {
                let warning = after_sent(account, &built.bytes, &outgoing.message_id, &form).await;
                let back = form
                    .answers
                    .as_ref()
                    .map(|(_, m)| m.folder.clone())
                    .unwrap_or_else(|| "INBOX".to_string());
                return Outcome::Sent { back, warning };
            }
            Err(problem) => error = Some(problem),
        }
    }
    let reason = error.unwrap_or_else(|| "Nothing was sent.".to_string());
    match save_draft(account, &outgoing, form.draft.as_ref()).await {
        Ok(draft) => failed(account, &form, &reason, field_errors, Some(draft)).await,
        Err(save_error) => {
            let reason = format!(
                "{reason} The draft could not be saved either ({save_error}); copy your text before leaving this page."
            );
            failed(account, &form, &reason, field_errors, None).await
        }
    }
}

async fn send(
    account: &ImapAccount,
    submitter: &Submitter<'_>,
    outgoing: &Outgoing,
    built: &outgoing::Built,
) -> Result<(), String> {
    let credentials = account.credentials().map_err(|e| e.to_string())?;
    submitter
        .send(
            &credentials.address,
            &credentials.password,
            &outgoing.from.email,
            &built.recipients,
            &built.bytes,
        )
        .await
        .map_err(|e| {
            tracing::info!(error = ?e, "message not sent");
            e.to_string()
        })
}

/// The Sent copy (exactly the bytes sent, `\Seen`), the answered flag on the original, and the
/// draft removed. Sending happened already: problems here are reported, never retried.
async fn after_sent(
    account: &ImapAccount,
    bytes: &[u8],
    message_id: &str,
    form: &Submission,
) -> Option<String> {
    let bytes = bytes.to_vec();
    let id = message_id.to_string();
    let answers = form.answers.clone();
    let draft = form.draft.clone();
    let result = account
        .with_message(move |c| {
            let bytes = bytes.clone();
            let id = id.clone();
            let answers = answers.clone();
            let draft = draft.clone();
            Box::pin(async move {
                let sent = special_folder(c, SpecialUse::Sent, "Sent").await?;
                append(c, &sent, "(\\Seen)", &bytes, &id).await?;
                if let Some((kind, source)) = answers {
                    let action = match kind {
                        AnswerKind::Reply => Action::MarkAnswered,
                        AnswerKind::Forward => Action::MarkForwarded,
                    };
                    // The original may have been moved meanwhile: that is not an error.
                    let _ = apply(
                        c,
                        &source.folder,
                        &[source.uid],
                        Some(source.uid_validity),
                        &action,
                    )
                    .await;
                }
                if let Some(draft) = draft {
                    let _ = apply(
                        c,
                        &draft.folder,
                        &[draft.uid],
                        Some(draft.uid_validity),
                        &Action::Purge,
                    )
                    .await;
                }
                Ok(())
            })
        })
        .await;
    result.err().map(|error| {
        tracing::warn!(%error, "sent, but the Sent copy failed");
        format!("Message sent, but the copy could not be saved in Sent: {error}")
    })
}

/// APPENDs the draft to Drafts and removes the version it replaces.
async fn save_draft(
    account: &ImapAccount,
    outgoing: &Outgoing,
    replaces: Option<&MessageRef>,
) -> Result<MessageRef, AppError> {
    let bytes = outgoing
        .build_draft()
        .map_err(|reason| AppError::Invalid { reason })?;
    let id = outgoing.message_id.clone();
    let replaces = replaces.cloned();
    account
        .with_message(move |c| {
            let bytes = bytes.clone();
            let id = id.clone();
            let replaces = replaces.clone();
            Box::pin(async move {
                let drafts = special_folder(c, SpecialUse::Drafts, "Drafts").await?;
                let (validity, uid) = append(c, &drafts, "(\\Draft \\Seen)", &bytes, &id).await?;
                if let Some(old) =
                    replaces.filter(|old| old.folder == drafts && Some(old.uid) != uid)
                {
                    let _ = apply(
                        c,
                        &old.folder,
                        &[old.uid],
                        Some(old.uid_validity),
                        &Action::Purge,
                    )
                    .await;
                }
                Ok(MessageRef {
                    folder: drafts,
                    uid: uid.unwrap_or(0),
                    uid_validity: validity,
                })
            })
        })
        .await
}

/// Attachments still ticked from the draft or the forwarded message, then the new uploads;
/// and a problem in words if they cannot all be had or are too large together.
async fn gather_attachments(
    account: &ImapAccount,
    form: &Submission,
) -> (Vec<FileAttachment>, Option<String>) {
    let mut files = Vec::new();
    let mut problem = None;
    for key in &form.keep {
        let Some((kind, path)) = key.split_once(':') else {
            continue;
        };
        let holder = match kind {
            "draft" => form.draft.clone(),
            "source" => form
                .answers
                .as_ref()
                .filter(|(k, _)| *k == AnswerKind::Forward)
                .map(|(_, m)| m.clone()),
            _ => None,
        };
        let Some(holder) = holder else { continue };
        let path = path.to_string();
        let found = account
            .with_message(move |c| {
                let holder = holder.clone();
                let path = path.clone();
                Box::pin(async move {
                    message::attachment(
                        c,
                        &holder.folder,
                        holder.uid,
                        Some(holder.uid_validity),
                        &path,
                    )
                    .await
                })
            })
            .await;
        match found {
            Ok(Some((filename, mime_type, bytes))) => files.push(FileAttachment {
                filename,
                mime_type,
                bytes,
            }),
            _ => {
                problem = Some(
                    "An attachment could not be read from the mail server any more.".to_string(),
                )
            }
        }
    }
    files.extend(form.uploads.iter().cloned());
    let total: u64 = files
        .iter()
        .map(|f| encoded_size(f.bytes.len() as u64))
        .sum();
    if total > account.attachment_limit {
        problem = Some(format!(
            "The attachments come to {:.1} MB as sent; the limit is {} MB. Remove some.",
            total as f64 / (1024.0 * 1024.0),
            account.attachment_limit / (1024 * 1024)
        ));
    }
    (files, problem)
}

/// The form as it was, with what went wrong; reloaded from the saved draft when there is one
/// (so its attachments are listed), with the typed text on top.
async fn failed(
    account: &ImapAccount,
    typed: &Submission,
    reason: &str,
    field_errors: Vec<(String, String)>,
    draft: Option<MessageRef>,
) -> Outcome {
    let mut form = match &draft {
        Some(draft) if draft.uid > 0 => start(
            account,
            ComposeStart::Draft {
                draft: draft.clone(),
            },
        )
        .await
        .unwrap_or_default(),
        _ => ComposeForm::default(),
    };
    form.address = account.address.clone();
    form.limit_bytes = account.attachment_limit;
    form.to = typed.to.clone();
    form.cc = typed.cc.clone();
    form.bcc = typed.bcc.clone();
    form.subject = typed.subject.clone();
    form.body = typed.body.clone();
    form.in_reply_to = typed.in_reply_to.clone();
    form.references = typed.references.clone();
    form.answers = typed.answers.clone();
    form.draft = draft.filter(|d| d.uid > 0).or_else(|| typed.draft.clone());
    form.error = Some(reason.to_string());
    form.field_errors = field_errors;
    Outcome::Failed {
        form: Box::new(form),
    }
}
