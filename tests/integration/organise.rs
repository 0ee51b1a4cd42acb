//! Organising mail against a real Dovecot: flags, move, delete → Trash → purge, quota — and
//! never touching what the person did not pick.

use anyhow::Result;
use postern_tests::*;

async fn logged_in(stack: &MailStack) -> Result<(Postern, reqwest::Client)> {
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    Ok((postern, browser))
}

/// UIDs of a folder with their flags, as Dovecot itself reports them.
fn uids_with_flags(stack: &MailStack, folder: &str) -> Result<Vec<(u32, String)>> {
    let out = stack.doveadm(&["fetch", "-u", ALICE, "uid flags", "mailbox", folder, "all"])?;
    let mut rows = Vec::new();
    let mut uid = 0;
    for line in out.lines() {
        if let Some(v) = line.strip_prefix("uid: ") {
            uid = v.trim().parse().unwrap_or(0);
        } else if let Some(f) = line.strip_prefix("flags: ") {
            rows.push((uid, f.trim().to_string()));
        } else if line.trim() == "flags:" {
            rows.push((uid, String::new()));
        }
    }
    Ok(rows)
}

fn validity(page: &Page) -> String {
    page.testid_attributes("message-list", "uid-validity")
        .first()
        .cloned()
        .unwrap_or_default()
}

#[tokio::test]
async fn flags_change_on_the_server() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack).await?;
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    let v = validity(&inbox);
    let uid = inbox.testid_attributes("message-row", "uid")[3].clone();

    let page = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("uid", &uid),
            ("v", &v),
            ("action", "flag"),
        ],
    )
    .await?;
    assert_eq!(page.path, "/mail/message");
    assert_eq!(page.testid_text("notice").as_deref(), Some("Flagged."));
    assert!(page.html.contains("data-testid=\"unflag\""));
    let page = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("uid", &uid),
            ("v", &v),
            ("action", "unread"),
        ],
    )
    .await?;
    assert_eq!(page.path, "/mail");
    assert_eq!(
        page.testid_text("notice").as_deref(),
        Some("Marked as unread.")
    );
    let flags = uids_with_flags(&stack, "INBOX")?;
    let (_, f) = flags
        .iter()
        .find(|(u, _)| u.to_string() == uid)
        .expect("still there");
    assert!(f.contains("\\Flagged") && !f.contains("\\Seen"), "{f}");
    // Shown once.
    let again = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(again.testid_text("notice"), None);
    Ok(())
}

#[tokio::test]
async fn delete_moves_to_trash_and_leaves_other_clients_deleted_messages_alone() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack).await?;
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    let v = validity(&inbox);
    let uids = inbox.testid_attributes("message-row", "uid");
    let (mine, theirs) = (uids[0].clone(), uids[1].clone());
    // Another mail client marks a message \Deleted (and has not expunged yet).
    stack.doveadm(&[
        "flags",
        "add",
        "-u",
        ALICE,
        "\\Deleted",
        "mailbox",
        "INBOX",
        "uid",
        &theirs,
    ])?;
    stack.doveadm(&[
        "flags",
        "add",
        "-u",
        ALICE,
        "\\Flagged",
        "mailbox",
        "INBOX",
        "uid",
        &mine,
    ])?;

    let page = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("uid", &mine),
            ("v", &v),
            ("action", "delete"),
        ],
    )
    .await?;
    assert_eq!(
        page.testid_text("notice").as_deref(),
        Some("Moved to Trash.")
    );
    let inbox_now = uids_with_flags(&stack, "INBOX")?;
    assert!(
        !inbox_now.iter().any(|(u, _)| u.to_string() == mine),
        "moved out of INBOX"
    );
    assert!(
        inbox_now
            .iter()
            .any(|(u, f)| u.to_string() == theirs && f.contains("\\Deleted")),
        "another client's \\Deleted message survives: {inbox_now:?}"
    );
    assert_eq!(inbox_now.len(), 26);
    let trash = uids_with_flags(&stack, "Trash")?;
    assert_eq!(
        trash.len(),
        2,
        "the demo's old newsletter and the deleted message"
    );
    assert!(
        trash.iter().any(|(_, f)| f.contains("\\Flagged")),
        "flags travel: {trash:?}"
    );

    // Move to another folder by name.
    let page = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("uid", &uids[2]),
            ("v", &v),
            ("action", "move"),
            ("target", "Archive"),
        ],
    )
    .await?;
    assert_eq!(
        page.testid_text("notice").as_deref(),
        Some("Moved to Archive.")
    );
    let page = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("uid", &uids[3]),
            ("v", &v),
            ("action", "move"),
            ("target", "Nowhere"),
        ],
    )
    .await?;
    assert_eq!(
        page.testid_text("notice").as_deref(),
        Some("That folder does not exist (any more).")
    );
    Ok(())
}

