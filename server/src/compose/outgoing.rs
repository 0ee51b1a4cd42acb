//! Turning a checked compose form into the exact bytes that are sent (and stored in Sent) or
//! saved as a draft. lettre writes the MIME: RFC 2047 for non-ASCII subjects and names,
//! quoted-printable or base64 for the text as needed (long lines included).

use lettre::Message;
use lettre::message::header::{ContentType, HeaderName, HeaderValue};
use lettre::message::{Attachment, Mailbox, MultiPart, SinglePart};
use postern_app::model::{Arg, Notice};

/// The header a draft carries to remember what it answers (`reply 7:42:INBOX`).
pub const ANSWERS_HEADER: &str = "X-Postern-Answers";

/// One file to send, decoded (the port's type: uploads and stored attachments alike).
pub use postern_app::port::AttachedFile as FileAttachment;

/// A recipient field: parsed addresses, or (drafts only) the text as typed.
#[derive(Clone, Debug)]
pub enum Recipients {
    Parsed(Vec<Mailbox>),
    AsTyped(String),
}

impl Recipients {
    fn is_empty(&self) -> bool {
        match self {
            Recipients::Parsed(list) => list.is_empty(),
            Recipients::AsTyped(text) => text.trim().is_empty(),
        }
    }
}

/// Everything a message is made of.
#[derive(Clone, Debug)]
pub struct Outgoing {
    pub from: Mailbox,
    /// Where answers should go (the person's setting).
    pub reply_to: Option<Mailbox>,
    pub to: Recipients,
    pub cc: Recipients,
    pub bcc: Recipients,
    pub subject: String,
    pub body: String,
    /// Already checked message ids (`<…>`).
    pub in_reply_to: Option<String>,
    pub references: Option<String>,
    pub attachments: Vec<FileAttachment>,
    /// Without angle brackets.
    pub message_id: String,
    /// A draft remembers what it answers: `reply 7:42:INBOX`.
    pub answers: Option<String>,
}

/// The bytes and the SMTP envelope recipients.
pub struct Built {
    pub bytes: Vec<u8>,
    pub recipients: Vec<lettre::Address>,
}

impl Outgoing {
    /// For sending: Bcc goes into the envelope only, never into the header.
    pub fn build_for_sending(&self) -> Result<Built, Notice> {
        let message = self.build(false)?;
        Ok(Built {
            bytes: message.formatted(),
            recipients: message.envelope().to().to_vec(),
        })
    }

    /// For Drafts: Bcc kept (it is the person's own copy), recipients as typed.
    pub fn build_draft(&self) -> Result<Vec<u8>, Notice> {
        Ok(self.build(true)?.formatted())
    }

    fn build(&self, draft: bool) -> Result<Message, Notice> {
        let mut builder = Message::builder()
            .from(self.from.clone())
            .subject(self.subject.clone())
            .message_id(Some(format!("<{}>", self.message_id)))
            .user_agent("Postern".to_string());
        for (name, field) in [("To", &self.to), ("Cc", &self.cc), ("Bcc", &self.bcc)] {
            match field {
                Recipients::Parsed(list) => {
                    for mailbox in list {
                        builder = match name {
                            "To" => builder.to(mailbox.clone()),
                            "Cc" => builder.cc(mailbox.clone()),
                            _ => builder.bcc(mailbox.clone()),
                        };
                    }
                }
                Recipients::AsTyped(text) if !text.trim().is_empty() => {
                    builder = builder.raw_header(HeaderValue::new(
                        HeaderName::new_from_ascii_str(match name {
                            "To" => "To",
                            "Cc" => "Cc",
                            _ => "Bcc",
                        }),
                        text.trim().to_string(),
                    ));
                }
                Recipients::AsTyped(_) => {}
            }
        }
        if let Some(reply_to) = &self.reply_to {
            builder = builder.reply_to(reply_to.clone());
        }
        if let Some(id) = &self.in_reply_to {
            builder = builder.in_reply_to(id.clone());
        }
        if let Some(references) = &self.references {
            builder = builder.references(references.clone());
        }
        if draft {
            builder = builder.keep_bcc();
            if let Some(answers) = &self.answers {
                builder = builder.raw_header(HeaderValue::new(
                    HeaderName::new_from_ascii_str(ANSWERS_HEADER),
                    answers.clone(),
                ));
            }
            // A draft may have no recipient yet; it is never sent as it is.
            let me = self.from.email.clone();
            builder = builder.envelope(
                lettre::address::Envelope::new(Some(me.clone()), vec![me]).map_err(not_built)?,
            );
        } else if self.to.is_empty() && self.cc.is_empty() && self.bcc.is_empty() {
            return Err(Notice::said("compose-no-recipient"));
        }
        let text = SinglePart::plain(normalise_newlines(&self.body));
        let result = if self.attachments.is_empty() {
            builder.singlepart(text)
        } else {
            let mut parts = MultiPart::mixed().singlepart(text);
            for file in &self.attachments {
                let content_type = ContentType::parse(&file.mime_type).unwrap_or_else(|_| {
                    ContentType::parse("application/octet-stream")
                        .unwrap_or(ContentType::TEXT_PLAIN)
                });
                parts = parts.singlepart(
                    Attachment::new(file.filename.clone()).body(file.bytes.clone(), content_type),
                );
            }
            builder.multipart(parts)
        };
        result.map_err(not_built)
    }
}

