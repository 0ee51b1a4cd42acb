//! The folder list: one LIST (with LIST-STATUS, RFC 5819, when the server has it, so counts come
//! in the same round trip), ordered the way people expect: Inbox, Drafts, Sent, Junk, Trash,
//! Archive, then the other folders as a tree.

use std::collections::HashMap;

use async_imap::imap_proto::{NameAttribute, StatusAttribute};
use async_imap::types::UnsolicitedResponse;
use futures::TryStreamExt;
use postern_app::model::{Folder, FolderLabel, FolderName, SpecialUse};

use super::command::{STATUS_COUNTS, list_pattern};
use super::{Connection, Listing, Mailbox, OpenError, utf7};

type Result<T> = std::result::Result<T, async_imap::error::Error>;

/// Counts of one folder: (messages, unseen).
pub type Counts = (u32, u32);

struct Listed {
    name: String,
    delimiter: Option<String>,
    special: Option<SpecialUse>,
    selectable: bool,
}

/// All folders with their counts, ordered for display.
pub async fn list_folders(conn: &mut Connection) -> Result<Listing> {
    conn.drain_unsolicited();
    // STATUS of the open folder reports this session's view of it: bring that view up to date.
    conn.sync_open_folder().await?;
    let pattern = list_pattern(conn.has("LIST-STATUS"), conn.has("SPECIAL-USE"));
    let listed: Vec<Listed> = {
        let names = conn.session.list(Some(""), Some(&pattern)).await?;
        names
            .map_ok(|name| Listed {
                name: unquote(name.name()),
                delimiter: name.delimiter().map(str::to_string),
                special: special_use_of(name.name(), name.attributes()),
                selectable: !name.attributes().iter().any(is_not_selectable),
            })
            .try_collect()
            .await?
    };
    let mut counts: HashMap<String, Counts> = HashMap::new();
    for response in conn.drain_unsolicited() {
        if let UnsolicitedResponse::Status {
            mailbox,
            attributes,
        } = response
        {
            counts.insert(unquote(&mailbox), counts_of(&attributes));
        }
    }
    // Servers without LIST-STATUS (or more than async-imap buffers): one STATUS each.
    let missing: Vec<String> = listed
        .iter()
        .filter(|f| f.selectable && !counts.contains_key(&f.name))
        .map(|f| f.name.clone())
        .collect();
    for name in missing {
        let mailbox = conn.session.status(&name, STATUS_COUNTS).await?;
        counts.insert(name, (mailbox.exists, mailbox.unseen.unwrap_or(0)));
    }
    // Where SPECIAL-USE names the roles, the names say nothing about the layout.
    let prefix = (!conn.has("SPECIAL-USE"))
        .then(|| inbox_prefix(&listed))
        .flatten();
    let folders = Listing {
        folders: order(name_fallback_roles(listed, prefix.as_deref()))
            .into_iter()
            .map(|listed| {
                let count = counts.get(&listed.name).copied().unwrap_or((0, 0));
                (to_folder(listed, count.1, prefix.as_deref()), count)
            })
            .collect(),
        personal_prefix: prefix,
    };
    conn.folders_cache = Some((std::time::Instant::now(), folders.clone()));
    Ok(folders)
}

/// The listed folder named `name`, from a recent list or else a fresh one (another client may
/// have just created it). Every path that opens a folder by a name from a request starts here.
pub async fn resolve(
    conn: &mut Connection,
    name: &FolderName,
) -> std::result::Result<Mailbox, OpenError> {
    resolve_listed(conn, name).await.map(|(found, _)| found)
}

/// [`resolve`], with the folder list it was found in (for a page that shows the folders too).
pub async fn resolve_listed(
    conn: &mut Connection,
    name: &FolderName,
) -> std::result::Result<(Mailbox, Listing), OpenError> {
    let recent = list_folders_recent(conn).await?;
    if let Some(found) = recent.find(name) {
        return Ok((found, recent));
    }
    let fresh = match &conn.folders_cache {
        Some((read, _)) if read.elapsed() < std::time::Duration::from_secs(1) => None,
        _ => Some(list_folders(conn).await?),
    };
    fresh
        .and_then(|listing| Some((listing.find(name)?, listing)))
        .ok_or(OpenError::NoSuchFolder)
}

