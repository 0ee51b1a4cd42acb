//! Folder pages from headers only.
//!
//! The default order is arrival, newest first, so a page is a range of sequence numbers counted
//! from the end of the folder: its cost does not grow with the folder (no SORT, no list of every
//! UID). Each row needs FLAGS, INTERNALDATE, RFC822.SIZE and four header fields — never a body.

use async_imap::imap_proto::{MailboxDatum, Response};
use async_imap::types::{Fetch, Flag, UnsolicitedResponse};
use chrono::{DateTime, FixedOffset, Utc};
use futures::TryStreamExt;
use mail_parser::{MessageParser, MimeHeaders};
use postern_app::model::{MessagePage, MessageSummary, SortKey, Uid};

use super::command::{self, UidSet, fetch, search};
use super::{Connection, Mailbox};
use crate::mime::headers::{clean, date_label, to_chrono};

type Result<T> = std::result::Result<T, async_imap::error::Error>;

/// What a list row fetches: nothing from the body.
pub const LIST_FETCH_ITEMS: &str = fetch::LIST_ROW;

/// A sorted UID list and the folder state it was made for.
pub struct SortCache {
    folder: Mailbox,
    key: SortKey,
    /// The folder's version ([`super::FolderState`]): any new or removed message changes it.
    state: (u32, u32, u32, u32),
    uids: Vec<Uid>,
}

/// Page `page` (1-based, clamped to the last page) of `folder`, `page_size` rows, in `sort`
/// order (arrival when the server has no SORT).
pub async fn list_page(
    conn: &mut Connection,
    folder: &Mailbox,
    page: u32,
    page_size: u32,
    sort: SortKey,
) -> Result<MessagePage> {
    // EXAMINE (read-only, so listing never changes \Recent or anything else), unless the
    // folder is open already.
    let folder_state = conn.open_folder(folder, false).await?;
    let total = folder_state.exists;
    let uid_validity = folder_state.uid_validity;
    let sort = if conn.has("SORT") {
        sort
    } else {
        SortKey::Arrival
    };
    let now = Utc::now();
    let range = page_range(total, page, page_size);
    let mut messages = Vec::new();
    if sort == SortKey::Arrival {
        if let Some((lo, hi)) = range.sequence {
            let fetches: Vec<Fetch> = conn
                .session
                .fetch(format!("{lo}:{hi}"), fetch::LIST_ROW)
                .await?
                .try_collect()
                .await?;
            let mut rows: Vec<(u32, MessageSummary)> = fetches
                .iter()
                .filter_map(|f| Some((f.message, summary(Uid::new(f.uid?)?, f, now))))
                .collect();
            rows.sort_by_key(|row| std::cmp::Reverse(row.0));
            messages = rows.into_iter().map(|(_, row)| row).collect();
        }
    } else if range.sequence.is_some() {
        let state = folder_state.version;
        let cached = conn
            .sort_cache
            .as_ref()
            .is_some_and(|c| c.folder == *folder && c.key == sort && c.state == state);
        if !cached {
            let uids = sorted_uids(conn, sort).await?;
            conn.sort_cache = Some(SortCache {
                folder: folder.clone(),
                key: sort,
                state,
                uids,
            });
        }
        let uids: Vec<Uid> = conn
            .sort_cache
            .as_ref()
            .map(|cache| {
                let start = ((range.first - 1) as usize).min(cache.uids.len());
                let end = (range.last as usize).min(cache.uids.len());
                cache.uids[start..end].to_vec()
            })
            .unwrap_or_default();
        messages = rows_for_uids(conn, &uids, now).await?;
    }
    Ok(MessagePage {
        total,
        page: range.page,
        pages: range.pages,
        first: range.first,
        last: range.last,
        uid_validity,
        sort,
        default_sort: SortKey::Arrival,
        sortable: conn.has("SORT"),
        messages,
    })
}

/// List rows for exactly `uids`, in that order.
async fn rows_for_uids(
    conn: &mut Connection,
    uids: &[Uid],
    now: DateTime<Utc>,
) -> Result<Vec<MessageSummary>> {
    let Some(set) = UidSet::of(uids) else {
        return Ok(Vec::new());
    };
    let fetches: Vec<Fetch> = conn
        .session
        .uid_fetch(set.as_str(), fetch::LIST_ROW)
        .await?
        .try_collect()
        .await?;
    let mut by_uid: std::collections::HashMap<Uid, MessageSummary> = fetches
        .iter()
        .filter_map(|f| {
            let uid = Uid::new(f.uid?)?;
            Some((uid, summary(uid, f, now)))
        })
        .collect();
    Ok(uids.iter().filter_map(|uid| by_uid.remove(uid)).collect())
}