/// CRLF everywhere, as the wire wants it.
fn normalise_newlines(text: &str) -> String {
    text.replace("\r\n", "\n")
        .replace('\r', "\n")
        .replace('\n', "\r\n")
}

/// Bytes an attachment takes once base64-encoded (76-character lines with CRLF), which is
/// what the submission server's size limit counts.
pub fn encoded_size(bytes: u64) -> u64 {
    let base64 = bytes.div_ceil(3) * 4;
    base64 + base64.div_ceil(76) * 2
}

/// Keeps the message ids of an In-Reply-To/References field that look like message ids.
pub fn message_ids(field: &str) -> Option<String> {
    let ids: Vec<&str> = field
        .split_whitespace()
        .filter(|id| {
            id.len() > 2
                && id.len() < 250
                && id.starts_with('<')
                && id.ends_with('>')
                && id[1..id.len() - 1]
                    .chars()
                    .all(|c| c.is_ascii_graphic() && c != '<' && c != '>')
        })
        .collect();
    (!ids.is_empty()).then(|| ids.join(" "))
}

/// The message could not be put together (lettre's reason, which names the part).
fn not_built(error: impl std::fmt::Display) -> Notice {
    Notice::with(
        "compose-not-built",
        vec![("reason", Arg::text(error.to_string()))],
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use mail_parser::MimeHeaders;

    fn outgoing() -> Outgoing {
        Outgoing {
            from: "Ann <ann@example.org>".parse().unwrap(),
            reply_to: None,
            to: Recipients::Parsed(vec!["Jörg <joerg@example.org>".parse().unwrap()]),
            cc: Recipients::Parsed(vec![]),
            bcc: Recipients::Parsed(vec!["hidden@example.org".parse().unwrap()]),
            subject: "Grüße – and a long subject that goes on".to_string(),
            body: "Line one\nLine two é\n".to_string(),
            in_reply_to: message_ids("<a@x> bad <b@y>"),
            references: None,
            attachments: vec![FileAttachment {
                filename: "Übersicht.pdf".to_string(),
                mime_type: "application/pdf".to_string(),
                bytes: vec![0, 1, 2, 255],
            }],
            message_id: "id1@example.org".to_string(),
            answers: Some("reply 1:7:INBOX".to_string()),
        }
    }

    #[test]
    fn sent_bytes_hide_bcc_but_the_envelope_has_it() {
        let built = outgoing().build_for_sending().unwrap();
        let text = String::from_utf8_lossy(&built.bytes);
        assert!(!text.contains("hidden@example.org"));
        assert!(!text.contains("X-Postern-Answers"));
        assert!(text.contains("Message-ID: <id1@example.org>"));
        assert!(text.contains("In-Reply-To: <a@x> <b@y>"));
        assert!(text.contains("Subject: =?utf-8?"), "{text}");
        assert_eq!(built.recipients.len(), 2);
        let parsed = mail_parser::MessageParser::default()
            .parse(&built.bytes)
            .unwrap();
        assert_eq!(
            parsed.subject(),
            Some("Grüße – and a long subject that goes on")
        );
        assert_eq!(
            parsed.attachment(0).unwrap().attachment_name(),
            Some("Übersicht.pdf")
        );
        assert_eq!(parsed.attachment(0).unwrap().contents(), &[0, 1, 2, 255]);
        assert_eq!(
            parsed.body_text(0).unwrap().trim_end(),
            "Line one\r\nLine two é"
        );
    }

    #[test]
    fn drafts_keep_bcc_and_what_was_typed() {
        let mut draft = outgoing();
        draft.to = Recipients::AsTyped("bob@".to_string());
        let bytes = draft.build_draft().unwrap();
        let text = String::from_utf8_lossy(&bytes);
        assert!(text.contains("Bcc: hidden@example.org"));
        assert!(text.contains("To: bob@"));
        assert!(text.contains("X-Postern-Answers: reply 1:7:INBOX"));
    }

    #[test]
    fn sending_needs_a_recipient() {
        let mut empty = outgoing();
        empty.to = Recipients::Parsed(vec![]);
        empty.bcc = Recipients::Parsed(vec![]);
        assert!(empty.build_for_sending().is_err());
    }

    #[test]
    fn sizes_as_base64() {
        assert_eq!(encoded_size(0), 0);
        assert_eq!(encoded_size(57), 78);
        assert_eq!(encoded_size(3_000_000), 4_105_264);
    }
}
