//! Writing and sending mail: the compose form's starting points (`answer`), recipient fields
//! (`address`), the posted form (`form`), the MIME message (`outgoing`), and here the flow that
//! ties them to the mail account through the port — check, build, send, file — so that nothing
//! typed is ever lost.

pub mod address;
pub mod answer;
#[cfg(test)]
pub(crate) mod fake;
pub mod form;
pub mod identity;
pub mod outgoing;

use postern_app::error::AppError;
use postern_app::model::{
    AnswerKind, Arg, ComposeAttachment, ComposeForm, ComposeStart, FolderName, MessageRef, Notice,
};
use postern_app::port::{Envelope, MailAccount, SentCopy, SourceMessage};

use form::{Intent, Submission};
use outgoing::{Built, FileAttachment, Outgoing, Recipients, encoded_size, message_ids};

/// A fresh compose form for `start`.
pub async fn start(
    account: &dyn MailAccount,
    start: ComposeStart,
) -> Result<ComposeForm, AppError> {
    let mut form = ComposeForm {
        address: account.address().to_string(),
        from_name: account.settings().display_name.clone(),
        identities: identities(account),
        limit_bytes: account.attachment_limit(),
        send_token: crate::send_tokens::new_token(),
        ..ComposeForm::default()
    };
    match start {
        ComposeStart::New { to } => {
            form.to = to.chars().filter(|c| !c.is_control()).take(1000).collect();
        }
        ComposeStart::Reply { source, all } => {
            let read = account.source(&source).await?;
            answer::reply(&mut form, &original(&read), all);
            // Answered from the address it was written to.
            form.from = pick_identity(&form, &answer::addressed_to(&read.header));
        }
        ComposeStart::Forward { source } => {
            let read = account.source(&source).await?;
            answer::forward(&mut form, &original(&read));
            form.attachments = listed("source", &read);
            form.from = pick_identity(&form, &answer::addressed_to(&read.header));
        }
        ComposeStart::Draft { draft } => {
            let read = account.source(&draft).await?;
            answer::resume(&mut form, &read.header, &read.text);
            form.attachments = listed("draft", &read);
            form.draft = Some(read.message);
            form.from = pick_identity(&form, &answer::sender(&read.header));
        }
    }
    form.suggestions = address_book(account).await;
    // A draft keeps its body as it was left (with or without the signature).
    if form.draft.is_none() {
        form.body = answer::sign(&form.body, &account.settings().signature);
    }
    Ok(form)
}

/// The addresses to suggest; none when the server cannot say (the form works without them).
async fn address_book(account: &dyn MailAccount) -> Vec<postern_app::model::NamedAddress> {
    account.address_book().await.unwrap_or_else(|error| {
        tracing::warn!(%error, "the address book cannot be read");
        Vec::new()
    })
}

/// The person's other From addresses that the operator's rule still allows.
fn identities(account: &dyn MailAccount) -> Vec<postern_app::model::NamedAddress> {
    account
        .settings()
        .identities
        .iter()
        .filter(|i| account.may_send_as(&i.address))
        .cloned()
        .collect()
}

/// The first of `addresses` that is one of the form's identities; empty (the person's own
/// address) when none is.
fn pick_identity(form: &ComposeForm, addresses: &[String]) -> String {
    addresses
        .iter()
        .find(|a| form.identities.iter().any(|i| i.address == **a))
        .cloned()
        .unwrap_or_default()
}

fn original(read: &SourceMessage) -> answer::Original<'_> {
    answer::Original {
        header: &read.header,
        text: &read.text,
        reference: read.message.clone(),
    }
}

fn listed(kind: &str, read: &SourceMessage) -> Vec<ComposeAttachment> {
    read.attachments
        .iter()
        .map(|a| ComposeAttachment {
            key: format!("{kind}:{}", a.part),
            filename: a.filename.clone(),
            mime_type: a.mime_type.clone(),
            size: a.size,
        })
        .collect()
}

/// What became of a posted form.
pub enum Outcome {
    /// Sent; `warning` if the Sent copy or the flags could not be written. `back` is the folder
    /// to return to.
    Sent {
        back: FolderName,
        warning: Option<Notice>,
    },
    /// Saved as a draft (the person asked for it); where, when the server said.
    Saved { draft: Option<MessageRef> },
    /// Not sent: the form as it was, the reason, and the draft it was saved as.
    Failed { form: Box<ComposeForm> },
}

