//! Opening one message lazily: headers and BODYSTRUCTURE first, then only the part that is
//! shown (fetched with BODY[], which marks the message \Seen), never the attachments.

use std::collections::HashMap;

use async_imap::types::Fetch;
use futures::TryStreamExt;
use mail_parser::{MessageParser, MimeHeaders};

use super::Connection;
use super::structure::{Leaf, Plan, leaves, plan};
use crate::mime::transfer::TransferDecoder;

type ImapResult<T> = std::result::Result<T, async_imap::error::Error>;

/// Why a message cannot be opened, beyond IMAP failures.
#[derive(Debug)]
pub enum OpenError {
    Imap(async_imap::error::Error),
    /// UIDVALIDITY differs from the one the link was made with: UIDs point elsewhere now.
    FolderChanged,
    NoSuchMessage,
    /// A folder that the server did not list (or that cannot take this action).
    NoSuchFolder,
}

impl From<async_imap::error::Error> for OpenError {
    fn from(error: async_imap::error::Error) -> Self {
        OpenError::Imap(error)
    }
}

/// What was read to show a message.
pub struct Opened {
    pub uid_validity: u32,
    /// The top-level header block.
    pub header: Vec<u8>,
    pub plan: Plan,
    /// The displayed part, decoded to text (HTML or plain, see `plan`).
    pub html: Option<String>,
    pub plain: Option<String>,
    pub flagged: bool,
}

/// Selects the folder (read-write when `mark_seen`), checks UIDVALIDITY, reads header and
/// structure.
async fn head(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    validity: Option<u32>,
    mark_seen: bool,
) -> Result<(u32, Vec<u8>, Plan, bool), OpenError> {
    let uid_validity = conn.open_folder(folder, mark_seen).await?.uid_validity;
    if validity.is_some_and(|v| v != uid_validity) {
        return Err(OpenError::FolderChanged);
    }
    let fetches: Vec<Fetch> = conn
        .session
        .uid_fetch(
            uid.to_string(),
            "(UID FLAGS BODYSTRUCTURE BODY.PEEK[HEADER])",
        )
        .await?
        .try_collect()
        .await?;
    let fetch = fetches
        .iter()
        .find(|f| f.uid == Some(uid))
        .ok_or(OpenError::NoSuchMessage)?;
    let header = fetch.header().unwrap_or_default().to_vec();
    let plan = fetch
        .bodystructure()
        .map(|s| plan(leaves(s)))
        .unwrap_or_default();
    let flagged = fetch
        .flags()
        .any(|f| matches!(f, async_imap::types::Flag::Flagged));
    Ok((uid_validity, header, plan, flagged))
}

/// Opens a message to show it: the best text part is fetched and decoded.
pub async fn open(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    validity: Option<u32>,
) -> Result<Opened, OpenError> {
    let (uid_validity, header, plan, flagged) = head(conn, folder, uid, validity, true).await?;
    let shown = plan.html.clone().or_else(|| plan.plain.clone());
    let mut html = None;
    let mut plain = None;
    match &shown {
        // BODY[] (not PEEK): opening the message is reading it.
        Some(leaf) if leaf.size > 0 => {
            let decoded = fetch_decoded(conn, uid, leaf, &header, false).await?;
            if leaf.subtype == "html" {
                html = decoded.text;
            } else {
                plain = decoded.text;
            }
        }
        // Nothing the structure calls text, or an empty text (a multipart whose boundary is
        // missing or wrong): show the raw text of the body rather than nothing.
        _ if plan.attachments.is_empty() => {
            let fetches: Vec<Fetch> = conn
                .session
                .uid_fetch(uid.to_string(), "(UID BODY[TEXT]<0.1000000>)")
                .await?
                .try_collect()
                .await?;
            plain = fetches
                .iter()
                .find(|f| f.uid == Some(uid))
                .and_then(|f| f.text().map(|t| String::from_utf8_lossy(t).into_owned()))
                .filter(|t| !t.trim().is_empty());
        }
        _ => {
            conn.session
                .uid_store(uid.to_string(), "+FLAGS.SILENT (\\Seen)")
                .await?
                .try_collect::<Vec<_>>()
                .await?;
        }
    }
    Ok(Opened {
        uid_validity,
        header,
        plan,
        html,
        plain,
        flagged,
    })
}