#[tokio::test]
async fn permanent_delete_asks_first_and_empty_trash_purges_only_trash() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack).await?;
    let trash = Page::get(&browser, &postern.url("/mail?folder=Trash")).await?;
    let v = validity(&trash);
    let uid = trash.testid_attributes("message-row", "uid")[0].clone();

    // Delete inside Trash: a confirmation, nothing deleted yet.
    let ask = act(
        &postern,
        &browser,
        &[
            ("folder", "Trash"),
            ("uid", &uid),
            ("v", &v),
            ("action", "delete"),
        ],
    )
    .await?;
    assert!(ask.html.contains("data-testid=\"confirm\""), "asks first");
    assert_eq!(uids_with_flags(&stack, "Trash")?.len(), 1);
    let done = act(
        &postern,
        &browser,
        &[
            ("folder", "Trash"),
            ("uid", &uid),
            ("v", &v),
            ("action", "purge"),
            ("confirm", "1"),
        ],
    )
    .await?;
    assert_eq!(
        done.testid_text("notice").as_deref(),
        Some("Deleted permanently.")
    );
    assert_eq!(uids_with_flags(&stack, "Trash")?.len(), 0);

    // Fill Trash again, then empty it: asked first, then only Trash is purged.
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    let iv = validity(&inbox);
    for uid in inbox.testid_attributes("message-row", "uid").iter().take(3) {
        act(
            &postern,
            &browser,
            &[
                ("folder", "INBOX"),
                ("uid", uid),
                ("v", &iv),
                ("action", "delete"),
            ],
        )
        .await?;
    }
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    // What emptying frees, in bytes as the server counts them (CRLF line ends).
    let bytes: usize = stack
        .raw_messages(ALICE, "Trash")?
        .iter()
        .map(|m| {
            m.len() + m.iter().filter(|b| **b == b'\n').count()
                - m.windows(2).filter(|w| w == b"\r\n").count()
        })
        .sum();
    assert_eq!(
        page.testid_attributes("trash-size", "bytes"),
        vec![bytes.to_string()]
    );
    let text = page.testid_text("trash-size").unwrap_or_default();
    assert!(
        text.starts_with("Trash holds ") && text.ends_with(" KB (3 messages)"),
        "{text}"
    );
    let ask = Page::get(&browser, &postern.url("/mail?folder=Trash&confirm=empty")).await?;
    assert!(
        ask.testid_text("confirm")
            .unwrap_or_default()
            .contains("Delete all 3 messages")
    );
    let done = act(
        &postern,
        &browser,
        &[
            ("folder", "Trash"),
            ("action", "empty-trash"),
            ("confirm", "1"),
        ],
    )
    .await?;
    assert_eq!(
        done.testid_text("notice").as_deref(),
        Some("Trash emptied: 3 messages deleted for good.")
    );
    assert_eq!(uids_with_flags(&stack, "Trash")?.len(), 0);
    assert_eq!(uids_with_flags(&stack, "INBOX")?.len(), 24);
    Ok(())
}

#[tokio::test]
async fn quota_matches_the_server_and_stale_pages_touch_nothing() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack).await?;
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    let report = stack.doveadm(&["quota", "get", "-u", ALICE])?;
    let storage_line = report
        .lines()
        .find(|l| l.contains("STORAGE"))
        .unwrap_or_default()
        .to_string();
    let numbers: Vec<&str> = storage_line
        .split_whitespace()
        .filter(|w| w.chars().all(|c| c.is_ascii_digit()))
        .collect();
    let bytes = |kib: &str| (kib.parse::<u64>().unwrap_or(0) * 1024).to_string();
    assert_eq!(
        page.testid_attributes("quota", "used-bytes"),
        [bytes(numbers[0])],
        "{report}"
    );
    assert_eq!(
        page.testid_attributes("quota", "limit-bytes"),
        [bytes(numbers[1])],
        "{report}"
    );

    let uid = page.testid_attributes("message-row", "uid")[0].clone();
    let stale = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("uid", &uid),
            ("v", "1"),
            ("action", "delete"),
        ],
    )
    .await?;
    assert_eq!(
        stale.testid_text("notice").as_deref(),
        Some("This folder changed since the page was shown. Please reload it.")
    );
    assert_eq!(uids_with_flags(&stack, "INBOX")?.len(), 27, "nothing moved");

    let forged = browser
        .post(postern.url("/mail/action"))
        .header("origin", "https://evil.test")
        .form(&[
            ("folder", "Trash"),
            ("action", "empty-trash"),
            ("confirm", "1"),
        ])
        .send()
        .await?;
    assert_eq!(forged.status().as_u16(), 403);
    Ok(())
}