/// Problems per field (`to`, `cc`, `bcc`, `subject`, `attach`).
type FieldErrors = Vec<(String, Notice)>;

/// Nothing was sent: the marked fields say why.
fn correct_fields() -> Notice {
    Notice::said("compose-correct-fields")
}

/// Handles a posted compose form: checks it, sends it or saves it, and keeps everything when
/// anything fails.
pub async fn submit(account: &dyn MailAccount, form: Submission) -> Outcome {
    let (outgoing, mut field_errors) = match check(account, &form).await {
        Ok(checked) => checked,
        Err(reason) => return failed(account, &form, reason, Vec::new(), None).await,
    };
    if form.intent == Intent::SaveDraft {
        return save_asked(account, &form, &outgoing, field_errors).await;
    }
    let mut reason = (!field_errors.is_empty()).then(correct_fields);
    if reason.is_none() {
        match outgoing.build_for_sending() {
            Ok(built) => match send(account, &outgoing, &built).await {
                Ok(()) => return sent(account, &form, &outgoing, built).await,
                Err(problem) => reason = Some(problem),
            },
            Err(problem) => {
                field_errors.push(("to".to_string(), problem));
                reason = Some(correct_fields());
            }
        }
    }
    let reason = reason.unwrap_or_else(|| Notice::said("compose-nothing-sent"));
    keep_as_draft(account, &form, &outgoing, reason, field_errors).await
}

/// Not sent for a reason outside the form (Postern could not promise to send it once, the
/// session had ended): the form as typed, with the reason.
pub async fn not_sent(account: &dyn MailAccount, form: &Submission, reason: Notice) -> ComposeForm {
    let field_errors = form
        .upload_error
        .iter()
        .map(|problem| ("attach".to_string(), problem.clone()))
        .collect();
    failed_form(account, form, reason, field_errors, form.draft.clone()).await
}

/// The message as the form describes it, and what is wrong with the form. `Err` only when the
/// person's own address cannot be a sender.
async fn check(
    account: &dyn MailAccount,
    form: &Submission,
) -> Result<(Outgoing, FieldErrors), Notice> {
    let mut field_errors = header_injection(form);
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
    let (attachments, attach_problem) = gather_attachments(account, form).await;
    if let Some(problem) = attach_problem.or(form.upload_error.clone()) {
        field_errors.push(("attach".to_string(), problem));
    }
    let address = account.address();
    let settings = account.settings();
    // Another From only when it is one of the person's identities and the operator's rule
    // allows it; else the field is marked and the person's own address kept for the draft.
    let identity = (!form.from.is_empty() && !form.from.eq_ignore_ascii_case(address)).then(|| {
        settings
            .identities
            .iter()
            .find(|i| i.address.eq_ignore_ascii_case(&form.from))
            .filter(|i| account.may_send_as(&i.address))
    });
    let (sender, name) = match identity {
        Some(Some(identity)) => {
            let name = if identity.name.is_empty() {
                &settings.display_name
            } else {
                &identity.name
            };
            (identity.address.as_str(), name.as_str())
        }
        Some(None) => {
            field_errors.push(("from".to_string(), Notice::said("compose-from-not-allowed")));
            (address, settings.display_name.as_str())
        }
        None => (address, settings.display_name.as_str()),
    };
    let email = sender
        .parse::<lettre::Address>()
        .map_err(|_| Notice::said("compose-bad-sender"))?;
    // The person's name as they set it; lettre quotes or encodes it, so it is never more
    // than a name (the settings refuse control characters).
    let name = header_safe(name.trim());
    let from = lettre::message::Mailbox::new((!name.is_empty()).then_some(name), email);
    let reply_to = match settings.reply_to.trim() {
        "" => None,
        text => text.parse::<lettre::message::Mailbox>().ok(),
    };
    let domain = address.rsplit('@').next().unwrap_or("localhost");
    let outgoing = Outgoing {
        from,
        reply_to,
        to,
        cc,
        bcc,
        subject: header_safe(&form.subject),
        body: form.body.clone(),
        in_reply_to: message_ids(&form.in_reply_to),
        references: message_ids(&form.references),
        attachments,
        message_id: format!("{}@{}", message_id_of(form), domain),
        answers: form
            .answers
            .as_ref()
            .map(|(kind, source)| format!("{} {}", kind.param(), source.to_field())),
    };
    Ok((outgoing, field_errors))
}

