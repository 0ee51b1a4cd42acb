//! Reading mail against a real Dovecot: header-only pages, lazy message bodies, safe HTML,
//! attachments, and links that survive.

use std::time::Instant;

use anyhow::Result;
use postern_tests::*;

async fn logged_in(
    stack: &MailStack,
    extra: &[(&str, &str)],
) -> Result<(Postern, reqwest::Client)> {
    let mut env = stack.postern_env();
    env.extend(extra.iter().map(|(k, v)| (k.to_string(), v.to_string())));
    let postern = Postern::start(env).await?;
    let browser = postern.browser();
    let page = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(page.path, "/mail");
    Ok((postern, browser))
}

/// The UID and link of the row whose subject is `subject`.
fn row_link(page: &Page, subject: &str) -> Option<String> {
    let at = page.html.find(&format!(">{subject}<"))?;
    let start = page.html[..at].rfind("href=\"/mail/message?")? + 6;
    let end = start + page.html[start..].find('"')?;
    Some(page.html[start..end].replace("&amp;", "&"))
}

#[tokio::test]
async fn the_inbox_lists_headers_only_newest_first() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack, &[]).await?;
    stack.clear_imap_log();

    let page = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(
        page.html.matches("data-testid=\"message-subject\"").count(),
        27,
        "every message on one page"
    );
    assert_eq!(
        page.testid_text("message-subject").as_deref(),
        Some("Grüße aus München 🍺"),
        "newest first, decoded"
    );
    assert_eq!(
        page.testid_text("message-from").as_deref(),
        Some("Zoë Müller")
    );
    assert_eq!(
        page.testid_text("page-position").as_deref(),
        Some("1–27 of 27")
    );
    let unread = page.testid_attributes("message-row", "unread");
    assert_eq!(unread.iter().filter(|u| *u == "true").count(), 10);
    assert!(
        page.html.contains("(no subject)"),
        "an empty subject is shown as such"
    );

    let commands = stack.imap_commands();
    assert!(
        commands.contains("HEADER.FIELDS"),
        "the list fetched header fields: {commands}"
    );
    for body_fetch in [
        "BODY[]",
        "BODY.PEEK[]",
        "BODY[TEXT]",
        "BODY.PEEK[TEXT]",
        "RFC822 ",
        "RFC822)",
        "BODY[1]",
        "BODY.PEEK[1]",
    ] {
        assert!(
            !commands.contains(body_fetch),
            "the list must not fetch bodies ({body_fetch}): {commands}"
        );
    }
    assert!(!commands.contains(" SORT "), "arrival order needs no SORT");
    Ok(())
}

#[tokio::test]
async fn pages_of_a_large_folder() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_bulk(ALICE, 10_000)?;
    let (postern, browser) = logged_in(&stack, &[]).await?;

    let first = Instant::now();
    let page1 = Page::get(&browser, &postern.url("/mail")).await?;
    let first = first.elapsed();
    assert_eq!(
        page1.testid_text("page-position").as_deref(),
        Some("1–50 of 10,000")
    );
    assert_eq!(
        page1
            .testid_text("message-subject")
            .map(|s| s.ends_with("#10000")),
        Some(true)
    );
    assert!(page1.testid_text("page-prev").is_none());

    let deep = Instant::now();
    let page200 = Page::get(&browser, &postern.url("/mail?folder=INBOX&page=200")).await?;
    let deep = deep.elapsed();
    assert_eq!(
        page200.testid_text("page-position").as_deref(),
        Some("9,951–10,000 of 10,000")
    );
    assert_eq!(
        page200
            .testid_text("message-subject")
            .map(|s| s.ends_with("#50")),
        Some(true)
    );
    assert!(
        page200.testid_text("page-next").is_none(),
        "the last page has no next"
    );

    let past = Page::get(&browser, &postern.url("/mail?folder=INBOX&page=999")).await?;
    assert_eq!(
        past.testid_text("page-position").as_deref(),
        Some("9,951–10,000 of 10,000"),
        "past the end: the last page"
    );

    let open = Instant::now();
    let link = row_link(
        &page200,
        &page200.testid_text("message-subject").unwrap_or_default(),
    )
    .unwrap_or_default();
    let message = Page::get(&browser, &postern.url(&link)).await?;
    let open = open.elapsed();
    assert!(
        message
            .testid_text("message-body")
            .unwrap_or_default()
            .contains("Message number 50.")
    );
    // Reported, not asserted: timing belongs to the benchmark.
    eprintln!("10,000-message folder: page 1 {first:?}, page 200 {deep:?}, open message {open:?}");
    Ok(())
}