#[tokio::test]
async fn several_messages_at_once_and_only_those() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack).await?;
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    let v = validity(&inbox);
    let uids = inbox.testid_attributes("select-message", "uid");
    assert_eq!(uids.len(), 27, "a checkbox per row");

    let page = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("v", &v),
            ("uids", &uids[0]),
            ("uids", &uids[1]),
            ("action", "delete"),
        ],
    )
    .await?;
    assert_eq!(
        page.testid_text("notice").as_deref(),
        Some("2 messages: moved to Trash.")
    );
    assert_eq!(uids_with_flags(&stack, "INBOX")?.len(), 25);
    let none = act(
        &postern,
        &browser,
        &[("folder", "INBOX"), ("v", &v), ("action", "read")],
    )
    .await?;
    assert_eq!(
        none.testid_text("notice").as_deref(),
        Some("Select at least one message first.")
    );

    // "Select all on this page" ticks every box, without JavaScript.
    let all = Page::get(&browser, &postern.url("/mail?folder=Trash&select=all")).await?;
    assert_eq!(
        all.html.matches(" checked").count(),
        3,
        "three messages in Trash, all ticked"
    );
    let tv = validity(&all);
    let trash_uids = all.testid_attributes("select-message", "uid");
    let mut fields = vec![
        ("folder", "Trash"),
        ("v", tv.as_str()),
        ("action", "delete"),
    ];
    fields.extend(trash_uids.iter().map(|u| ("uids", u.as_str())));
    let ask = act(&postern, &browser, &fields).await?;
    assert!(
        ask.testid_text("confirm")
            .unwrap_or_default()
            .contains("Delete the 3 selected messages for good?")
    );
    assert_eq!(
        uids_with_flags(&stack, "Trash")?.len(),
        3,
        "nothing deleted before the answer"
    );
    let mut confirm = vec![
        ("folder", "Trash"),
        ("v", tv.as_str()),
        ("action", "purge"),
        ("confirm", "1"),
    ];
    confirm.extend(trash_uids.iter().map(|u| ("uids", u.as_str())));
    let done = act(&postern, &browser, &confirm).await?;
    assert_eq!(
        done.testid_text("notice").as_deref(),
        Some("3 messages: deleted permanently.")
    );
    assert_eq!(uids_with_flags(&stack, "Trash")?.len(), 0);
    Ok(())
}

#[tokio::test]
async fn folders_are_created_renamed_and_deleted_with_non_ascii_names() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack).await?;

    let page = act(
        &postern,
        &browser,
        &[
            ("action", "folder-create"),
            ("folder", "INBOX"),
            ("parent", "Projekte"),
            ("name", "Neu & Alt ✓"),
        ],
    )
    .await?;
    assert_eq!(
        page.testid_text("notice").as_deref(),
        Some("Folder “Neu & Alt ✓” created.")
    );
    assert_eq!(
        page.testid_text("folder-title").as_deref(),
        Some("Neu & Alt ✓"),
        "lands in the new folder"
    );
    let list = stack.doveadm(&["mailbox", "list", "-u", ALICE])?;
    assert!(list.lines().any(|l| l == "Projekte/Neu & Alt ✓"), "{list}");

    let bad = act(
        &postern,
        &browser,
        &[
            ("action", "folder-create"),
            ("folder", "INBOX"),
            ("name", "a/b"),
        ],
    )
    .await?;
    assert_eq!(
        bad.testid_text("notice").as_deref(),
        Some("A folder name cannot contain the folder separator.")
    );

    let wire = "Projekte/Neu &- Alt &JxM-";
    let renamed = act(
        &postern,
        &browser,
        &[
            ("action", "folder-rename"),
            ("folder", wire),
            ("name", "Erledigt"),
        ],
    )
    .await?;
    assert_eq!(
        renamed.testid_text("notice").as_deref(),
        Some("Folder renamed to “Erledigt”.")
    );
    assert!(
        stack
            .doveadm(&["mailbox", "list", "-u", ALICE])?
            .lines()
            .any(|l| l == "Projekte/Erledigt")
    );

    let protected = act(
        &postern,
        &browser,
        &[
            ("action", "folder-rename"),
            ("folder", "Trash"),
            ("name", "Bin"),
        ],
    )
    .await?;
    assert_eq!(
        protected.testid_text("notice").as_deref(),
        Some("This folder cannot be renamed.")
    );
    let inbox = act(
        &postern,
        &browser,
        &[
            ("action", "folder-delete"),
            ("folder", "INBOX"),
            ("confirm", "1"),
        ],
    )
    .await?;
    assert_eq!(
        inbox.testid_text("notice").as_deref(),
        Some("This folder cannot be deleted.")
    );

    let ask = act(
        &postern,
        &browser,
        &[("action", "folder-delete"), ("folder", "Projekte/Erledigt")],
    )
    .await?;
    assert!(
        ask.testid_text("confirm")
            .unwrap_or_default()
            .contains("Delete the folder “Erledigt”")
    );
    let gone = act(
        &postern,
        &browser,
        &[
            ("action", "folder-delete"),
            ("folder", "Projekte/Erledigt"),
            ("confirm", "1"),
        ],
    )
    .await?;
    assert_eq!(
        gone.testid_text("notice").as_deref(),
        Some("Folder “Erledigt” deleted.")
    );
    assert!(
        !stack
            .doveadm(&["mailbox", "list", "-u", ALICE])?
            .contains("Erledigt")
    );
    Ok(())
}

