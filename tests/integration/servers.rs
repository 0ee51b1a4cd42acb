//! The servers hosting companies run besides Dovecot and Postfix: Courier-IMAP and Cyrus IMAP
//! (each with the same scenarios: log in, folders, open, attachments, search, move, delete,
//! purge, folder management, send with the Sent copy) and Exim as the submission server on its
//! cPanel ports 587 and 26. Capabilities drive what Postern does; these prove it on the real
//! servers (docs/servers.md).

use anyhow::{Context, Result, ensure};
use mail_parser::MessageParser;
use postern_tests::hosting::{HostingImap, ImapServer};
use postern_tests::*;
use reqwest::multipart::{Form, Part};

fn message(subject: &str, body: &str) -> Vec<u8> {
    format!(
        "From: Zoë Müller <zoe@example.org>\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Date: Tue, 01 Dec 2026 09:30:00 +0100\r\nMessage-ID: <{}@example.org>\r\n\
         MIME-Version: 1.0\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Transfer-Encoding: 8bit\r\n\r\n{body}\r\n",
        subject.replace(' ', ".")
    )
    .into_bytes()
}

/// A message with a PDF-like attachment whose bytes the download must return.
fn with_attachment(subject: &str, bytes: &[u8]) -> Vec<u8> {
    let encoded = base64_lines(bytes);
    format!(
        "From: zoe@example.org\r\nTo: alice@example.test\r\nSubject: {subject}\r\n\
         Date: Tue, 01 Dec 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n--b1\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nSee the file.\r\n--b1\r\n\
         Content-Type: application/pdf; name=\"Rechnung März.pdf\"\r\n\
         Content-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{encoded}--b1--\r\n"
    )
    .into_bytes()
}

/// The link of the row whose subject is `subject`.
fn row_link(page: &Page, subject: &str) -> Option<String> {
    let at = page.html.find(&format!(">{subject}<"))?;
    let start = page.html[..at].rfind("href=\"/mail/message?")? + 6;
    let end = start + page.html[start..].find('"')?;
    Some(page.html[start..end].replace("&amp;", "&"))
}

/// Posts `action` (with `extra` fields) on the message of `page` whose subject is `subject`, in
/// `folder`: its UID and UIDVALIDITY are read from the row's link, as the form carries them.
async fn act_on_row(
    postern: &Postern,
    browser: &reqwest::Client,
    page: &Page,
    subject: &str,
    folder: &str,
    action: &str,
    extra: &[(&str, &str)],
) -> Result<Page> {
    let link = row_link(page, subject).with_context(|| format!("{subject} listed"))?;
    let uid = query_value(&link, "uid").unwrap_or_default();
    let v = query_value(&link, "v").unwrap_or_default();
    let mut fields = vec![
        ("folder", folder),
        ("uid", uid.as_str()),
        ("v", v.as_str()),
        ("action", action),
    ];
    fields.extend_from_slice(extra);
    act(postern, browser, &fields).await
}

/// Posts the compose form with no attachment and "Send" pressed.
async fn send_message(
    postern: &Postern,
    browser: &reqwest::Client,
    to: &str,
    subject: &str,
    body: &str,
) -> Result<Page> {
    let form = Form::new()
        .text("to", to.to_string())
        .text("subject", subject.to_string())
        .text("body", body.to_string())
        .text("action", "send")
        .part("attach", Part::bytes(Vec::new()).file_name(""));
    Page::from(
        browser
            .post(postern.url("/mail/compose"))
            .multipart(form)
            .send()
            .await?,
    )
    .await
}

/// The wire name of the listed folder labelled `label` (as the folder list shows it).
fn folder_named(page: &Page, label: &str) -> Option<String> {
    let names = page.testid_attributes("folder", "folder");
    let labels = page
        .html
        .split("data-testid=\"folder\"")
        .skip(1)
        .map(|chunk| {
            chunk
                .split("<span class=\"label\">")
                .nth(1)
                .and_then(|rest| rest.split('<').next())
                .unwrap_or("")
                .to_string()
        });
    names
        .into_iter()
        .zip(labels)
        .find(|(_, l)| l == label)
        .map(|(n, _)| n)
}