/// A mailbox name as the server meant it. imap-proto 0.17 hands a quoted string over with its
/// escapes still in it (`"a \"b\""` arrives as `a \"b\"`), so a folder whose name has a quote
/// or a backslash could be listed but not opened. (A name sent as a literal carries no escapes;
/// one holding `\"` or `\\` as it is would be read one character shorter — rarer by far.)
pub(crate) fn unquote(name: &str) -> String {
    if !name.contains('\\') {
        return name.to_string();
    }
    let mut out = String::with_capacity(name.len());
    let mut chars = name.chars();
    while let Some(c) = chars.next() {
        match (c, chars.clone().next()) {
            ('\\', Some(next @ ('"' | '\\'))) => {
                out.push(next);
                chars.next();
            }
            _ => out.push(c),
        }
    }
    out
}

/// How long a folder page may show the counts of the last list when nothing has changed.
const COUNTS_FRESH: std::time::Duration = std::time::Duration::from_secs(5);

/// The folders with their counts for a folder page. The open folder is brought up to date first
/// (NOOP); when neither it nor Postern changed anything since a list of the last few seconds,
/// that list is shown again instead of asking LIST-STATUS (which makes the server read every
/// folder's index) on every click. Other folders' counts may then lag by up to
/// [`COUNTS_FRESH`]; Postern's own moves, deletes and appends clear the list.
pub async fn list_folders_counted(conn: &mut Connection) -> Result<Listing> {
    conn.drain_unsolicited();
    conn.sync_open_folder().await?;
    match recent_listing(conn, COUNTS_FRESH, true) {
        Some(folders) => Ok(folders),
        None => list_folders(conn).await,
    }
}

/// The last list if it is younger than `fresh` — and, with `unchanged`, read after the last
/// change the server reported or Postern made.
fn recent_listing(
    conn: &Connection,
    fresh: std::time::Duration,
    unchanged: bool,
) -> Option<Listing> {
    let (read, folders) = conn.folders_cache.as_ref()?;
    let current = read.elapsed() < fresh
        && (!unchanged || conn.changed_at.is_none_or(|changed| changed < *read));
    current.then(|| folders.clone())
}

/// The folders for pages that need their names and roles but show no counts (a message page:
/// move targets, "in Trash"): the last list if it is recent, else a fresh one. Postern's own
/// folder changes clear it.
pub async fn list_folders_recent(conn: &mut Connection) -> Result<Listing> {
    const FRESH: std::time::Duration = std::time::Duration::from_secs(30);
    match recent_listing(conn, FRESH, false) {
        Some(folders) => Ok(folders),
        None => list_folders(conn).await,
    }
}

/// `\NoSelect`, or `\NonExistent` (RFC 5258), which implies it.
fn is_not_selectable(attribute: &NameAttribute<'_>) -> bool {
    match attribute {
        NameAttribute::NoSelect => true,
        NameAttribute::Extension(name) => name.eq_ignore_ascii_case("\\NonExistent"),
        _ => false,
    }
}

fn counts_of(attributes: &[StatusAttribute]) -> Counts {
    let mut counts = (0, 0);
    for attribute in attributes {
        match attribute {
            StatusAttribute::Messages(n) => counts.0 = *n,
            StatusAttribute::Unseen(n) => counts.1 = *n,
            _ => {}
        }
    }
    counts
}

