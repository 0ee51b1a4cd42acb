//! Starting a message from another one: reply (to the sender, or to everyone), forward, or a
//! saved draft. Pure functions over the source's header and text, so they are unit-tested.

use mail_parser::{Address, HeaderValue, MessageParser};
use postern_app::model::{AnswerKind, ComposeForm, MessageRef};

use super::address::display;
use super::outgoing::{ANSWERS_HEADER, message_ids};
use crate::mime::headers::MessageHeaders;
use crate::mime::headers::clean;

/// The message being answered, as read from the server.
pub struct Original<'a> {
    pub header: &'a [u8],
    pub text: &'a str,
    pub reference: MessageRef,
}

/// The addresses a message was written to, lower case, in the order that tells most: where the
/// server delivered it (`Delivered-To`, `X-Original-To`), then To and Cc.
pub fn addressed_to(header: &[u8]) -> Vec<String> {
    let Some(parsed) = MessageParser::default().parse_headers(header) else {
        return Vec::new();
    };
    let mut out: Vec<String> = Vec::new();
    for name in ["Delivered-To", "X-Original-To"] {
        for value in parsed.header_values(name) {
            if let Some(text) = value.as_text() {
                out.push(clean(text).trim_matches(['<', '>']).to_lowercase());
            }
        }
    }
    for list in [parsed.to(), parsed.cc()].into_iter().flatten() {
        out.extend(
            list.iter()
                .filter_map(|a| a.address())
                .map(|a| clean(a).to_lowercase()),
        );
    }
    out
}

/// The From address of a message (a draft's), lower case.
pub fn sender(header: &[u8]) -> Vec<String> {
    MessageParser::default()
        .parse_headers(header)
        .and_then(|parsed| {
            parsed
                .from()
                .and_then(|f| f.first())
                .and_then(|a| a.address())
                .map(|a| vec![clean(a).to_lowercase()])
        })
        .unwrap_or_default()
}

/// A reply: to Reply-To (else From); with `all`, also everyone on To and Cc but oneself —
/// the login address and the person's other From addresses (`form.identities`).
pub fn reply(form: &mut ComposeForm, original: &Original<'_>, all: bool) {
    let Some(parsed) = MessageParser::default().parse_headers(original.header) else {
        return;
    };
    let mut seen: Vec<String> = std::iter::once(&form.address)
        .chain(form.identities.iter().map(|i| &i.address))
        .map(|a| a.to_ascii_lowercase())
        .collect();
    let mut pick = |list: Option<&Address<'_>>| -> Vec<String> {
        let mut out = Vec::new();
        for addr in list.into_iter().flat_map(|l| l.iter()) {
            let Some(address) = addr.address().map(clean).filter(|a| a.contains('@')) else {
                continue;
            };
            let key = address.to_ascii_lowercase();
            if seen.contains(&key) {
                continue;
            }
            seen.push(key);
            out.push(display(addr.name().map(clean).as_deref(), &address));
        }
        out
    };
    let mut to = pick(parsed.reply_to().or(parsed.from()));
    let mut cc = Vec::new();
    if all {
        to.extend(pick(parsed.to()));
        cc = pick(parsed.cc());
    }
    // Replying to one's own message: answer its recipients instead of oneself.
    if to.is_empty() && !all {
        to = pick(parsed.to());
    }
    form.to = to.join(", ");
    form.cc = cc.join(", ");
    form.subject = prefixed("Re:", &clean(parsed.subject().unwrap_or("")));
    let id = parsed.message_id().map(|id| format!("<{id}>"));
    let mut references = text_values(parsed.references())
        .into_iter()
        .map(|r| format!("<{r}>"))
        .collect::<Vec<_>>();
    if references.is_empty() {
        // RFC 5322 3.6.4: without References, the parent's In-Reply-To starts the chain.
        references = text_values(parsed.in_reply_to())
            .into_iter()
            .take(1)
            .map(|r| format!("<{r}>"))
            .collect();
    }
    if let Some(id) = &id {
        references.push(id.clone());
    }
    // Ids from a hostile message may hold anything: only well-formed ones go into the form.
    form.in_reply_to = id.and_then(|id| message_ids(&id)).unwrap_or_default();
    form.references = message_ids(&references.join(" ")).unwrap_or_default();
    let headers = MessageHeaders::parse(original.header);
    let who = if headers.from.is_empty() {
        "someone".to_string()
    } else {
        headers.from
    };
    let attribution = if headers.date_iso.is_empty() {
        format!("{who} wrote:")
    } else {
        format!("On {}, {who} wrote:", attribution_date(&headers.date_iso))
    };
    form.body = format!("\n\n{attribution}\n{}", quote(original.text));
    form.answers = Some((AnswerKind::Reply, original.reference.clone()));
}

