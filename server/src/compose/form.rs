//! The posted compose form (`multipart/form-data`, so files can come along without
//! JavaScript), read with a size limit that is checked while the upload streams in.

use axum::extract::Multipart;
use postern_app::model::{AnswerKind, Arg, MessageRef, Notice};

use super::outgoing::{FileAttachment, encoded_size};

/// What the person pressed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Intent {
    Send,
    SaveDraft,
}

/// The form as posted.
#[derive(Debug)]
pub struct Submission {
    pub intent: Intent,
    /// The From address picked (one of the person's identities); empty: their own.
    pub from: String,
    pub to: String,
    pub cc: String,
    pub bcc: String,
    pub subject: String,
    pub body: String,
    pub in_reply_to: String,
    pub references: String,
    pub draft: Option<MessageRef>,
    pub answers: Option<(AnswerKind, MessageRef)>,
    /// Stored attachments still ticked: `draft:<part>` / `source:<part>`.
    pub keep: Vec<String>,
    pub uploads: Vec<FileAttachment>,
    /// Why some uploads were not taken (too large), in words.
    pub upload_error: Option<Notice>,
    /// The form's one-time send token, when it carries a well-formed one.
    pub send_token: Option<String>,
    /// Files named but not taken (over the limit).
    pub dropped_files: Vec<String>,
    /// The address the form was written as (a hidden field): a form carried over a login
    /// returns only to that account.
    pub account: String,
    /// Saved by the page's script by itself (after a pause in typing, or as the page is left):
    /// answered with the draft's place, not with a page.
    pub autosave: bool,
}

/// Reads the form. Uploads beyond `limit` (counted as base64) are dropped and reported; the
/// typed fields are always kept.
pub async fn read(mut multipart: Multipart, limit: u64) -> Result<Submission, Notice> {
    let mut form = Submission {
        intent: Intent::SaveDraft,
        from: String::new(),
        to: String::new(),
        cc: String::new(),
        bcc: String::new(),
        subject: String::new(),
        body: String::new(),
        in_reply_to: String::new(),
        references: String::new(),
        draft: None,
        answers: None,
        keep: Vec::new(),
        uploads: Vec::new(),
        upload_error: None,
        send_token: None,
        dropped_files: Vec::new(),
        account: String::new(),
        autosave: false,
    };
    let mut answers_kind = None;
    let mut source = None;
    let mut uploaded: u64 = 0;
    let mut dropped: Vec<String> = Vec::new();
    loop {
        let field = match multipart.next_field().await {
            Ok(Some(field)) => field,
            Ok(None) => break,
            Err(error) => {
                tracing::info!(%error, "compose form cut short");
                return Err(Notice::said("compose-cut-short"));
            }
        };
        let name = field.name().unwrap_or_default().to_string();
        if name == "attach" {
            match read_upload(field, uploaded, limit).await? {
                Upload::Empty => {}
                Upload::TooLarge(filename) => dropped.push(filename),
                Upload::File(file) => {
                    uploaded += file.bytes.len() as u64;
                    form.uploads.push(file);
                }
            }
            continue;
        }
        let value = match field.text().await {
            Ok(value) => value,
            Err(_) => return Err(Notice::said("compose-incomplete")),
        };
        match name.as_str() {
            "action" => {
                form.intent = if value == "send" {
                    Intent::Send
                } else {
                    Intent::SaveDraft
                }
            }
            "from" => form.from = value.trim().to_lowercase(),
            "to" => form.to = value,
            "cc" => form.cc = value,
            "bcc" => form.bcc = value,
            "subject" => form.subject = value,
            "body" => form.body = value,
            "in_reply_to" => form.in_reply_to = value,
            "references" => form.references = value,
            "draft" => form.draft = MessageRef::from_field(&value),
            "answers" => answers_kind = AnswerKind::from_param(&value),
            "source" => source = MessageRef::from_field(&value),
            "keep" => form.keep.push(value),
            "autosave" => form.autosave = value == "1",
            "account" => form.account = value.trim().to_string(),
            "send_token" => {
                form.send_token = Some(value).filter(|t| {
                    (16..=64).contains(&t.len())
                        && t.bytes()
                            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
                })
            }
            _ => {}
        }
    }
    form.answers = answers_kind.zip(source);
    form.dropped_files = dropped.clone();
    if !dropped.is_empty() {
        form.upload_error = Some(Notice::with(
            "compose-not-attached",
            vec![
                ("limit", Arg::Count(limit / (1024 * 1024))),
                ("files", Arg::text(dropped.join(", "))),
            ],
        ));
    }
    Ok(form)
}

/// One file input's content.
enum Upload {
    /// The empty file input of a form sent without files.
    Empty,
    /// Over the limit together with the files before it: named, not kept.
    TooLarge(String),
    File(FileAttachment),
}

/// Streams one upload in, counting it (as base64) with the `uploaded` bytes before it against
/// `limit`; a file over the limit is read to its end and dropped.
async fn read_upload(
    mut field: axum::extract::multipart::Field<'_>,
    uploaded: u64,
    limit: u64,
) -> Result<Upload, Notice> {
    let filename = field.file_name().map(clean_file_name).unwrap_or_default();
    let mime_type = field
        .content_type()
        .map(str::to_string)
        .unwrap_or_else(|| "application/octet-stream".to_string());
    let mut bytes = Vec::new();
    let mut too_large = false;
    loop {
        match field.chunk().await {
            Ok(Some(_)) if too_large => {}
            Ok(Some(chunk)) => {
                if encoded_size(uploaded + (bytes.len() + chunk.len()) as u64) > limit {
                    too_large = true;
                    bytes = Vec::new();
                } else {
                    bytes.extend_from_slice(&chunk);
                }
            }
            Ok(None) => break,
            Err(_) => {
                return Err(Notice::said("compose-upload-broke"));
            }
        }
    }
    if filename.is_empty() && bytes.is_empty() {
        return Ok(Upload::Empty);
    }
    if too_large {
        return Ok(Upload::TooLarge(filename));
    }
    Ok(Upload::File(FileAttachment {
        filename: if filename.is_empty() {
            "attachment".to_string()
        } else {
            filename
        },
        mime_type,
        bytes,
    }))
}

/// A file name without any path a browser might send, and without control characters.
fn clean_file_name(name: &str) -> String {
    let base = name.rsplit(['/', '\\']).next().unwrap_or(name);
    base.chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect::<String>()
        .trim()
        .to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn file_names_lose_paths_and_control_characters() {
        assert_eq!(clean_file_name("C:\\Users\\a\\Bericht.pdf"), "Bericht.pdf");
        assert_eq!(clean_file_name("../../etc/pass\r\nwd"), "passwd");
    }
}