/// Server-side `UID SEARCH CHARSET UTF-8` (RFC 3501 6.4.4) in `folder`, newest first, paged
/// like a folder page. The text goes through [`super::command::string`].
pub async fn search_page(
    conn: &mut Connection,
    folder: &Mailbox,
    text: &str,
    field: search::Field,
    page: u32,
    page_size: u32,
) -> std::result::Result<Result<MessagePage>, command::ArgumentError> {
    let literal_plus = conn.has("LITERAL+");
    let arg = command::string(text, literal_plus)?;
    let criteria = search::text(field, &arg);
    Ok(async {
        let uid_validity = conn.open_folder(folder, false).await?.uid_validity;
        let mut uids: Vec<Uid> = conn
            .session
            .uid_search(criteria)
            .await?
            .into_iter()
            .filter_map(Uid::new)
            .collect();
        // Newest first: higher UIDs arrived later.
        uids.sort_unstable_by(|a, b| b.cmp(a));
        let range = page_range(uids.len() as u32, page, page_size);
        let slice: Vec<Uid> = match range.sequence {
            Some(_) => uids[(range.first - 1) as usize..range.last as usize].to_vec(),
            None => Vec::new(),
        };
        let messages = rows_for_uids(conn, &slice, Utc::now()).await?;
        Ok(MessagePage {
            total: uids.len() as u32,
            page: range.page,
            pages: range.pages,
            first: range.first,
            last: range.last,
            uid_validity,
            sort: SortKey::Arrival,
            default_sort: SortKey::Arrival,
            sortable: false,
            messages,
        })
    }
    .await)
}

/// `UID SORT` (RFC 5256) of the whole folder.
async fn sorted_uids(conn: &mut Connection, sort: SortKey) -> Result<Vec<Uid>> {
    let command = command::sort(sort, conn.has("SORT=DISPLAY"));
    conn.drain_unsolicited();
    conn.session.run_command_and_check_ok(command).await?;
    let mut uids = Vec::new();
    for response in conn.drain_unsolicited() {
        if let UnsolicitedResponse::Other(data) = response
            && let Response::MailboxData(MailboxDatum::Sort(ids)) = data.parsed()
        {
            uids.extend(ids.iter().copied().filter_map(Uid::new));
        }
    }
    Ok(uids)
}

/// Where a page lies in a folder of `total` messages.
#[derive(Debug, PartialEq, Eq)]
pub struct PageRange {
    pub page: u32,
    pub pages: u32,
    /// Positions counted from the newest (1) for "1–50 of 10,000".
    pub first: u32,
    pub last: u32,
    /// Sequence numbers to fetch, low to high.
    pub sequence: Option<(u32, u32)>,
}

pub fn page_range(total: u32, page: u32, page_size: u32) -> PageRange {
    let page_size = page_size.max(1);
    let pages = total.div_ceil(page_size).max(1);
    let page = page.clamp(1, pages);
    if total == 0 {
        return PageRange {
            page,
            pages,
            first: 0,
            last: 0,
            sequence: None,
        };
    }
    let first = (page - 1) * page_size + 1;
    let last = (page * page_size).min(total);
    let hi = total - (first - 1);
    let lo = total - (last - 1);
    PageRange {
        page,
        pages,
        first,
        last,
        sequence: Some((lo, hi)),
    }
}

fn summary(uid: Uid, fetch: &Fetch, now: DateTime<Utc>) -> MessageSummary {
    let mut unread = true;
    let mut flagged = false;
    let mut answered = false;
    for flag in fetch.flags() {
        match flag {
            Flag::Seen => unread = false,
            Flag::Flagged => flagged = true,
            Flag::Answered => answered = true,
            _ => {}
        }
    }
    let headers = fetch.header().unwrap_or_default();
    let mut row = summary_from_headers(uid, headers, fetch.internal_date(), now);
    row.size = fetch.size.unwrap_or(0);
    row.unread = unread;
    row.flagged = flagged;
    row.answered = answered;
    row
}