/// The HTML part and its inline images, for the body frame (read-only: no flag changes).
pub async fn html_with_images(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    validity: Option<u32>,
) -> Result<Option<(String, HashMap<String, String>)>, OpenError> {
    let (_, header, plan, _) = head(conn, folder, uid, validity, false).await?;
    let Some(leaf) = plan.html.clone() else {
        return Ok(None);
    };
    let html = fetch_decoded(conn, uid, &leaf, &header, true)
        .await?
        .text
        .unwrap_or_default();
    let mut images = HashMap::new();
    for image in plan
        .inline_images
        .iter()
        .filter(|i| i.size <= 4 * 1024 * 1024)
    {
        let Some(id) = &image.content_id else {
            continue;
        };
        if !html.contains(id.as_str()) {
            continue;
        }
        let part = fetch_decoded(conn, uid, image, &header, true).await?;
        use base64::Engine;
        let data = base64::engine::general_purpose::STANDARD.encode(&part.bytes);
        let mime = format!("{}/{}", image.mime_type, image.subtype);
        images.insert(id.clone(), format!("data:{mime};base64,{data}"));
    }
    Ok(Some((html, images)))
}

/// A part decoded from its transfer encoding (and charset, for text).
pub struct DecodedPart {
    pub bytes: Vec<u8>,
    pub text: Option<String>,
    pub filename: Option<String>,
    pub mime_type: String,
}

/// What a download needs before streaming a part.
pub struct PartInfo {
    pub leaf: Leaf,
    pub filename: Option<String>,
    pub uid_validity: u32,
}

/// Finds part `path` of a message; `None` if there is no such part.
pub async fn part_info(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    validity: Option<u32>,
    path: &str,
) -> Result<Option<PartInfo>, OpenError> {
    let (uid_validity, _, plan, _) = head(conn, folder, uid, validity, false).await?;
    let all = plan
        .attachments
        .iter()
        .chain(plan.inline_images.iter())
        .chain(plan.html.iter())
        .chain(plan.plain.iter());
    Ok(all
        .into_iter()
        .find(|l| l.path == path)
        .map(|leaf| PartInfo {
            filename: leaf.file_name(),
            leaf: leaf.clone(),
            uid_validity,
        }))
}

/// The UIDVALIDITY of a folder, checked against the one expected.
pub async fn current_validity(
    conn: &mut Connection,
    folder: &str,
    expected: Option<u32>,
) -> Result<u32, OpenError> {
    let validity = conn.open_folder(folder, false).await?.uid_validity;
    if expected.is_some_and(|v| v != validity) {
        return Err(OpenError::FolderChanged);
    }
    Ok(validity)
}

/// Bytes `offset..offset+len` of a section as stored (still transfer-encoded): part `path`, or
/// the whole message when `path` is empty. Fewer bytes than asked for means the end.
pub async fn chunk(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    uid_validity: u32,
    path: &str,
    offset: u64,
    len: u32,
) -> Result<Vec<u8>, OpenError> {
    current_validity(conn, folder, Some(uid_validity)).await?;
    let query = format!("(UID BODY.PEEK[{path}]<{offset}.{len}>)");
    let fetches: Vec<Fetch> = conn
        .session
        .uid_fetch(uid.to_string(), &query)
        .await?
        .try_collect()
        .await?;
    let fetch = fetches
        .iter()
        .find(|f| f.uid == Some(uid))
        .ok_or(OpenError::NoSuchMessage)?;
    let data = if path.is_empty() {
        fetch.body()
    } else {
        let numbers: Vec<u32> = path.split('.').filter_map(|n| n.parse().ok()).collect();
        fetch.section(&async_imap::imap_proto::SectionPath::Part(numbers, None))
    };
    Ok(data.unwrap_or_default().to_vec())
}

/// Fetches a part with its MIME header and lets mail-parser undo transfer encoding and charset.
async fn fetch_decoded(
    conn: &mut Connection,
    uid: u32,
    leaf: &Leaf,
    top_header: &[u8],
    peek: bool,
) -> ImapResult<DecodedPart> {
    let body = if peek { "BODY.PEEK" } else { "BODY" };
    // A single-part message has no part header of its own: its header is the message's.
    let single =
        !leaf.path.contains('.') && leaf.path == "1" && top_header_is_single_part(top_header);
    let query = if single {
        format!("(UID {body}[TEXT])")
    } else {
        format!("(UID {body}[{p}.MIME] {body}[{p}])", p = leaf.path)
    };
    let fetches: Vec<Fetch> = conn
        .session
        .uid_fetch(uid.to_string(), &query)
        .await?
        .try_collect()
        .await?;
    let fetch = fetches.iter().find(|f| f.uid == Some(uid));
    let (mime_header, content): (Vec<u8>, Vec<u8>) = match fetch {
        Some(f) if single => (top_header.to_vec(), f.text().unwrap_or_default().to_vec()),
        Some(f) => {
            let path: Vec<u32> = leaf
                .path
                .split('.')
                .filter_map(|n| n.parse().ok())
                .collect();
            let mime = f
                .section(&async_imap::imap_proto::SectionPath::Part(
                    path.clone(),
                    Some(async_imap::imap_proto::MessageSection::Mime),
                ))
                .unwrap_or_default()
                .to_vec();
            let data = f
                .section(&async_imap::imap_proto::SectionPath::Part(path, None))
                .unwrap_or_default()
                .to_vec();
            (mime, data)
        }
        None => (Vec::new(), Vec::new()),
    };
    Ok(decode_part(&mime_header, &content, leaf))
}