/// A forward: `Fwd:` subject, the original's headers and text inline (its attachments are
/// listed by the caller).
pub fn forward(form: &mut ComposeForm, original: &Original<'_>) {
    let headers = MessageHeaders::parse(original.header);
    form.subject = prefixed("Fwd:", &headers.subject);
    let mut block = String::from("\n\n---------- Forwarded message ----------\n");
    for (name, value) in [
        ("From", &headers.from),
        ("Date", &headers.date_iso),
        ("Subject", &headers.subject),
        ("To", &headers.to),
        ("Cc", &headers.cc),
    ] {
        if !value.is_empty() {
            let value = if name == "Date" {
                attribution_date(value)
            } else {
                value.clone()
            };
            block.push_str(&format!("{name}: {value}\n"));
        }
    }
    block.push('\n');
    block.push_str(original.text.trim_end());
    block.push('\n');
    form.body = block;
    form.answers = Some((AnswerKind::Forward, original.reference.clone()));
}

/// A saved draft, back in the form: recipients, subject, text, threading, what it answers.
pub fn resume(form: &mut ComposeForm, header: &[u8], text: &str) {
    let Some(parsed) = MessageParser::default().parse_headers(header) else {
        return;
    };
    let field = |list: Option<&Address<'_>>, raw: Option<&str>| -> String {
        let parsed: Vec<String> = list
            .into_iter()
            .flat_map(|l| l.iter())
            .filter_map(|a| {
                let address = a.address().map(clean)?;
                Some(display(a.name().map(clean).as_deref(), &address))
            })
            .collect();
        if parsed.is_empty() {
            // Whatever was typed, even if it was not an address yet.
            raw.map(|r| clean(&decode_words(r))).unwrap_or_default()
        } else {
            parsed.join(", ")
        }
    };
    form.to = field(parsed.to(), parsed.header_raw("To"));
    form.cc = field(parsed.cc(), parsed.header_raw("Cc"));
    form.bcc = field(parsed.bcc(), parsed.header_raw("Bcc"));
    form.subject = clean(parsed.subject().unwrap_or(""));
    form.body = text.replace("\r\n", "\n");
    form.in_reply_to = text_values(parsed.in_reply_to())
        .first()
        .and_then(|r| message_ids(&format!("<{r}>")))
        .unwrap_or_default();
    form.references = message_ids(
        &text_values(parsed.references())
            .iter()
            .map(|r| format!("<{r}>"))
            .collect::<Vec<_>>()
            .join(" "),
    )
    .unwrap_or_default();
    form.answers = parsed.header_raw(ANSWERS_HEADER).and_then(|raw| {
        let (kind, reference) = raw.trim().split_once(' ')?;
        Some((
            AnswerKind::from_param(kind)?,
            MessageRef::from_field(reference.trim())?,
        ))
    });
}

fn decode_words(raw: &str) -> String {
    let header = format!("Subject: {}\r\n\r\n", raw.trim());
    MessageParser::default()
        .parse_headers(header.as_bytes())
        .and_then(|m| m.subject().map(str::to_string))
        .unwrap_or_else(|| raw.trim().to_string())
}