/// The scenarios every IMAP server must pass, against `imap`, sending through `submission`.
async fn hosting_scenarios(imap: &HostingImap, submission: &MailStack) -> Result<()> {
    let pdf: Vec<u8> = b"%PDF-1.4\n"
        .iter()
        .copied()
        .chain((0..5000u32).map(|i| (i * 31 % 251) as u8))
        .collect();
    for subject in ["Quarterly report", "Meeting on Friday", "Lunch plans"] {
        imap.append(
            ALICE,
            ALICE_PASSWORD,
            "INBOX",
            &message(subject, &format!("About {subject}.")),
        )
        .await?;
    }
    imap.append(
        ALICE,
        ALICE_PASSWORD,
        "INBOX",
        &with_attachment("Invoice attached", &pdf),
    )
    .await?;

    let smtp = format!("smtp://127.0.0.1:{}", submission.port("SUBMISSION_PORT"));
    // The two test servers carry different certificates (one mail server would carry one):
    // the operator's CA file holds both.
    let bundle = imap.dir.path().join("tls/both.crt");
    std::fs::write(
        &bundle,
        [
            std::fs::read(imap.dir.path().join("tls/ca.crt"))?,
            std::fs::read(submission.ca_path())?,
        ]
        .concat(),
    )?;
    let mut env = imap.postern_env(&smtp);
    env.retain(|(k, _)| k != "POSTERN_TLS_CA");
    env.push((
        "POSTERN_TLS_CA".into(),
        bundle.to_string_lossy().into_owned(),
    ));
    let postern = Postern::start(env).await?;
    let browser = postern.browser();
    let landed = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    ensure!(
        landed.path == "/mail",
        "{:?}: login landed on {}",
        imap.server,
        landed.path
    );

    // Settings: Cyrus keeps them (METADATA); Courier has no place for them, which the page
    // says, and Postern goes on with its defaults.
    let settings = Page::get(&browser, &postern.url("/settings")).await?;
    let kept = imap.server != ImapServer::Courier;
    ensure!(
        settings.testid_text("settings-not-kept").is_none() == kept,
        "{:?}: {:?}",
        imap.server,
        settings.testid_text("settings-not-kept")
    );
    let saved = Page::from(
        browser
            .post(postern.url("/settings"))
            .form(&[("display_name", "Alice Ä. Example"), ("page_size", "50")])
            .send()
            .await?,
    )
    .await?;
    let notice = saved.testid_text("notice").unwrap_or_default();
    ensure!(
        (notice == "Settings saved.") == kept,
        "{:?}: {notice}",
        imap.server
    );
    if kept {
        ensure!(
            saved.html.contains("value=\"Alice Ä. Example\""),
            "{:?}: read back from the server",
            imap.server
        );
    }

    // Vacation reply: Cyrus keeps it (timsieved); Courier has no ManageSieve (configured off),
    // which the page says.
    let rules = Page::get(&browser, &postern.url("/settings/rules")).await?;
    ensure!(
        rules.testid_text("rules-not-offered").is_none() == kept,
        "{:?}: {:?} {:?}",
        imap.server,
        rules.testid_text("rules-not-offered"),
        rules.testid_text("mail-error")
    );
    if kept {
        let saved = post_form(
            &postern,
            &browser,
            "/settings/rules",
            &[
                ("vacation_enabled", "1"),
                ("vacation_subject", "Weg „bis“ Montag"),
                ("vacation_text", "Bin weg.\nAlice"),
                ("vacation_days", "3"),
                ("filter_rows", "0"),
            ],
        )
        .await?;
        ensure!(
            saved.testid_text("notice").as_deref() == Some("Vacation reply and filters saved."),
            "{:?}: {:?}",
            imap.server,
            saved.testid_text("notice")
        );
        ensure!(
            saved.field("vacation_subject") == "Weg „bis“ Montag",
            "{:?}: read back",
            imap.server
        );
    }

    // The Inbox lists the four messages, headers only.
    let inbox = Page::get(&browser, &postern.url("/mail")).await?;
    ensure!(
        inbox.testid_attributes("message-row", "uid").len() == 4,
        "{:?}: {:?} {:?} {:?}",
        imap.server,
        inbox.testid_text("mail-error"),
        inbox.testid_text("folder-counts"),
        inbox.testid_attributes("folder", "folder")
    );

    // Open a plain message; download an attachment byte for byte.
    let link = row_link(&inbox, "Quarterly report").context("listed")?;
    let opened = Page::get(&browser, &postern.url(&link)).await?;
    ensure!(
        opened.html.contains("About Quarterly report."),
        "{:?}: body shown",
        imap.server
    );
    let link = row_link(&inbox, "Invoice attached").context("listed")?;
    let opened = Page::get(&browser, &postern.url(&link)).await?;
    ensure!(
        opened.testid_attributes("attachment", "filename") == ["Rechnung März.pdf"],
        "{:?}: {}",
        imap.server,
        opened.html
    );
    let part = link.replace("/mail/message?", "/mail/part?") + "&part=2";
    let bytes = browser
        .get(postern.url(&part))
        .send()
        .await?
        .bytes()
        .await?;
    ensure!(
        bytes.as_ref() == pdf.as_slice(),
        "{:?}: the attachment's bytes",
        imap.server
    );

    // Search.
    let found = Page::get(
        &browser,
        &postern.url("/mail?folder=INBOX&q=Quarterly&field=subject"),
    )
    .await?;
    ensure!(
        found.testid_attributes("message-row", "uid").len() == 1,
        "{:?}: search",
        imap.server
    );

    // Delete to Trash (made among the person's folders if the server has none), then purge.
    let page = act_on_row(
        &postern,
        &browser,
        &inbox,
        "Lunch plans",
        "INBOX",
        "delete",
        &[],
    )
    .await?;
    ensure!(
        page.testid_text("notice").as_deref() == Some("Moved to Trash."),
        "{:?}: {:?}",
        imap.server,
        page.testid_text("notice")
    );
    let trash = folder_named(&page, "Trash").with_context(|| {
        format!(
            "{:?}: Trash listed: {:?} {}",
            imap.server,
            page.testid_attributes("folder", "folder"),
            page.html
                .split("data-testid=\"folder\"")
                .nth(2)
                .unwrap_or("")
                .chars()
                .take(400)
                .collect::<String>()
        )
    })?;
    let in_trash = imap.messages(ALICE, ALICE_PASSWORD, &trash).await?;
    ensure!(
        in_trash.len() == 1,
        "{:?}: one message in {trash}",
        imap.server
    );
    let trash_page = Page::get(
        &browser,
        &postern.url(&format!("/mail?folder={}", url_component(&trash))),
    )
    .await?;
    let page = act_on_row(
        &postern,
        &browser,
        &trash_page,
        "Lunch plans",
        &trash,
        "purge",
        &[("confirm", "1")],
    )
    .await?;
    ensure!(
        page.testid_text("notice").as_deref() == Some("Deleted permanently."),
        "{:?}: {:?}",
        imap.server,
        page.testid_text("notice")
    );
    ensure!(
        imap.messages(ALICE, ALICE_PASSWORD, &trash)
            .await?
            .is_empty(),
        "{:?}: purged",
        imap.server
    );

    // A folder with a non-ASCII name: created among the person's folders, a message moved into
    // it (without MOVE: COPY, \Deleted, UID EXPUNGE of that UID only), renamed, deleted.
    let page = act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("action", "folder-create"),
            ("name", "Berichte Ü"),
        ],
    )
    .await?;
    let created = folder_named(&page, "Berichte Ü").with_context(|| {
        format!(
            "{:?}: created: {:?}",
            imap.server,
            page.testid_text("notice")
        )
    })?;
    let page = act_on_row(
        &postern,
        &browser,
        &inbox,
        "Meeting on Friday",
        "INBOX",
        "move",
        &[("target", &created)],
    )
    .await?;
    ensure!(
        page.testid_text("notice").as_deref() == Some("Moved to Berichte Ü."),
        "{:?}: {:?}",
        imap.server,
        page.testid_text("notice")
    );
    ensure!(
        imap.messages(ALICE, ALICE_PASSWORD, &created).await?.len() == 1,
        "{:?}: moved",
        imap.server
    );
    ensure!(
        imap.messages(ALICE, ALICE_PASSWORD, "INBOX").await?.len() == 2,
        "{:?}: left the Inbox",
        imap.server
    );
    let page = act(
        &postern,
        &browser,
        &[
            ("folder", &created),
            ("action", "folder-rename"),
            ("name", "Archiv 2026"),
        ],
    )
    .await?;
    let renamed = folder_named(&page, "Archiv 2026").with_context(|| {
        format!(
            "{:?}: renamed: {:?}",
            imap.server,
            page.testid_text("notice")
        )
    })?;
    let page = act(
        &postern,
        &browser,
        &[
            ("folder", &renamed),
            ("action", "folder-delete"),
            ("confirm", "1"),
        ],
    )
    .await?;
    ensure!(
        folder_named(&page, "Archiv 2026").is_none(),
        "{:?}: deleted: {:?}",
        imap.server,
        page.testid_text("notice")
    );

    // Send to bob (a mailbox on the submission server's Dovecot): delivered, and a copy in Sent
    // on this server.
    let page = send_message(&postern, &browser, BOB, "Grüße vom Server", "Hallo Bob").await?;
    ensure!(
        page.testid_text("compose-sent").as_deref() == Some("Message sent."),
        "{:?}: {:?} {:?}",
        imap.server,
        page.testid_text("compose-error"),
        page.path
    );
    let delivered = submission.wait_for_messages(BOB, "INBOX", 1)?;
    let parsed = MessageParser::default()
        .parse(&delivered[0])
        .context("parse")?;
    ensure!(parsed.subject() == Some("Grüße vom Server"));
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    let sent = folder_named(&page, "Sent").context("Sent listed")?;
    ensure!(
        imap.messages(ALICE, ALICE_PASSWORD, &sent).await?.len() == 1,
        "{:?}: one copy in {sent}",
        imap.server
    );

    // Live mail: without NOTIFY the watch waits in IDLE on the open folder and looks again at
    // least every 30 s, so a message another client puts there is heard within that.
    let mut stream = EventStream::open(&postern, &browser, "INBOX").await?;
    ensure!(
        stream
            .wait_for("ready", std::time::Duration::from_secs(20))
            .await?
            .is_some(),
        "{:?}: the stream listens",
        imap.server
    );
    let appended = std::time::Instant::now();
    imap.append(
        ALICE,
        ALICE_PASSWORD,
        "INBOX",
        &message("Arrived while open", "Pushed."),
    )
    .await?;
    let heard = stream
        .wait_for("change", std::time::Duration::from_secs(40))
        .await?;
    ensure!(
        heard.is_some(),
        "{:?}: a message added by another client is heard",
        imap.server
    );
    eprintln!(
        "{:?}: live mail heard a new message after {:.1?}",
        imap.server,
        appended.elapsed()
    );
    drop(stream);
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    ensure!(
        row_link(&page, "Arrived while open").is_some(),
        "{:?}: the page read again lists it",
        imap.server
    );
    Ok(())
}