/// Whether this form's message is in Sent already: sent before a restart of Postern that its
/// record of sent forms did not survive. Unknown (the server cannot be asked) counts as no.
pub async fn in_sent(account: &dyn MailAccount, form: &Submission) -> bool {
    if form.send_token.is_none() {
        return false;
    }
    let domain = account.address().rsplit('@').next().unwrap_or("localhost");
    let message_id = format!("{}@{}", message_id_of(form), domain);
    match account.in_sent(&message_id).await {
        Ok(found) => found,
        Err(error) => {
            tracing::warn!(%error, "cannot look in Sent for a form sent before a restart");
            false
        }
    }
}

/// The Message-ID's left part: the same for every version of one form (derived from its send
/// token, which it does not reveal), so that saving a draft replaces its earlier versions even
/// when two saves cross; random for a form without a token.
fn message_id_of(form: &Submission) -> String {
    use sha2::Digest;
    match &form.send_token {
        Some(token) => {
            let digest = sha2::Sha256::digest(format!("postern message id\n{token}").as_bytes());
            digest.iter().take(16).map(|b| format!("{b:02x}")).collect()
        }
        None => crate::session::random_id(),
    }
}

/// Header injection: a line break in a header field is refused before lettre sees it.
fn header_injection(form: &Submission) -> FieldErrors {
    [
        ("to", &form.to),
        ("cc", &form.cc),
        ("bcc", &form.bcc),
        ("subject", &form.subject),
    ]
    .into_iter()
    .filter(|(_, value)| value.contains(['\r', '\n', '\0']))
    .map(|(name, _)| (name.to_string(), Notice::said("compose-line-breaks")))
    .collect()
}

/// "Save draft" was pressed.
async fn save_asked(
    account: &dyn MailAccount,
    form: &Submission,
    outgoing: &Outgoing,
    field_errors: FieldErrors,
) -> Outcome {
    match save_draft(account, outgoing, form.draft.as_ref()).await {
        Ok(draft) if field_errors.iter().all(|(f, _)| f != "attach") => Outcome::Saved { draft },
        Ok(draft) => {
            let reason = Notice::said("compose-draft-without-files");
            failed(account, form, reason, field_errors, draft).await
        }
        Err(error) => {
            let reason = Notice::with(
                "compose-draft-not-saved",
                vec![("reason", Arg::Failed(error))],
            );
            failed(account, form, reason, field_errors, None).await
        }
    }
}

/// Not sent: the draft keeps the message, and the form comes back with the reason.
async fn keep_as_draft(
    account: &dyn MailAccount,
    form: &Submission,
    outgoing: &Outgoing,
    reason: Notice,
    field_errors: FieldErrors,
) -> Outcome {
    match save_draft(account, outgoing, form.draft.as_ref()).await {
        Ok(draft) => failed(account, form, reason, field_errors, draft).await,
        Err(save_error) => {
            let reason = Notice::with(
                "compose-not-saved-either",
                vec![
                    ("reason", Arg::Said(Box::new(reason))),
                    ("error", Arg::Failed(save_error)),
                ],
            );
            failed(account, form, reason, field_errors, None).await
        }
    }
}

async fn send(account: &dyn MailAccount, outgoing: &Outgoing, built: &Built) -> Result<(), Notice> {
    let envelope = Envelope {
        from: outgoing.from.email.to_string(),
        recipients: built.recipients.iter().map(|r| r.to_string()).collect(),
    };
    account
        .send(&envelope, &built.bytes)
        .await
        .map_err(|error| error.notice())
}

/// Sent: filed in Sent, the original marked, the draft removed. Sending happened already:
/// problems here are reported, never retried.
async fn sent(
    account: &dyn MailAccount,
    form: &Submission,
    outgoing: &Outgoing,
    built: Built,
) -> Outcome {
    let copy = SentCopy {
        bytes: built.bytes,
        message_id: outgoing.message_id.clone(),
        answers: form.answers.clone(),
        draft: form.draft.clone(),
    };
    // Everyone it went to, for the suggestions (a failure only loses a suggestion).
    let used: Vec<postern_app::model::NamedAddress> = [&outgoing.to, &outgoing.cc, &outgoing.bcc]
        .into_iter()
        .filter_map(|r| match r {
            outgoing::Recipients::Parsed(list) => Some(list),
            outgoing::Recipients::AsTyped(_) => None,
        })
        .flatten()
        .map(|m| postern_app::model::NamedAddress {
            address: m.email.to_string().to_lowercase(),
            name: m.name.clone().unwrap_or_default(),
        })
        .collect();
    if let Err(error) = account.remember_addresses(&used).await {
        tracing::warn!(%error, "the addresses written to cannot be remembered");
    }
    let warning = account.file_sent(copy).await.err().map(|error| {
        tracing::warn!(%error, "sent, but the Sent copy failed");
        Notice::with(
            postern_app::model::SENT_BUT_SENT_COPY,
            vec![("reason", Arg::Failed(error))],
        )
    });
    let back = form
        .answers
        .as_ref()
        .map(|(_, m)| m.folder.clone())
        .unwrap_or_else(FolderName::inbox);
    Outcome::Sent { back, warning }
}