fn text_values(value: &HeaderValue<'_>) -> Vec<String> {
    match value {
        HeaderValue::Text(text) => vec![text.to_string()],
        HeaderValue::TextList(list) => list.iter().map(|t| t.to_string()).collect(),
        _ => Vec::new(),
    }
}

/// `Re: Subject` once, however many `Re:` (any case) the subject had.
pub fn prefixed(prefix: &str, subject: &str) -> String {
    let mut rest = subject.trim();
    loop {
        let lower = rest.to_ascii_lowercase();
        let p = prefix.to_ascii_lowercase();
        if lower.starts_with(&p) {
            rest = rest[prefix.len()..].trim_start();
        } else if p == "fwd:" && lower.starts_with("fw:") {
            rest = rest[3..].trim_start();
        } else {
            break;
        }
    }
    if rest.is_empty() {
        prefix.to_string()
    } else {
        format!("{prefix} {rest}")
    }
}

/// `body` with the person's signature under the `-- ` separator (RFC 3676 4.3): at the end of
/// a new message, above the quote of a reply or forward — once: a body that holds it already
/// (a draft, a form shown again) is left as it is.
pub fn sign(body: &str, signature: &str) -> String {
    let signature = signature.replace("\r\n", "\n").replace('\r', "\n");
    let signature = signature.trim_end();
    if signature.trim().is_empty() {
        return body.to_string();
    }
    let block = format!("-- \n{signature}\n");
    if body.contains(&block) {
        return body.to_string();
    }
    let rest = body.trim_start_matches('\n');
    if rest.trim().is_empty() {
        format!("\n\n{block}")
    } else {
        format!("\n\n{block}\n{rest}")
    }
}

/// `> ` before every line of the quoted text.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 20);
    for line in text.trim_end().lines() {
        if line.starts_with('>') {
            out.push('>');
        } else {
            out.push_str("> ");
        }
        out.push_str(line.trim_end_matches('\r'));
        out.push('\n');
    }
    out
}

