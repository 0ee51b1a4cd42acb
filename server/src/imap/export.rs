//! Reading a whole folder for export, a batch at a time: the UID list, then per batch the
//! envelope facts for the mbox separator, then the messages themselves — small ones several
//! per FETCH, large ones in partial fetches — so memory stays bounded whatever the folder's size.

use async_imap::types::Fetch;
use futures::TryStreamExt;
use mail_parser::MessageParser;
use postern_app::model::{Uid, UidValidity};

use super::command::{UidSet, fetch, search};
use super::{Connection, Mailbox, OpenError};

type Result<T> = std::result::Result<T, OpenError>;

/// What the mbox separator line of one message needs, and its size.
#[derive(Clone, Debug)]
pub struct Entry {
    pub uid: Uid,
    pub size: u32,
    pub sender: String,
    pub arrived: chrono::DateTime<chrono::Utc>,
}

/// The folder's UIDVALIDITY and every UID in it, ascending.
pub async fn uids(
    conn: &mut Connection,
    folder: &Mailbox,
) -> Result<(Option<UidValidity>, Vec<Uid>)> {
    let validity = conn.open_checked(folder, false, None).await?;
    let mut uids: Vec<Uid> = conn
        .session
        .uid_search(search::ALL)
        .await?
        .into_iter()
        .filter_map(Uid::new)
        .collect();
    uids.sort_unstable();
    Ok((validity, uids))
}

/// Sizes, arrival times and senders of `uids`.
pub async fn entries(
    conn: &mut Connection,
    folder: &Mailbox,
    validity: Option<UidValidity>,
    uids: &[Uid],
) -> Result<Vec<Entry>> {
    conn.open_checked(folder, false, validity).await?;
    let Some(set) = UidSet::of(uids) else {
        return Ok(Vec::new());
    };
    let fetches: Vec<Fetch> = conn
        .session
        .uid_fetch(set.as_str(), fetch::EXPORT_ENTRY)
        .await?
        .try_collect()
        .await?;
    let mut out: Vec<Entry> = fetches
        .iter()
        .filter_map(|f| {
            let uid = Uid::new(f.uid?)?;
            let header = f.header().unwrap_or_default();
            let parsed = MessageParser::default().parse_headers(header);
            let sender = parsed
                .as_ref()
                .and_then(|m| {
                    m.return_address().map(str::to_string).or_else(|| {
                        m.from()
                            .and_then(|a| a.first())
                            .and_then(|a| a.address())
                            .map(str::to_string)
                    })
                })
                .unwrap_or_default();
            let arrived = f
                .internal_date()
                .map(|d| d.with_timezone(&chrono::Utc))
                .unwrap_or_default();
            Some(Entry {
                uid,
                size: f.size.unwrap_or(0),
                sender,
                arrived,
            })
        })
        .collect();
    out.sort_by_key(|e| e.uid);
    Ok(out)
}

/// Several whole messages at once (for small ones): (UID, raw bytes).
pub async fn bodies(
    conn: &mut Connection,
    folder: &Mailbox,
    validity: Option<UidValidity>,
    uids: &[Uid],
) -> Result<Vec<(Uid, Vec<u8>)>> {
    conn.open_checked(folder, false, validity).await?;
    let Some(set) = UidSet::of(uids) else {
        return Ok(Vec::new());
    };
    let fetches: Vec<Fetch> = conn
        .session
        .uid_fetch(set.as_str(), fetch::WHOLE)
        .await?
        .try_collect()
        .await?;
    let mut out: Vec<(Uid, Vec<u8>)> = fetches
        .iter()
        .filter_map(|f| Some((Uid::new(f.uid?)?, f.body()?.to_vec())))
        .collect();
    out.sort_by_key(|(uid, _)| *uid);
    Ok(out)
}