#[tokio::test]
async fn courier_imap_does_what_dovecot_does() -> Result<()> {
    let submission = MailStack::with_exim()?;
    let imap = HostingImap::start(ImapServer::Courier)?;
    hosting_scenarios(&imap, &submission).await?;
    // Courier has no SPECIAL-USE: Trash and Sent were made under INBOX and found by name.
    let folders = imap.folders(ALICE, ALICE_PASSWORD).await?;
    ensure!(folders.iter().any(|f| f == "INBOX.Trash"), "{folders:?}");
    ensure!(folders.iter().any(|f| f == "INBOX.Sent"), "{folders:?}");
    Ok(())
}

#[tokio::test]
async fn cyrus_imap_does_what_dovecot_does() -> Result<()> {
    let submission = MailStack::with_exim()?;
    let imap = HostingImap::start(ImapServer::Cyrus)?;
    hosting_scenarios(&imap, &submission).await
}

/// Courier configured without UIDPLUS and SORT (and, like every Courier, without MOVE): moving
/// or purging would need a plain EXPUNGE, which also removes what other clients marked deleted,
/// so Postern refuses and changes nothing; and it offers arrival order only.
#[tokio::test]
async fn without_uidplus_nothing_is_expunged() -> Result<()> {
    let imap = HostingImap::start_with(
        ImapServer::Courier,
        &[("IMAP_CAPABILITY", "IMAP4rev1 CHILDREN NAMESPACE QUOTA IDLE")],
    )?;
    imap.append(
        ALICE,
        ALICE_PASSWORD,
        "INBOX",
        &message("Keep me", "Still here."),
    )
    .await?;
    let postern = Postern::start(imap.postern_env("smtp://127.0.0.1:1")).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    imap.append(
        ALICE,
        ALICE_PASSWORD,
        "INBOX",
        &message("Aardvark", "Second."),
    )
    .await?;
    let inbox = Page::get(&browser, &postern.url("/mail?folder=INBOX&sort=subject")).await?;
    ensure!(
        !inbox.html.contains("data-testid=\"sort-subject\""),
        "no sort links without SORT"
    );
    let first = inbox.html.find(">Aardvark<").context("listed")?;
    let second = inbox.html.find(">Keep me<").context("listed")?;
    ensure!(
        first < second,
        "arrival order, newest first, whatever was asked"
    );
    let page = act_on_row(
        &postern,
        &browser,
        &inbox,
        "Keep me",
        "INBOX",
        "delete",
        &[],
    )
    .await?;
    let notice = page.testid_text("notice").unwrap_or_default();
    ensure!(
        notice.contains("cannot remove single messages safely"),
        "{notice}"
    );
    let mut conn = imap.client(ALICE, ALICE_PASSWORD).await?;
    conn.session.select("INBOX").await?;
    let deleted = conn.session.uid_search("DELETED").await?;
    ensure!(deleted.is_empty(), "nothing marked \\Deleted: {deleted:?}");
    let all = conn.session.uid_search("ALL").await?;
    ensure!(all.len() == 2, "both messages are still there");
    Ok(())
}