/// Builds a row from the fetched header fields. Malformed headers give what can be read.
pub fn summary_from_headers(
    uid: Uid,
    headers: &[u8],
    internal_date: Option<DateTime<FixedOffset>>,
    now: DateTime<Utc>,
) -> MessageSummary {
    let parsed = MessageParser::default().parse_headers(headers);
    let (from, from_address, subject, date, has_attachment) = match &parsed {
        Some(message) => {
            let first = message.from().and_then(|a| a.first());
            let address = first.and_then(|a| a.address()).unwrap_or("").to_string();
            let name = first
                .and_then(|a| a.name())
                .map(str::trim)
                .unwrap_or("")
                .to_string();
            let from = if name.is_empty() {
                address.clone()
            } else {
                name
            };
            let subject = message.subject().unwrap_or("").trim().to_string();
            let date = message.date().and_then(to_chrono);
            // multipart/mixed is what mail with attachments is sent as; the body structure,
            // which would be exact, is only read when the message is opened.
            let has_attachment = message.content_type().is_some_and(|ct| {
                ct.ctype().eq_ignore_ascii_case("multipart")
                    && ct
                        .subtype()
                        .is_some_and(|s| s.eq_ignore_ascii_case("mixed"))
            });
            (from, address, subject, date, has_attachment)
        }
        None => (String::new(), String::new(), String::new(), None, false),
    };
    let date = date.or(internal_date);
    MessageSummary {
        uid,
        from: clean(&from),
        from_address,
        subject: clean(&subject),
        date_label: date.map(|d| date_label(d, now)).unwrap_or_default(),
        date_iso: date.map(|d| d.to_rfc3339()).unwrap_or_default(),
        size: 0,
        unread: true,
        flagged: false,
        answered: false,
        has_attachment,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn pages_count_from_the_newest() {
        assert_eq!(
            page_range(0, 1, 50),
            PageRange {
                page: 1,
                pages: 1,
                first: 0,
                last: 0,
                sequence: None
            }
        );
        assert_eq!(
            page_range(120, 1, 50),
            PageRange {
                page: 1,
                pages: 3,
                first: 1,
                last: 50,
                sequence: Some((71, 120))
            }
        );
        assert_eq!(
            page_range(120, 3, 50),
            PageRange {
                page: 3,
                pages: 3,
                first: 101,
                last: 120,
                sequence: Some((1, 20))
            }
        );
        assert_eq!(
            page_range(120, 99, 50).page,
            3,
            "past the end shows the last page"
        );
        assert_eq!(
            page_range(100_000, 200, 50).sequence,
            Some((90_001, 90_050))
        );
    }

    fn uid(n: u32) -> Uid {
        Uid::new(n).unwrap()
    }

    fn now() -> DateTime<Utc> {
        Utc.with_ymd_and_hms(2026, 11, 26, 15, 0, 0).unwrap()
    }

    #[test]
    fn rows_from_encoded_headers() {
        let headers = b"From: =?UTF-8?Q?Zo=C3=AB_M=C3=BCller?= <zoe@example.org>\r\n\
            Subject: =?UTF-8?B?R3LDvMOfZSBhdXMgTcO8bmNoZW4=?=\r\n\
            Date: Thu, 26 Nov 2026 09:30:00 +0100\r\n\
            Content-Type: multipart/mixed; boundary=x\r\n\r\n";
        let row = summary_from_headers(uid(7), headers, None, now());
        assert_eq!(row.from, "Zoë Müller");
        assert_eq!(row.from_address, "zoe@example.org");
        assert_eq!(row.subject, "Grüße aus München");
        assert_eq!(row.date_label.to_string(), "08:30");
        assert!(row.has_attachment);
    }

    #[test]
    fn missing_and_hostile_headers() {
        let row = summary_from_headers(uid(1), b"", None, now());
        assert_eq!(
            (
                row.from.as_str(),
                row.subject.as_str(),
                row.date_label.to_string().as_str()
            ),
            ("", "", "")
        );
        let headers = "From: bob@example.org\r\nSubject: =?UTF-8?Q?a=0D=0Ab=E2=80=AEc?=\r\nDate: 1 Jan 2020 10:00:00 +0000\r\n\r\n";
        let row = summary_from_headers(uid(2), headers.as_bytes(), None, now());
        assert_eq!(row.from, "bob@example.org");
        assert_eq!(row.subject, "a b c");
        assert_eq!(row.date_label.to_string(), "1 Jan 2020");
        assert!(!row.has_attachment);
    }
}