#[tokio::test]
async fn opening_a_plain_message_fetches_only_its_text_and_marks_it_read() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack, &[]).await?;
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    let link = row_link(&inbox, "Re: Site migration this weekend").expect("thread reply listed");
    stack.clear_imap_log();

    let message = Page::get(&browser, &postern.url(&link)).await?;
    assert_eq!(
        message.testid_text("message-header-subject").as_deref(),
        Some("Re: Site migration this weekend")
    );
    assert_eq!(
        message.testid_text("message-header-from").as_deref(),
        Some("Bob Builder <bob@example.test>")
    );
    assert_eq!(
        message.testid_text("message-header-to").as_deref(),
        Some("Alice Example <alice@example.test>")
    );
    let body = message.testid_text("message-body").unwrap_or_default();
    assert!(
        body.contains("Great, thanks!") && body.contains("DNS looks fine"),
        "{body}"
    );
    assert!(
        message.html.contains("class=\"line quoted\""),
        "quoted lines are set apart"
    );

    let commands = stack.imap_commands();
    assert!(
        commands.contains("BODYSTRUCTURE"),
        "structure first: {commands}"
    );
    assert!(
        commands.contains("BODY[TEXT]"),
        "then the text, marking it read: {commands}"
    );

    let again = Page::get(&browser, &postern.url("/mail")).await?;
    let unread = again.testid_attributes("message-row", "unread");
    assert_eq!(
        unread.iter().filter(|u| *u == "true").count(),
        9,
        "one fewer unread"
    );
    Ok(())
}

#[tokio::test]
async fn attachments_download_without_fetching_them_on_open() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack, &[]).await?;
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    let link = row_link(&inbox, "Invoice 2026-1104 for example.test").expect("invoice listed");
    stack.clear_imap_log();
    let message = Page::get(&browser, &postern.url(&link)).await?;
    assert_eq!(
        message.testid_attributes("attachment", "filename"),
        ["Rechnung-2026-1104.pdf"]
    );
    let commands = stack.imap_commands();
    assert!(
        !commands.contains("BODY[2]") && !commands.contains("BODY.PEEK[2]"),
        "the attachment is not fetched on open: {commands}"
    );

    let href = {
        let at = message.html.find("data-testid=\"attachment\"").unwrap_or(0);
        let start = message.html[..at].rfind("href=\"").unwrap_or(0) + 6;
        let end = start + message.html[start..].find('"').unwrap_or(0);
        message.html[start..end].replace("&amp;", "&")
    };
    let download = browser.get(postern.url(&href)).send().await?;
    assert_eq!(download.status().as_u16(), 200);
    let disposition = download
        .headers()
        .get("content-disposition")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        disposition.starts_with("attachment;") && disposition.contains("Rechnung-2026-1104.pdf"),
        "{disposition}"
    );
    assert_eq!(
        download
            .headers()
            .get("x-content-type-options")
            .and_then(|v| v.to_str().ok()),
        Some("nosniff")
    );
    let bytes = download.bytes().await?;
    assert!(bytes.starts_with(b"%PDF-1.4"), "decoded from base64");

    let raw_href = link.replace("/mail/message?", "/mail/raw?");
    let raw = browser
        .get(postern.url(&raw_href))
        .send()
        .await?
        .bytes()
        .await?;
    assert!(
        String::from_utf8_lossy(&raw).contains("Subject: Invoice 2026-1104"),
        "the original message"
    );
    Ok(())
}