/// Exim as cPanel runs it: submission on 587 and on 26, STARTTLS, AUTH against Dovecot; the
/// message arrives in the recipient's mailbox, a refused recipient is named.
#[tokio::test]
async fn exim_sends_on_587_and_26() -> Result<()> {
    let stack = MailStack::with_exim()?;
    for (port, subject) in [
        ("SUBMISSION_PORT", "Über Port 587"),
        ("SUBMISSION26_PORT", "Über Port 26"),
    ] {
        let mut env = stack.postern_env();
        env.retain(|(k, _)| k != "POSTERN_SMTP");
        env.push((
            "POSTERN_SMTP".into(),
            format!("smtp://127.0.0.1:{}", stack.port(port)),
        ));
        let postern = Postern::start(env).await?;
        let browser = postern.browser();
        postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
        let page = send_message(&postern, &browser, BOB, subject, "Hallo Bob").await?;
        ensure!(
            page.testid_text("compose-sent").as_deref() == Some("Message sent."),
            "{port}: {:?}",
            page.testid_text("compose-error")
        );
    }
    let delivered = stack.wait_for_messages(BOB, "INBOX", 2)?;
    let subjects: Vec<String> = delivered
        .iter()
        .filter_map(|m| {
            MessageParser::default()
                .parse(m)
                .and_then(|p| p.subject().map(str::to_string))
        })
        .collect();
    ensure!(
        subjects.contains(&"Über Port 587".to_string())
            && subjects.contains(&"Über Port 26".to_string()),
        "{subjects:?}"
    );
    ensure!(
        stack.raw_messages(ALICE, "Sent")?.len() == 2,
        "two copies in Sent"
    );

    // A recipient Exim does not know: named, nothing sent, the draft kept.
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let page = send_message(
        &postern,
        &browser,
        "nobody@example.test",
        "Lost",
        "Where does this go?",
    )
    .await?;
    ensure!(page.path == "/mail/compose", "{}", page.path);
    ensure!(
        page.html.contains("nobody@example.test") && page.html.contains("No Such User Here"),
        "the refusal is named"
    );
    let panics =
        std::fs::read_to_string(stack.dir.path().join("exim/log/paniclog")).unwrap_or_default();
    ensure!(panics.trim().is_empty(), "Exim's panic log: {panics}");
    Ok(())
}