/// Splits an mboxrd file into messages and undoes the `>From ` escaping.
fn read_mboxrd(data: &[u8]) -> Vec<String> {
    let text = String::from_utf8_lossy(data);
    let mut messages: Vec<String> = Vec::new();
    for line in text.split('\n') {
        if line.starts_with("From ") {
            messages.push(String::new());
            continue;
        }
        if let Some(current) = messages.last_mut() {
            current.push_str(postern_server::mime::mbox::unescape_line(line));
            current.push('\n');
        }
    }
    messages
}

#[tokio::test]
async fn a_folder_exports_as_mboxrd_and_reads_back() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_bulk(ALICE, 1500)?;
    // A message whose body has lines an mbox reader would take for separators, and one larger
    // than a partial fetch.
    let tricky = b"From: Zoe <zoe@example.org>\r\nSubject: tricky\r\n\r\nFrom the start\r\n>From quoted\r\nplain\r\n";
    stack.put_message(ALICE, "Export", tricky)?;
    let big_line = "x".repeat(76) + "\r\n";
    let big = format!(
        "From: big@example.org\r\nSubject: big\r\n\r\n{}From inside\r\nend\r\n",
        big_line.repeat(40_000)
    );
    stack.put_message(ALICE, "Big", big.as_bytes())?;
    let (postern, browser) = logged_in(&stack).await?;

    let large = browser
        .get(postern.url("/mail/export?folder=Big"))
        .send()
        .await?
        .bytes()
        .await?;
    let read = read_mboxrd(&large);
    assert_eq!(read.len(), 1);
    assert!(
        read[0].trim_end().ends_with("xx\nFrom inside\nend"),
        "a 3 MB message, fetched in parts: {:?}",
        &read[0][read[0].len().saturating_sub(60)..]
    );
    assert_eq!(read[0].matches(&"x".repeat(76)).count(), 40_000);

    let response = browser
        .get(postern.url("/mail/export?folder=Export"))
        .send()
        .await?;
    assert_eq!(response.status(), 200);
    assert!(
        response
            .headers()
            .get("content-disposition")
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.contains("Export.mbox"))
    );
    let body = response.bytes().await?;
    let messages = read_mboxrd(&body);
    assert_eq!(messages.len(), 1);
    assert!(
        messages[0].contains("\nFrom the start\n>From quoted\nplain\n"),
        "{}",
        messages[0]
    );
    assert!(String::from_utf8_lossy(&body).starts_with("From zoe@example.org "));

    let inbox = browser
        .get(postern.url("/mail/export?folder=INBOX"))
        .send()
        .await?
        .bytes()
        .await?;
    let path = stack.dir.path().join("inbox.mbox");
    std::fs::write(&path, &inbox)?;
    assert_eq!(read_mboxrd(&inbox).len(), 1500);
    // An independent reader (Python's mailbox module) counts the same.
    let count = std::process::Command::new("python3")
        .args([
            "-c",
            "import mailbox,sys; print(len(mailbox.mbox(sys.argv[1])))",
        ])
        .arg(&path)
        .output()?;
    assert_eq!(String::from_utf8_lossy(&count.stdout).trim(), "1500");
    Ok(())
}