#[tokio::test]
async fn html_mail_is_sanitised_framed_and_remote_images_wait() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack, &[]).await?;
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    let link = row_link(&inbox, "Autumn offers – 20 % off everything").expect("newsletter listed");
    let message = Page::get(&browser, &postern.url(&link)).await?;
    assert!(
        message.html.contains("data-testid=\"message-html\""),
        "HTML is shown in the frame"
    );
    assert!(
        message
            .html
            .contains("sandbox=\"allow-popups allow-popups-to-escape-sandbox\"")
    );
    assert!(
        message.html.contains("data-testid=\"show-remote-images\""),
        "remote images are offered, not loaded"
    );

    let frame = browser
        .get(postern.url(&link.replace("/mail/message?", "/mail/body?")))
        .send()
        .await?;
    let csp = frame
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(
        csp.contains("default-src 'none'")
            && csp.contains("img-src data:;")
            && csp.contains("sandbox"),
        "{csp}"
    );
    assert_eq!(
        frame
            .headers()
            .get("referrer-policy")
            .and_then(|v| v.to_str().ok()),
        Some("no-referrer")
    );
    let html = frame.text().await?;
    assert!(html.contains("Autumn offers"));
    assert!(
        !html.contains("tracker.example.net") && !html.contains("images.example.net"),
        "remote images left out: {html}"
    );

    let remote = browser
        .get(postern.url(&format!(
            "{}&remote=1",
            link.replace("/mail/message?", "/mail/body?")
        )))
        .send()
        .await?;
    let csp = remote
        .headers()
        .get("content-security-policy")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    assert!(csp.contains("img-src data: https: http:"), "{csp}");
    assert!(
        remote
            .text()
            .await?
            .contains("https://images.example.net/banner.png")
    );
    Ok(())
}

#[tokio::test]
async fn stale_links_and_missing_messages_are_explained() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack, &[]).await?;
    let changed = Page::get(
        &browser,
        &postern.url("/mail/message?folder=INBOX&uid=1&v=1"),
    )
    .await?;
    assert_eq!(
        changed.testid_text("mail-error").as_deref(),
        Some("This folder changed since the page was shown. Please reload it.")
    );
    let missing = Page::get(
        &browser,
        &postern.url("/mail/message?folder=INBOX&uid=99999"),
    )
    .await?;
    assert!(
        missing
            .testid_text("mail-error")
            .unwrap_or_default()
            .contains("does not exist")
    );
    let part = browser
        .get(postern.url("/mail/part?folder=INBOX&uid=1&part=9"))
        .send()
        .await?;
    assert_eq!(part.status().as_u16(), 404);
    let hostile_folder = Page::get(
        &browser,
        &postern.url("/mail?folder=INBOX%22%0D%0Aa1%20LOGOUT"),
    )
    .await?;
    assert!(
        hostile_folder
            .testid_text("mail-error")
            .unwrap_or_default()
            .contains("does not exist")
    );
    Ok(())
}

#[tokio::test]
async fn sorted_pages_reuse_one_server_sort() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack, &[("POSTERN_PAGE_SIZE", "10")]).await?;
    stack.clear_imap_log();

    let by_sender = Page::get(&browser, &postern.url("/mail?folder=INBOX&sort=from")).await?;
    assert_eq!(
        by_sender.testid_text("message-from").as_deref(),
        Some("Bob Builder"),
        "A–Z by the name shown"
    );
    assert_eq!(
        by_sender.testid_text("page-position").as_deref(),
        Some("1–10 of 27")
    );
    assert!(
        by_sender.html.contains("sort=from&amp;page=2"),
        "paging keeps the order"
    );
    let page2 = Page::get(
        &browser,
        &postern.url("/mail?folder=INBOX&sort=from&page=2"),
    )
    .await?;
    assert_eq!(
        page2.testid_text("page-position").as_deref(),
        Some("11–20 of 27")
    );
    let commands = stack.imap_commands();
    assert_eq!(
        commands.matches("UID SORT").count(),
        1,
        "the sorted list is cached per folder: {commands}"
    );

    let by_subject = Page::get(&browser, &postern.url("/mail?folder=INBOX&sort=subject")).await?;
    assert_eq!(
        by_subject.testid_text("message-subject").as_deref(),
        Some("(no subject)")
    );
    let by_date = Page::get(&browser, &postern.url("/mail?folder=INBOX&sort=date")).await?;
    assert_eq!(
        by_date.testid_text("message-subject").as_deref(),
        Some("Grüße aus München 🍺")
    );
    assert!(by_date.html.contains("data-testid=\"sort-date\""));
    Ok(())
}