fn top_header_is_single_part(header: &[u8]) -> bool {
    MessageParser::default()
        .parse_headers(header)
        .and_then(|m| {
            m.content_type()
                .map(|ct| !ct.ctype().eq_ignore_ascii_case("multipart"))
        })
        .unwrap_or(true)
}

/// Decodes `content` as described by `mime_header` (falling back to what BODYSTRUCTURE said).
pub fn decode_part(mime_header: &[u8], content: &[u8], leaf: &Leaf) -> DecodedPart {
    let mut header = Vec::with_capacity(mime_header.len() + 128);
    header.extend_from_slice(
        mime_header
            .strip_suffix(b"\r\n\r\n")
            .or_else(|| mime_header.strip_suffix(b"\n\n"))
            .unwrap_or(mime_header),
    );
    if !contains_header(mime_header, "content-type") {
        let charset = leaf
            .charset
            .as_deref()
            .map(|c| format!("; charset=\"{c}\""))
            .unwrap_or_default();
        header.extend_from_slice(
            format!(
                "\r\nContent-Type: {}/{}{charset}",
                leaf.mime_type, leaf.subtype
            )
            .as_bytes(),
        );
    }
    if !contains_header(mime_header, "content-transfer-encoding") {
        header.extend_from_slice(
            format!("\r\nContent-Transfer-Encoding: {}", leaf.encoding).as_bytes(),
        );
    }
    let mut fields = only_content_fields(&header);
    let encoding = leaf.encoding.to_ascii_lowercase();
    // Base64 as senders really write it (stray characters, broken padding): decoded here,
    // leniently, and handed on as binary.
    let content: std::borrow::Cow<'_, [u8]> = if encoding == "base64" {
        let mut decoder = TransferDecoder::for_encoding("base64");
        let mut bytes = decoder.feed(content);
        bytes.extend(decoder.finish());
        fields = replace_field(&fields, "content-transfer-encoding", "binary");
        std::borrow::Cow::Owned(bytes)
    } else {
        std::borrow::Cow::Borrowed(content)
    };
    // Text sent as 8-bit that is not UTF-8 although it says so (or says nothing): the usual
    // culprit is Windows-1252, which also covers Latin-1.
    let claims_utf8 = leaf.charset.as_deref().is_none_or(|c| {
        let c = c.to_ascii_lowercase();
        c == "utf-8" || c == "utf8" || c == "us-ascii"
    });
    if leaf.mime_type == "text"
        && claims_utf8
        && encoding != "quoted-printable"
        && std::str::from_utf8(&content).is_err()
    {
        fields = replace_field(
            &fields,
            "content-type",
            &format!("text/{}; charset=\"windows-1252\"", leaf.subtype),
        );
    }
    let mut message = Vec::with_capacity(fields.len() + content.len() + 4);
    // Only the Content-* fields are kept, so a part header cannot turn this into a multipart.
    message.extend_from_slice(&fields);
    message.extend_from_slice(b"\r\n\r\n");
    message.extend_from_slice(&content);
    let parsed = MessageParser::default().parse(&message);
    let mime_type = format!("{}/{}", leaf.mime_type, leaf.subtype);
    let Some(parsed) = parsed else {
        return DecodedPart {
            bytes: content.to_vec(),
            text: None,
            filename: None,
            mime_type,
        };
    };
    let filename = parsed
        .attachment_name()
        .map(str::to_string)
        .or_else(|| leaf.file_name());
    let part = parsed.parts.first();
    let bytes = part.map(|p| p.contents().to_vec()).unwrap_or_default();
    let text = match leaf.mime_type.as_str() {
        "text" => Some(
            part.and_then(|p| p.text_contents())
                .map(str::to_string)
                .unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned()),
        ),
        _ => None,
    };
    DecodedPart {
        bytes,
        text,
        filename,
        mime_type,
    }
}

/// Replaces (or adds) one header field of a part header.
fn replace_field(fields: &[u8], name: &str, value: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(fields);
    let mut out: Vec<String> = Vec::new();
    let mut skipping = false;
    for line in text.split("\r\n") {
        if line.starts_with([' ', '\t']) && skipping {
            continue;
        }
        skipping = line.to_ascii_lowercase().starts_with(&format!("{name}:"));
        if !skipping {
            out.push(line.to_string());
        }
    }
    out.push(format!("{name}: {value}"));
    out.retain(|l| !l.is_empty());
    out.join("\r\n").into_bytes()
}