/// Stores the draft, replacing the version it was saved as before.
async fn save_draft(
    account: &dyn MailAccount,
    outgoing: &Outgoing,
    replaces: Option<&MessageRef>,
) -> Result<Option<MessageRef>, AppError> {
    let bytes = outgoing
        .build_draft()
        .map_err(|reason| AppError::Told(Box::new(reason)))?;
    account
        .save_draft(&bytes, &outgoing.message_id, replaces)
        .await
}

/// Attachments still ticked from the draft or the forwarded message, then the new uploads;
/// and a problem in words if they cannot all be had or are too large together.
async fn gather_attachments(
    account: &dyn MailAccount,
    form: &Submission,
) -> (Vec<FileAttachment>, Option<Notice>) {
    let mut files = Vec::new();
    let mut problem = None;
    for key in &form.keep {
        let Some((kind, path)) = key.split_once(':') else {
            continue;
        };
        let holder = match kind {
            "draft" => form.draft.as_ref(),
            "source" => form
                .answers
                .as_ref()
                .filter(|(k, _)| *k == AnswerKind::Forward)
                .map(|(_, m)| m),
            _ => None,
        };
        let (Some(holder), Some(path)) = (holder, postern_app::model::PartPath::parse(path)) else {
            continue;
        };
        match account.attachment(holder, &path).await {
            Ok(Some(file)) => files.push(file),
            _ => problem = Some(Notice::said("compose-attachment-gone")),
        }
    }
    files.extend(form.uploads.iter().cloned());
    let total: u64 = files
        .iter()
        .map(|f| encoded_size(f.bytes.len() as u64))
        .sum();
    let limit = account.attachment_limit();
    if total > limit {
        problem = Some(Notice::with(
            "compose-too-large",
            vec![
                (
                    "size",
                    Arg::Decimal(format!("{:.1}", total as f64 / (1024.0 * 1024.0))),
                ),
                ("limit", Arg::Count(limit / (1024 * 1024))),
            ],
        ));
    }
    (files, problem)
}

/// Not sent: [`failed_form`] as the outcome.
async fn failed(
    account: &dyn MailAccount,
    typed: &Submission,
    reason: Notice,
    field_errors: FieldErrors,
    draft: Option<MessageRef>,
) -> Outcome {
    Outcome::Failed {
        form: Box::new(failed_form(account, typed, reason, field_errors, draft).await),
    }
}

/// The form as it was, with what went wrong; reloaded from the saved draft when there is one
/// (so its attachments are listed), with the typed text on top.
async fn failed_form(
    account: &dyn MailAccount,
    typed: &Submission,
    reason: Notice,
    field_errors: FieldErrors,
    draft: Option<MessageRef>,
) -> ComposeForm {
    let mut form = match &draft {
        Some(draft) => start(
            account,
            ComposeStart::Draft {
                draft: draft.clone(),
            },
        )
        .await
        .unwrap_or_default(),
        None => ComposeForm::default(),
    };
    form.address = account.address().to_string();
    form.from_name = account.settings().display_name.clone();
    form.identities = identities(account);
    form.from = typed.from.clone();
    if form.suggestions.is_empty() {
        form.suggestions = address_book(account).await;
    }
    form.limit_bytes = account.attachment_limit();
    form.to = typed.to.clone();
    form.cc = typed.cc.clone();
    form.bcc = typed.bcc.clone();
    form.subject = typed.subject.clone();
    form.body = typed.body.clone();
    form.in_reply_to = typed.in_reply_to.clone();
    form.references = typed.references.clone();
    form.answers = typed.answers.clone();
    form.draft = draft.or_else(|| typed.draft.clone());
    // Not sent: the same form may be sent again.
    if let Some(token) = &typed.send_token {
        form.send_token = token.clone();
    }
    form.error = Some(reason);
    form.field_errors = field_errors;
    form
}