#[tokio::test]
async fn search_finds_by_each_field_and_survives_hostile_input() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let (postern, browser) = logged_in(&stack, &[]).await?;
    let search = |q: &str, field: &str| {
        let url = postern.url(&format!(
            "/mail?folder=INBOX&q={}&field={field}",
            q.bytes().map(|b| format!("%{b:02X}")).collect::<String>()
        ));
        let browser = browser.clone();
        async move { Page::get(&browser, &url).await }
    };
    let by_subject = search("Site migration", "subject").await?;
    assert_eq!(
        by_subject
            .html
            .matches("data-testid=\"message-row\"")
            .count(),
        2,
        "the thread"
    );
    assert!(
        by_subject
            .testid_text("search-summary")
            .unwrap_or_default()
            .starts_with("2 messages found")
    );
    let by_from = search("Müller", "from").await?;
    assert!(
        by_from.html.matches("data-testid=\"message-row\"").count() >= 1,
        "non-ASCII through a literal"
    );
    assert_eq!(
        by_from.testid_text("message-from").as_deref(),
        Some("Zoë Müller")
    );
    let by_body = search("TTLs are down", "body").await?;
    assert_eq!(
        by_body.html.matches("data-testid=\"message-row\"").count(),
        1
    );
    let everywhere = search("invoice", "all").await?;
    assert!(
        everywhere
            .html
            .matches("data-testid=\"message-row\"")
            .count()
            >= 2
    );

    for hostile in ["a\" OR ALL \"", "\\", "{5}", "x) (ALL", "%*"] {
        let page = search(hostile, "all").await?;
        assert_eq!(page.status, 200, "{hostile}");
        let summary = page.testid_text("search-summary").unwrap_or_default();
        assert!(
            summary.contains(&format!("found for “{hostile}”")),
            "{hostile}: {summary:?}"
        );
    }
    let injected = search("x\r\nA1 LOGOUT", "all").await?;
    assert!(
        injected
            .testid_text("mail-error")
            .unwrap_or_default()
            .starts_with("Cannot search for that")
    );
    // The session still works: nothing was sent that could end a command.
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(
        inbox.testid_text("page-position").as_deref(),
        Some("1–27 of 27")
    );
    Ok(())
}

/// A session's folder stays open between requests (NOOP instead of EXAMINE); what another
/// client adds or expunges meanwhile is still counted and shown right.
#[tokio::test]
async fn an_open_folder_follows_changes_made_by_other_clients() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_bulk(ALICE, 30)?;
    stack.put_message(
        ALICE,
        "Elsewhere",
        b"From: new@example.org\r\nSubject: Arrived meanwhile\r\n\r\nhi\r\n",
    )?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let first = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(
        first
            .testid_text("folder-counts")
            .as_deref()
            .map(|t| t.starts_with("30 messages")),
        Some(true)
    );

    stack.doveadm(&["expunge", "-u", ALICE, "mailbox", "INBOX", "uid", "1:2"])?;
    stack.doveadm(&["copy", "-u", ALICE, "INBOX", "mailbox", "Elsewhere", "all"])?;
    stack.clear_imap_log();
    let second = Page::get(&browser, &postern.url("/mail")).await?;
    let counts = second.testid_text("folder-counts").unwrap_or_default();
    assert!(counts.starts_with("29 messages"), "{counts}");
    assert_eq!(second.testid_attributes("message-row", "uid").len(), 29);
    assert_eq!(
        second.testid_text("message-subject").as_deref(),
        Some("Arrived meanwhile"),
        "the newest row is the message that arrived"
    );
    let commands = stack.imap_commands().to_ascii_uppercase();
    assert!(commands.contains(" NOOP"), "{commands}");
    assert!(
        !commands.contains(" EXAMINE "),
        "the open folder is not re-read: {commands}"
    );
    Ok(())
}

/// Opening a message right after its folder page sends neither LIST nor SELECT again: the
/// folder list shown a moment ago and the open folder are reused.
#[tokio::test]
async fn opening_a_message_after_the_list_reuses_what_was_just_read() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let list = Page::get(&browser, &postern.url("/mail")).await?;
    let uid = list.testid_attributes("message-row", "uid")[0].clone();
    let v = list.testid_attributes("message-list", "uid-validity")[0].clone();
    // The first open makes the folder writable (opening marks \Seen); the second reuses it.
    let _ = Page::get(
        &browser,
        &postern.url(&format!("/mail/message?folder=INBOX&uid={uid}&v={v}")),
    )
    .await?;
    stack.clear_imap_log();
    let uid2 = list.testid_attributes("message-row", "uid")[1].clone();
    let page = Page::get(
        &browser,
        &postern.url(&format!("/mail/message?folder=INBOX&uid={uid2}&v={v}")),
    )
    .await?;
    assert!(page.testid_text("message-header-subject").is_some());
    let commands = stack.imap_commands().to_ascii_uppercase();
    assert!(!commands.contains(" LIST "), "{commands}");
    assert!(
        !commands.contains(" SELECT ") && !commands.contains(" EXAMINE "),
        "{commands}"
    );
    Ok(())
}