fn attribution_date(iso: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(iso)
        .map(|d| d.format("%a, %-d %b %Y at %H:%M").to_string())
        .unwrap_or_else(|_| iso.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ComposeForm {
        ComposeForm {
            address: "me@example.org".to_string(),
            ..ComposeForm::default()
        }
    }

    const HEADER: &[u8] = b"From: Bob <bob@example.org>\r\nTo: me@example.org, Carol <carol@example.org>\r\nCc: Dave <dave@example.org>, ME@example.org\r\nSubject: Re: RE: Plans\r\nMessage-ID: <m2@example.org>\r\nReferences: <m0@example.org> <m1@example.org>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\n";

    fn original() -> Original<'static> {
        Original {
            header: HEADER,
            text: "Hello\n> earlier\n",
            reference: MessageRef::new(
                postern_app::model::FolderName::inbox(),
                postern_app::model::Uid::new(7).unwrap(),
                postern_app::model::UidValidity::new(1),
            ),
        }
    }

    #[test]
    fn the_address_written_to_comes_from_delivery_then_to_and_cc() {
        let header = b"Delivered-To: sales@example.org\r\nTo: Team <Team@Example.org>\r\nCc: ann@example.org\r\nFrom: bob@example.net\r\n\r\n";
        assert_eq!(
            addressed_to(header),
            ["sales@example.org", "team@example.org", "ann@example.org"]
        );
        assert_eq!(sender(header), ["bob@example.net"]);
    }

    #[test]
    fn the_signature_goes_above_the_quote_once() {
        assert_eq!(
            sign("", "Ann\r\nExample Ltd\n\n"),
            "\n\n-- \nAnn\nExample Ltd\n"
        );
        let mut f = form();
        reply(&mut f, &original(), false);
        let signed = sign(&f.body, "Ann");
        assert!(signed.starts_with("\n\n-- \nAnn\n\nOn "), "{signed:?}");
        assert!(signed.contains("\n> "), "{signed:?}");
        assert_eq!(sign(&signed, "Ann"), signed, "once");
        assert_eq!(sign("text", "  \n"), "text");
    }

    #[test]
    fn reply_threads_and_quotes() {
        let mut f = form();
        reply(&mut f, &original(), false);
        assert_eq!(f.to, "Bob <bob@example.org>");
        assert_eq!(f.cc, "");
        assert_eq!(f.subject, "Re: Plans");
        assert_eq!(f.in_reply_to, "<m2@example.org>");
        assert_eq!(
            f.references,
            "<m0@example.org> <m1@example.org> <m2@example.org>"
        );
        assert!(
            f.body.contains(
                "On Mon, 2 Mar 2026 at 10:00, Bob <bob@example.org> wrote:\n> Hello\n>> earlier\n"
            ),
            "{}",
            f.body
        );
        assert_eq!(f.answers.as_ref().map(|a| a.0), Some(AnswerKind::Reply));
    }

    #[test]
    fn reply_all_leaves_the_persons_other_addresses_out_too() {
        let mut f = form();
        f.identities = vec![postern_app::model::NamedAddress {
            address: "carol@example.org".into(),
            name: String::new(),
        }];
        reply(&mut f, &original(), true);
        assert!(
            !f.to.contains("carol@") && !f.cc.contains("carol@"),
            "{} / {}",
            f.to,
            f.cc
        );
    }

    #[test]
    fn reply_all_leaves_oneself_out() {
        let mut f = form();
        reply(&mut f, &original(), true);
        assert_eq!(f.to, "Bob <bob@example.org>, Carol <carol@example.org>");
        assert_eq!(f.cc, "Dave <dave@example.org>");
    }

    #[test]
    fn forward_inlines_the_original() {
        let mut f = form();
        forward(&mut f, &original());
        assert_eq!(f.subject, "Fwd: Re: RE: Plans");
        assert!(
            f.body
                .contains("---------- Forwarded message ----------\nFrom: Bob <bob@example.org>\n")
        );
        assert!(f.body.ends_with("Hello\n> earlier\n"));
        assert_eq!(f.to, "");
    }

    #[test]
    fn hostile_message_ids_stay_out_of_the_form() {
        let mut f = form();
        let header = b"From: a@example.org\r\nMessage-ID: <10@example\xff\r.org>\r\nReferences: <ok@x> <bad\r\nBcc: x@y>\r\n\r\n";
        reply(
            &mut f,
            &Original {
                header,
                text: "",
                reference: original().reference,
            },
            false,
        );
        assert!(!f.in_reply_to.contains(['\r', '\n']), "{:?}", f.in_reply_to);
        assert!(!f.references.contains(['\r', '\n']), "{:?}", f.references);
    }

    #[test]
    fn prefixes_once() {
        assert_eq!(prefixed("Re:", "re: Re:  Hi"), "Re: Hi");
        assert_eq!(prefixed("Re:", ""), "Re:");
        assert_eq!(prefixed("Fwd:", "Fw: Fwd: x"), "Fwd: x");
    }

    #[test]
    fn resumes_a_draft() {
        let mut f = form();
        resume(
            &mut f,
            b"To: bob@\r\nBcc: =?UTF-8?Q?J=C3=B6rg?= <j@example.org>\r\nSubject: Draft\r\nIn-Reply-To: <m2@example.org>\r\nX-Postern-Answers: reply 1:7:INBOX\r\n\r\n",
            "Body\r\n",
        );
        assert_eq!(f.to, "bob@");
        assert_eq!(f.bcc, "Jörg <j@example.org>");
        assert_eq!(f.body, "Body\n");
        assert_eq!(f.in_reply_to, "<m2@example.org>");
        assert_eq!(
            f.answers,
            Some((
                AnswerKind::Reply,
                MessageRef::new(
                    postern_app::model::FolderName::inbox(),
                    postern_app::model::Uid::new(7).unwrap(),
                    postern_app::model::UidValidity::new(1),
                )
            ))
        );
    }
}