fn contains_header(header: &[u8], name: &str) -> bool {
    String::from_utf8_lossy(header).lines().any(|l| {
        l.split_once(':')
            .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))
    })
}

fn only_content_fields(header: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(header);
    let mut out = String::new();
    let mut keep = false;
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if keep {
                out.push_str("\r\n");
                out.push_str(line);
            }
            continue;
        }
        let name = line
            .split_once(':')
            .map(|(n, _)| n.trim().to_ascii_lowercase())
            .unwrap_or_default();
        keep = name == "content-type"
            || name == "content-transfer-encoding"
            || name == "content-disposition";
        if keep {
            if !out.is_empty() {
                out.push_str("\r\n");
            }
            out.push_str(line);
        }
    }
    out.into_bytes()
}

/// What answering or resuming a message needs: its header, its text (plain preferred, HTML
/// turned into text) and its attachments. Read with PEEK: answering does not change flags.
pub struct Source {
    pub uid_validity: u32,
    pub header: Vec<u8>,
    pub text: String,
    pub attachments: Vec<Leaf>,
}

pub async fn source(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    validity: Option<u32>,
) -> Result<Source, OpenError> {
    let (uid_validity, header, plan, _) = head(conn, folder, uid, validity, false).await?;
    let text = match (&plan.plain, &plan.html) {
        (Some(leaf), _) if leaf.size > 0 => fetch_decoded(conn, uid, leaf, &header, true)
            .await?
            .text
            .unwrap_or_default(),
        (_, Some(leaf)) if leaf.size > 0 => fetch_decoded(conn, uid, leaf, &header, true)
            .await?
            .text
            .map(|html| mail_parser::decoders::html::html_to_text(&html))
            .unwrap_or_default(),
        _ => String::new(),
    };
    Ok(Source {
        uid_validity,
        header,
        text,
        attachments: plan.attachments,
    })
}

/// One attachment, decoded: (file name, MIME type, bytes). `None` if there is no such part.
pub async fn attachment(
    conn: &mut Connection,
    folder: &str,
    uid: u32,
    validity: Option<u32>,
    path: &str,
) -> Result<Option<(String, String, Vec<u8>)>, OpenError> {
    let (_, header, plan, _) = head(conn, folder, uid, validity, false).await?;
    let Some(leaf) = plan.attachments.iter().find(|l| l.path == path) else {
        return Ok(None);
    };
    let decoded = fetch_decoded(conn, uid, leaf, &header, true).await?;
    let name = leaf
        .file_name()
        .or(decoded.filename)
        .unwrap_or_else(|| format!("part-{}.{}", leaf.path, leaf.subtype));
    let mime = format!("{}/{}", leaf.mime_type, leaf.subtype).to_ascii_lowercase();
    Ok(Some((name, mime, decoded.bytes)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(mime: &str, sub: &str, enc: &str) -> Leaf {
        Leaf {
            path: "2".into(),
            mime_type: mime.into(),
            subtype: sub.into(),
            charset: None,
            disposition: None,
            raw_name: None,
            content_id: None,
            encoding: enc.into(),
            size: 0,
            in_alternative: false,
            in_related: false,
            flowed: false,
            delsp: false,
        }
    }

    #[test]
    fn decodes_quoted_printable_latin1() {
        let part = decode_part(b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", b"Gr=FC=DFe", &leaf("text", "plain", "quoted-printable"));
        assert_eq!(part.text.as_deref(), Some("Grüße"));
    }

    #[test]
    fn decodes_base64_attachment_with_encoded_name() {
        let header = b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf\r\nContent-Transfer-Encoding: base64\r\n";
        let part = decode_part(
            header,
            b"JVBERi0xLjQK",
            &leaf("application", "pdf", "base64"),
        );
        assert_eq!(part.bytes, b"%PDF-1.4\n");
        assert_eq!(part.filename.as_deref(), Some("Rechnung März.pdf"));
    }

    #[test]
    fn stray_characters_in_base64_are_skipped() {
        let part = decode_part(
            b"",
            b"SGVsbG8gd29y!!!bGQh\r\n*",
            &leaf("text", "plain", "base64"),
        );
        assert_eq!(part.text.as_deref(), Some("Hello world!"));
    }

    #[test]
    fn latin1_sent_as_utf8_is_read_as_windows_1252() {
        let part = decode_part(
            b"Content-Type: text/plain; charset=utf-8\r\n",
            b"Gr\xfc\xdfe \x80",
            &leaf("text", "plain", "8bit"),
        );
        assert_eq!(part.text.as_deref(), Some("Grüße €"));
    }
}
