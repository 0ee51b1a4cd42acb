//! Live mail: what an open page's stream (`/events`) hears while another client and the mail
//! server change the mailbox, and what it costs on the server (Dovecot counts the connections).

use std::time::Duration;

use anyhow::{Result, ensure};
use postern_tests::*;

const WAIT: Duration = Duration::from_secs(15);
/// Silence that means an earlier step's events have all come.
const QUIET: Duration = Duration::from_millis(400);

fn message(subject: &str, id: &str) -> Vec<u8> {
    format!(
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Message-ID: <{id}@example.test>\r\nDate: Tue, 1 Dec 2026 10:00:00 +0100\r\n\r\nHello.\r\n"
    )
    .into_bytes()
}

/// Waits (up to WAIT) until Dovecot counts `n` IMAP connections for alice.
async fn connections_become(stack: &MailStack, n: usize) -> Result<usize> {
    let deadline = std::time::Instant::now() + WAIT;
    loop {
        let now = imap_connections(stack, ALICE)?;
        if now == n || std::time::Instant::now() > deadline {
            return Ok(now);
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}

#[tokio::test]
async fn an_open_page_hears_new_mail_flags_and_expunges_on_one_connection() -> Result<()> {
    let stack = MailStack::full()?;
    let mut env = stack.postern_env();
    env.push(("POSTERN_LIVE_LINGER_SECONDS".into(), "2".into()));
    let postern = Postern::start(env).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    ensure!(page.title() == "Inbox · Postern", "title: {}", page.title());

    let mut stream = EventStream::open(&postern, &browser, "INBOX").await?;
    let ready = stream.wait_for("ready", WAIT).await?;
    ensure!(
        ready.as_deref() == Some("0"),
        "the stream says it listens, on an empty Inbox: {ready:?}"
    );

    // A delivery (LMTP, as Postfix hands mail to Dovecot) reaches the stream.
    let subject = "<img src=x onerror=alert(1)> Live & \"well\"";
    stack.deliver(ALICE, &message(subject, "live1"))?;
    let change = stream.wait_for("change", WAIT).await?;
    ensure!(
        change.as_deref() == Some("INBOX"),
        "a delivery is heard: {change:?}"
    );
    // What the page's script then reads: the new row, escaped; the count in the tab title.
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    ensure!(
        page.testid_text("message-subject").as_deref() == Some(subject),
        "the new message is listed: {:?}",
        page.testid_text("message-subject")
    );
    ensure!(!page.html.contains("<img src=x"), "the subject stays text");
    ensure!(
        page.title() == "(1) Inbox · Postern",
        "the unread count leads the title: {}",
        page.title()
    );

    // Another client flags it, then deletes it for good: both are heard.
    stream.drain(QUIET).await?;
    stack.doveadm(&[
        "flags",
        "add",
        "-u",
        ALICE,
        "\\Flagged",
        "mailbox",
        "INBOX",
        "all",
    ])?;
    ensure!(
        stream.wait_for("change", WAIT).await?.is_some(),
        "a flag set elsewhere is heard"
    );
    stream.drain(QUIET).await?;
    stack.doveadm(&["expunge", "-u", ALICE, "mailbox", "INBOX", "all"])?;
    ensure!(
        stream.wait_for("change", WAIT).await?.is_some(),
        "an expunge elsewhere is heard"
    );

    // Mail filed into another folder is heard on the same connection (Dovecot has NOTIFY).
    stack.doveadm(&["mailbox", "create", "-u", ALICE, "Lists"])?;
    // Creating it may itself be reported; what counts is the message.
    tokio::time::sleep(Duration::from_millis(300)).await;
    stream.drain(QUIET).await?;
    stack.doveadm_save(ALICE, "Lists", &message("Filed", "live2"))?;
    let change = stream.wait_for("change", WAIT).await?;
    ensure!(
        change.as_deref() == Some("Lists"),
        "a message in another folder is heard with its folder: {change:?}"
    );

    // Five pages (tabs) listening: still one watch beside the session's own connection.
    let mut tabs = Vec::new();
    for folder in ["INBOX", "Lists", "INBOX", "INBOX"] {
        let mut tab = EventStream::open(&postern, &browser, folder).await?;
        ensure!(tab.wait_for("ready", WAIT).await?.is_some(), "tab listens");
        tabs.push(tab);
    }
    for tab in tabs.iter_mut().chain(std::iter::once(&mut stream)) {
        tab.drain(QUIET).await?;
    }
    let open = imap_connections(&stack, ALICE)?;
    ensure!(
        open == 2,
        "five listening pages use the session's connection and one watch: {open}"
    );
    stack.deliver(ALICE, &message("For every tab", "live3"))?;
    for tab in tabs.iter_mut().chain(std::iter::once(&mut stream)) {
        ensure!(
            tab.wait_for("change", WAIT).await?.is_some(),
            "every tab hears it"
        );
    }

    // Nobody listens any more: the watch logs out after the linger time.
    drop(tabs);
    drop(stream);
    let open = connections_become(&stack, 1).await?;
    ensure!(open == 1, "the watch closed after its last page: {open}");

    // Mail that came while no watch was open: the next stream's count says so (the page it
    // belongs to shows one message less, and reads itself again).
    stack.deliver(ALICE, &message("While nobody listened", "live5"))?;
    let mut stream = EventStream::open(&postern, &browser, "INBOX").await?;
    let ready = stream.wait_for("ready", WAIT).await?;
    ensure!(
        ready.as_deref() == Some("2"),
        "the count as the watch opened the Inbox: {ready:?}"
    );
    drop(stream);

    // A page that listens again gets a new watch; logging out ends its stream.
    let mut stream = EventStream::open(&postern, &browser, "INBOX").await?;
    ensure!(stream.wait_for("ready", WAIT).await?.is_some(), "again");
    browser.post(postern.url("/logout")).send().await?;
    ensure!(
        stream.wait_for("ended", WAIT).await?.is_some(),
        "logout ends the stream"
    );
    ensure!(
        stream.ends_within(Duration::from_secs(2)).await?,
        "the stream ends with it"
    );
    let open = connections_become(&stack, 0).await?;
    ensure!(open == 0, "logout closes both connections: {open}");

    // Without a session the stream is refused, not redirected.
    let refused = browser.get(postern.url("/events")).send().await?;
    ensure!(refused.status() == 401, "no session: {}", refused.status());
    Ok(())
}

#[tokio::test]
async fn the_watch_comes_back_after_the_mail_server_restarts() -> Result<()> {
    let stack = MailStack::full()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let mut stream = EventStream::open(&postern, &browser, "INBOX").await?;
    ensure!(stream.wait_for("ready", WAIT).await?.is_some(), "ready");

    stack.restart_imap()?;
    // Whatever happened meanwhile is read again; then deliveries are heard as before.
    ensure!(
        stream
            .wait_for("resync", Duration::from_secs(30))
            .await?
            .is_some(),
        "the watch reconnects and says so"
    );
    stack.deliver(ALICE, &message("After the restart", "live4"))?;
    ensure!(
        stream.wait_for("change", WAIT).await?.as_deref() == Some("INBOX"),
        "a delivery after the restart is heard"
    );
    Ok(())
}
