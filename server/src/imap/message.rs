//! Opening one message lazily: headers and BODYSTRUCTURE first, then only the part that is
//! shown (fetched with BODY[], which marks the message \Seen), never the attachments.

use std::collections::HashMap;

use async_imap::imap_proto::{MessageSection, SectionPath};
use async_imap::types::Fetch;
use futures::TryStreamExt;
use mail_parser::{MessageParser, MimeHeaders};
use postern_app::model::{PartPath, Uid, UidValidity};
use postern_app::port::AttachedFile;

use super::command::{Flag, UidSet, fetch, store_flag};
use super::structure::{Leaf, Plan, leaves, plan};
use super::{Connection, Mailbox, OpenError};
use crate::mime::part::{DecodedPart, decode_part};

type ImapResult<T> = std::result::Result<T, async_imap::error::Error>;

/// What was read to show a message.
pub struct Opened {
    pub uid_validity: Option<UidValidity>,
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
    folder: &Mailbox,
    uid: Uid,
    validity: Option<UidValidity>,
    mark_seen: bool,
) -> Result<(Option<UidValidity>, Vec<u8>, Plan, bool), OpenError> {
    let uid_validity = conn.open_checked(folder, mark_seen, validity).await?;
    let fetches = fetch_one(conn, uid, fetch::HEAD).await?;
    let fetch = fetches
        .iter()
        .find(|f| f.uid == Some(uid.get()))
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
    folder: &Mailbox,
    uid: Uid,
    validity: Option<UidValidity>,
) -> Result<Opened, OpenError> {
    let (uid_validity, header, plan, flagged) = head(conn, folder, uid, validity, true).await?;
    let shown = plan.html.clone().or_else(|| plan.plain.clone());
    let mut html = None;
    let mut plain = None;
    match &shown {
        // BODY[] (not PEEK): opening the message is reading it.
        Some(leaf) if leaf.size > 0 => {
            let decoded = fetch_decoded(conn, uid, leaf, &header, false).await?;
            // Read now: the folder list's unread counts are out of date.
            conn.changed_at = Some(std::time::Instant::now());
            if leaf.subtype == "html" {
                html = decoded.text;
            } else {
                plain = decoded.text;
            }
        }
        // Nothing the structure calls text, or an empty text (a multipart whose boundary is
        // missing or wrong): show the raw text of the body rather than nothing.
        _ if plan.attachments.is_empty() => {
            let fetches = fetch_one(conn, uid, fetch::TEXT_PREVIEW).await?;
            plain = fetches
                .iter()
                .find(|f| f.uid == Some(uid.get()))
                .and_then(|f| f.text().map(|t| String::from_utf8_lossy(t).into_owned()))
                .filter(|t| !t.trim().is_empty());
        }
        _ => {
            conn.session
                .uid_store(UidSet::one(uid).as_str(), store_flag(true, Flag::Seen))
                .await?
                .try_collect::<Vec<_>>()
                .await?;
            conn.changed_at = Some(std::time::Instant::now());
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
    folder: &Mailbox,
    uid: Uid,
    validity: Option<UidValidity>,
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

/// What a download needs before streaming a part.
pub struct PartInfo {
    pub leaf: Leaf,
    pub filename: Option<String>,
    pub uid_validity: Option<UidValidity>,
}

/// Finds part `path` of a message; `None` if there is no such part.
pub async fn part_info(
    conn: &mut Connection,
    folder: &Mailbox,
    uid: Uid,
    validity: Option<UidValidity>,
    path: &PartPath,
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
        .find(|l| l.path == path.as_str())
        .map(|leaf| PartInfo {
            filename: leaf.file_name(),
            leaf: leaf.clone(),
            uid_validity,
        }))
}

/// Bytes `offset..offset+len` of a section as stored (still transfer-encoded): part `path`, or
/// the whole message. Fewer bytes than asked for means the end.
pub async fn chunk(
    conn: &mut Connection,
    folder: &Mailbox,
    uid: Uid,
    uid_validity: Option<UidValidity>,
    path: Option<&PartPath>,
    offset: u64,
    len: u32,
) -> Result<Vec<u8>, OpenError> {
    conn.open_checked(folder, false, uid_validity).await?;
    let fetches = fetch_one(conn, uid, &fetch::range(path, offset, len)).await?;
    let fetch = fetches
        .iter()
        .find(|f| f.uid == Some(uid.get()))
        .ok_or(OpenError::NoSuchMessage)?;
    let data = match path {
        None => fetch.body(),
        Some(path) => fetch.section(&SectionPath::Part(path.numbers(), None)),
    };
    Ok(data.unwrap_or_default().to_vec())
}

/// `UID FETCH` of one message.
async fn fetch_one(conn: &mut Connection, uid: Uid, items: &str) -> ImapResult<Vec<Fetch>> {
    conn.session
        .uid_fetch(UidSet::one(uid).as_str(), items)
        .await?
        .try_collect()
        .await
}

/// Fetches a part with its MIME header and lets mail-parser undo transfer encoding and charset.
async fn fetch_decoded(
    conn: &mut Connection,
    uid: Uid,
    leaf: &Leaf,
    top_header: &[u8],
    peek: bool,
) -> ImapResult<DecodedPart> {
    let Some(path) = PartPath::parse(&leaf.path) else {
        return Ok(decode_part(&[], &[], leaf));
    };
    // A single-part message has no part header of its own: its header is the message's.
    let single = leaf.path == "1" && top_header_is_single_part(top_header);
    let fetches = fetch_one(conn, uid, &fetch::part(&path, peek, single)).await?;
    let fetch = fetches.iter().find(|f| f.uid == Some(uid.get()));
    let (mime_header, content): (Vec<u8>, Vec<u8>) = match fetch {
        Some(f) if single => (top_header.to_vec(), f.text().unwrap_or_default().to_vec()),
        Some(f) => {
            let numbers = path.numbers();
            let section = |mime: Option<MessageSection>| {
                f.section(&SectionPath::Part(numbers.clone(), mime))
                    .unwrap_or_default()
                    .to_vec()
            };
            (section(Some(MessageSection::Mime)), section(None))
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

/// What answering or resuming a message needs: its header, its text (plain preferred, HTML
/// turned into text) and its attachments. Read with PEEK: answering does not change flags.
pub struct Source {
    pub uid_validity: Option<UidValidity>,
    pub header: Vec<u8>,
    pub text: String,
    pub attachments: Vec<Leaf>,
}

pub async fn source(
    conn: &mut Connection,
    folder: &Mailbox,
    uid: Uid,
    validity: Option<UidValidity>,
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

/// One attachment, decoded. `None` if there is no such part.
pub async fn attachment(
    conn: &mut Connection,
    folder: &Mailbox,
    uid: Uid,
    validity: Option<UidValidity>,
    path: &PartPath,
) -> Result<Option<AttachedFile>, OpenError> {
    let (_, header, plan, _) = head(conn, folder, uid, validity, false).await?;
    let Some(leaf) = plan.attachments.iter().find(|l| l.path == path.as_str()) else {
        return Ok(None);
    };
    let decoded = fetch_decoded(conn, uid, leaf, &header, true).await?;
    let name = leaf
        .file_name()
        .or(decoded.filename)
        .unwrap_or_else(|| format!("part-{}.{}", leaf.path, leaf.subtype));
    let mime = format!("{}/{}", leaf.mime_type, leaf.subtype).to_ascii_lowercase();
    Ok(Some(AttachedFile {
        filename: name,
        mime_type: mime,
        bytes: decoded.bytes,
    }))
}