fn special_use_of(name: &str, attributes: &[NameAttribute<'_>]) -> Option<SpecialUse> {
    if name.eq_ignore_ascii_case("INBOX") {
        return Some(SpecialUse::Inbox);
    }
    attributes.iter().find_map(|a| match a {
        NameAttribute::Drafts => Some(SpecialUse::Drafts),
        NameAttribute::Sent => Some(SpecialUse::Sent),
        NameAttribute::Junk => Some(SpecialUse::Junk),
        NameAttribute::Trash => Some(SpecialUse::Trash),
        NameAttribute::Archive => Some(SpecialUse::Archive),
        _ => None,
    })
}

/// Servers without SPECIAL-USE: a top-level folder with a well-known name takes a role nobody
/// else has.
fn name_fallback_roles(mut listed: Vec<Listed>, inbox_prefix: Option<&str>) -> Vec<Listed> {
    const KNOWN: [(SpecialUse, &[&str]); 5] = [
        (SpecialUse::Drafts, &["drafts", "draft"]),
        (
            SpecialUse::Sent,
            &["sent", "sent messages", "sent items", "sent mail"],
        ),
        (SpecialUse::Junk, &["junk", "spam", "junk e-mail"]),
        (
            SpecialUse::Trash,
            &["trash", "deleted messages", "deleted items"],
        ),
        (SpecialUse::Archive, &["archive", "archives"]),
    ];
    for (role, names) in KNOWN {
        if listed.iter().any(|f| f.special == Some(role)) {
            continue;
        }
        if let Some(folder) = listed.iter_mut().find(|f| {
            f.special.is_none()
                && f.selectable
                && names.contains(&personal_name(f, inbox_prefix).as_str())
        }) {
            folder.special = Some(role);
        }
    }
    listed
}

/// A folder's name below the personal namespace, lower case: "INBOX.Sent" → "sent" on servers
/// that keep every folder under INBOX (Courier), "Sent" → "sent" elsewhere.
fn personal_name(listed: &Listed, inbox_prefix: Option<&str>) -> String {
    let lower = listed.name.to_lowercase();
    match inbox_prefix {
        Some(prefix) => lower
            .strip_prefix(&prefix.to_lowercase())
            .map(str::to_string)
            .unwrap_or(lower),
        None => lower,
    }
}

/// `name` starts with `prefix`, ASCII case ignored (never slicing inside a character).
fn starts_with_ignoring_case(name: &str, prefix: &str) -> bool {
    name.len() > prefix.len()
        && name
            .get(..prefix.len())
            .is_some_and(|head| head.eq_ignore_ascii_case(prefix))
}

/// `INBOX.` when every folder but INBOX is below it: the server keeps the person's folders
/// under INBOX (its personal namespace, RFC 2342), so new ones go there too.
fn inbox_prefix(listed: &[Listed]) -> Option<String> {
    let delimiter = listed
        .iter()
        .find_map(|f| f.delimiter.clone().filter(|d| !d.is_empty()))?;
    let prefix = format!("INBOX{delimiter}");
    let mut others = listed
        .iter()
        .filter(|f| !f.name.eq_ignore_ascii_case("INBOX"))
        .peekable();
    others.peek()?;
    others
        .all(|f| starts_with_ignoring_case(&f.name, &prefix))
        .then_some(prefix)
}

fn components(listed: &Listed) -> Vec<String> {
    match &listed.delimiter {
        Some(d) if !d.is_empty() => listed
            .name
            .split(d.as_str())
            .map(|c| utf7::decode(c).to_lowercase())
            .collect(),
        _ => vec![utf7::decode(&listed.name).to_lowercase()],
    }
}

fn order(mut listed: Vec<Listed>) -> Vec<Listed> {
    listed.sort_by(|a, b| match (a.special, b.special) {
        (Some(x), Some(y)) => x.cmp(&y),
        (Some(_), None) => std::cmp::Ordering::Less,
        (None, Some(_)) => std::cmp::Ordering::Greater,
        (None, None) => components(a).cmp(&components(b)),
    });
    listed
}

fn to_folder(listed: Listed, unread: u32, inbox_prefix: Option<&str>) -> Folder {
    let (depth, leaf) = match &listed.delimiter {
        Some(d) if !d.is_empty() => {
            let parts: Vec<&str> = listed.name.split(d.as_str()).collect();
            // Below a personal namespace of INBOX, INBOX's children are the top level; special
            // folders are always shown at the top.
            let under_inbox = inbox_prefix.is_some() && parts.len() > 1;
            let depth = match listed.special {
                Some(_) => 0,
                None => parts.len().saturating_sub(1 + usize::from(under_inbox)),
            };
            (
                depth,
                parts.last().copied().unwrap_or(&listed.name).to_string(),
            )
        }
        _ => (0, listed.name.clone()),
    };
    let label = match listed.special {
        Some(SpecialUse::Inbox) => SpecialUse::Inbox.label().to_string(),
        _ => utf7::decode(&leaf),
    };
    Folder {
        label: FolderLabel::of(label, listed.special),
        depth: depth.min(u16::MAX as usize) as u16,
        special: listed.special,
        unread: listed.selectable.then_some(unread),
        selectable: listed.selectable,
        delimiter: listed.delimiter.clone().unwrap_or_default(),
        name: FolderName::new(listed.name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_names_lose_their_escapes() {
        assert_eq!(unquote(r#"a \"b\" \\ c"#), r#"a "b" \ c"#);
        assert_eq!(unquote("plain"), "plain");
        assert_eq!(unquote(r"trailing\"), r"trailing\");
    }

    fn listed(name: &str, special: Option<SpecialUse>) -> Listed {
        Listed {
            name: name.into(),
            delimiter: Some("/".into()),
            special,
            selectable: true,
        }
    }

    #[test]
    fn special_folders_first_then_the_tree() {
        let folders = vec![
            listed("Zeta", None),
            listed("Trash", Some(SpecialUse::Trash)),
            listed("Projekte/&ANw-bersicht", None),
            listed("INBOX", Some(SpecialUse::Inbox)),
            listed("Projekte", None),
            listed("Sent", Some(SpecialUse::Sent)),
            listed("apfel", None),
        ];
        let names: Vec<String> = order(folders).into_iter().map(|f| f.name).collect();
        assert_eq!(
            names,
            [
                "INBOX",
                "Sent",
                "Trash",
                "apfel",
                "Projekte",
                "Projekte/&ANw-bersicht",
                "Zeta"
            ]
        );
    }

    #[test]
    fn labels_and_depth() {
        let f = to_folder(listed("Projekte/&ANw-bersicht", None), 3, None);
        assert_eq!(
            (f.label.as_str(), f.depth, f.unread),
            ("Übersicht", 1, Some(3))
        );
        let inbox = to_folder(listed("INBOX", Some(SpecialUse::Inbox)), 0, None);
        assert_eq!(inbox.label.as_str(), "Inbox");
        let courier = to_folder(listed("INBOX/Projekte/Neu", None), 0, Some("INBOX/"));
        assert_eq!((courier.label.as_str(), courier.depth), ("Neu", 1));
    }

    #[test]
    fn folders_kept_under_inbox_are_recognised() {
        let all = vec![
            listed("INBOX", Some(SpecialUse::Inbox)),
            listed("INBOX/Sent", None),
            listed("INBOX/Deleted Items", None),
        ];
        assert_eq!(inbox_prefix(&all).as_deref(), Some("INBOX/"));
        let roles = name_fallback_roles(all, Some("INBOX/"));
        assert_eq!(roles[1].special, Some(SpecialUse::Sent));
        assert_eq!(roles[2].special, Some(SpecialUse::Trash));
        assert_eq!(inbox_prefix(&[listed("INBOX", None)]), None);
        assert!(
            !starts_with_ignoring_case("Entw\u{FFFD}rfe", "INBOX/"),
            "no panic inside a character"
        );
        let dovecot = name_fallback_roles(
            vec![listed("INBOX", None), listed("INBOX/Trash", None)],
            None,
        );
        assert_eq!(
            dovecot[1].special, None,
            "a child of INBOX takes no role where the layout is flat"
        );
        assert_eq!(
            inbox_prefix(&[listed("INBOX", None), listed("Sent", None)]),
            None
        );
    }

    #[test]
    fn well_known_names_take_free_roles() {
        let folders = name_fallback_roles(
            vec![
                listed("Spam", None),
                listed("Sent", Some(SpecialUse::Sent)),
                listed("Sent Items", None),
            ],
            None,
        );
        assert_eq!(folders[0].special, Some(SpecialUse::Junk));
        assert_eq!(
            folders[2].special, None,
            "Sent is already taken by the real \\Sent folder"
        );
    }
}
