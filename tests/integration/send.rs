//! Sending against a real Postfix (submission, STARTTLS, SASL via Dovecot, LMTP delivery) and a
//! real Dovecot: what arrives, what is kept in Sent and Drafts, and that nothing typed is lost
//! when sending fails.

use anyhow::{Context, Result};
use mail_parser::{MessageParser, MimeHeaders};
use postern_tests::*;
use reqwest::multipart::{Form, Part};

const CAROL: &str = "carol@example.test";

async fn logged_in(
    stack: &MailStack,
    env: Vec<(String, String)>,
) -> Result<(Postern, reqwest::Client)> {
    let postern = Postern::start(env).await?;
    let browser = postern.browser();
    let landed = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    anyhow::ensure!(landed.path == "/mail", "login failed: {}", landed.path);
    let _ = stack;
    Ok((postern, browser))
}

/// The compose form as a browser posts it.
fn form(fields: &[(&str, &str)], files: Vec<(&str, &str, Vec<u8>)>) -> Form {
    let mut form = Form::new();
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    if files.is_empty() {
        // A browser sends the empty file input too.
        form = form.part("attach", Part::bytes(Vec::new()).file_name(""));
    }
    for (name, mime, bytes) in files {
        let part = Part::bytes(bytes)
            .file_name(name.to_string())
            .mime_str(mime)
            .unwrap_or_else(|_| Part::bytes(Vec::new()));
        form = form.part("attach", part);
    }
    form
}

async fn post(postern: &Postern, browser: &reqwest::Client, form: Form) -> Result<Page> {
    Page::from(
        browser
            .post(postern.url("/mail/compose"))
            .multipart(form)
            .send()
            .await?,
    )
    .await
}

fn flags_of(stack: &MailStack, address: &str, folder: &str) -> Result<String> {
    stack.doveadm(&["fetch", "-u", address, "flags", "mailbox", folder, "all"])
}

#[tokio::test]
async fn sends_with_attachments_bcc_and_a_sent_copy() -> Result<()> {
    let stack = MailStack::full()?;
    stack.add_user(CAROL, "carol-secret")?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    let binary: Vec<u8> = (0..150_000u32).map(|i| (i * 7919 % 251) as u8).collect();
    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", "Bob Example <bob@example.test>"),
                ("cc", ""),
                ("bcc", CAROL),
                ("subject", "Grüße aus Köln – Übersicht"),
                ("body", "Hallo Bob,\n\nanbei zwei Dateien.\n\nAlice"),
                ("action", "send"),
            ],
            vec![
                ("Übersicht.bin", "application/octet-stream", binary.clone()),
                ("notes.txt", "text/plain", "ä line\n".as_bytes().to_vec()),
            ],
        ),
    )
    .await?;
    assert_eq!(page.path, "/mail");
    assert_eq!(
        page.testid_text("compose-sent").as_deref(),
        Some("Message sent.")
    );

    let bob = stack.wait_for_messages(BOB, "INBOX", 1)?;
    let received = MessageParser::default().parse(&bob[0]).context("parse")?;
    assert_eq!(received.subject(), Some("Grüße aus Köln – Übersicht"));
    assert_eq!(
        received
            .from()
            .and_then(|f| f.first())
            .and_then(|a| a.address()),
        Some(ALICE)
    );
    assert!(
        received
            .body_text(0)
            .is_some_and(|t| t.contains("anbei zwei Dateien"))
    );
    assert_eq!(received.attachment_count(), 2);
    assert_eq!(
        received.attachment(0).and_then(|a| a.attachment_name()),
        Some("Übersicht.bin")
    );
    assert_eq!(
        received.attachment(0).map(|a| a.contents()),
        Some(binary.as_slice())
    );
    assert_eq!(
        received.attachment(1).map(|a| a.contents()),
        Some("ä line\n".as_bytes())
    );
    let raw = String::from_utf8_lossy(&bob[0]);
    assert!(!raw.contains(CAROL), "Bcc must not be in the headers");

    let carol = stack.wait_for_messages(CAROL, "INBOX", 1)?;
    assert!(String::from_utf8_lossy(&carol[0]).contains("Grüße") || !carol.is_empty());

    let sent = stack.raw_messages(ALICE, "Sent")?;
    assert_eq!(sent.len(), 1, "exactly one copy in Sent");
    assert!(!String::from_utf8_lossy(&sent[0]).contains(CAROL));
    assert!(flags_of(&stack, ALICE, "Sent")?.contains("\\Seen"));
    Ok(())
}

#[tokio::test]
async fn reply_and_forward_thread_and_flag_the_original() -> Result<()> {
    let stack = MailStack::full()?;
    stack.put_message(
        ALICE,
        "Projects",
        b"From: Bob <bob@example.test>\r\nTo: alice@example.test, Dave <dave@example.test>\r\nSubject: Re: Plans\r\nMessage-ID: <orig-1@example.test>\r\nReferences: <root@example.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nShall we meet?\r\n--b\r\nContent-Type: application/pdf\r\nContent-Disposition: attachment; filename=plan.pdf\r\nContent-Transfer-Encoding: base64\r\n\r\nJVBERi0xLjQK\r\n--b--\r\n",
    )?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    let v = stack
        .doveadm(&["mailbox", "status", "-u", ALICE, "uidvalidity", "Projects"])?
        .trim()
        .trim_start_matches("uidvalidity=")
        .to_string();

    let reply = Page::get(
        &browser,
        &postern.url(&format!(
            "/mail/compose?mode=reply-all&folder=Projects&uid=1&v={v}"
        )),
    )
    .await?;
    assert_eq!(
        reply.field("to"),
        "Bob <bob@example.test>, Dave <dave@example.test>"
    );
    assert_eq!(reply.field("subject"), "Re: Plans");
    assert_eq!(reply.field("in_reply_to"), "<orig-1@example.test>");
    assert!(reply.field("body").contains("> Shall we meet?"));
    let fields: Vec<(String, String)> = [
        "to",
        "cc",
        "subject",
        "body",
        "in_reply_to",
        "references",
        "answers",
        "source",
        "draft",
    ]
    .iter()
    .map(|n| (n.to_string(), reply.field(n)))
    .collect();
    let mut posted: Vec<(&str, &str)> = fields
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    posted.retain(|(n, _)| *n != "to");
    posted.push(("to", "bob@example.test"));
    posted.push(("action", "send"));
    let page = post(&postern, &browser, form(&posted, vec![])).await?;
    assert_eq!(
        page.testid_text("compose-sent").as_deref(),
        Some("Message sent.")
    );
    let bob = stack.wait_for_messages(BOB, "INBOX", 1)?;
    let received = MessageParser::default().parse(&bob[0]).context("parse")?;
    assert_eq!(received.subject(), Some("Re: Plans"));
    assert_eq!(
        received.in_reply_to().as_text(),
        Some("orig-1@example.test")
    );
    let references = String::from_utf8_lossy(&bob[0]).to_string();
    assert!(
        references.contains("<root@example.test> <orig-1@example.test>"),
        "{references}"
    );
    assert!(flags_of(&stack, ALICE, "Projects")?.contains("\\Answered"));

    let forward = Page::get(
        &browser,
        &postern.url(&format!(
            "/mail/compose?mode=forward&folder=Projects&uid=1&v={v}"
        )),
    )
    .await?;
    assert_eq!(forward.field("subject"), "Fwd: Re: Plans");
    assert_eq!(
        forward.testid_attributes("compose-attachment", "filename"),
        vec!["plan.pdf"]
    );
    let mut posted: Vec<(String, String)> = ["subject", "body", "answers", "source"]
        .iter()
        .map(|n| (n.to_string(), forward.field(n)))
        .collect();
    posted.push(("to".into(), BOB.into()));
    posted.push(("keep".into(), "source:2".into()));
    posted.push(("action".into(), "send".into()));
    let posted: Vec<(&str, &str)> = posted
        .iter()
        .map(|(n, v)| (n.as_str(), v.as_str()))
        .collect();
    let page = post(&postern, &browser, form(&posted, vec![])).await?;
    assert_eq!(
        page.testid_text("compose-sent").as_deref(),
        Some("Message sent.")
    );
    let bob = stack.wait_for_messages(BOB, "INBOX", 2)?;
    let forwarded = bob
        .iter()
        .filter_map(|m| MessageParser::default().parse(m))
        .find(|m| m.subject() == Some("Fwd: Re: Plans"))
        .context("forward arrived")?;
    assert_eq!(
        forwarded.attachment(0).map(|a| a.contents()),
        Some(b"%PDF-1.4\n".as_slice())
    );
    assert!(
        forwarded
            .body_text(0)
            .is_some_and(|t| t.contains("Shall we meet?"))
    );
    assert!(flags_of(&stack, ALICE, "Projects")?.contains("$Forwarded"));
    assert_eq!(stack.raw_messages(ALICE, "Sent")?.len(), 2);
    Ok(())
}

#[tokio::test]
async fn a_failed_send_keeps_everything_and_saves_a_draft() -> Result<()> {
    let stack = MailStack::full()?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    stack.stop_smtp()?;
    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", BOB),
                ("cc", "Dave <dave@example.test>"),
                ("bcc", ""),
                ("subject", "Will this arrive?"),
                ("body", "Every word of this must survive.\nSecond line."),
                ("action", "send"),
            ],
            vec![("report.csv", "text/csv", b"a,b\n1,2\n".to_vec())],
        ),
    )
    .await?;
    assert_eq!(page.path, "/mail/compose");
    let error = page
        .testid_text("compose-error")
        .context("an error is shown")?;
    assert!(error.contains("Cannot reach the mail server"), "{error}");
    assert!(error.contains("draft"), "{error}");
    assert_eq!(page.field("to"), BOB);
    assert_eq!(page.field("cc"), "Dave <dave@example.test>");
    assert_eq!(page.field("subject"), "Will this arrive?");
    assert_eq!(
        page.field("body"),
        "Every word of this must survive.\nSecond line."
    );
    assert_eq!(
        page.testid_attributes("compose-attachment", "filename"),
        vec!["report.csv"]
    );
    let drafts = stack.raw_messages(ALICE, "Drafts")?;
    assert_eq!(drafts.len(), 1);
    assert!(flags_of(&stack, ALICE, "Drafts")?.contains("\\Draft"));
    // Reloading shows the saved draft with its attachment.
    let again = Page::get(&browser, &postern.url(&page_path_with_query(&page))).await?;
    assert_eq!(again.field("subject"), "Will this arrive?");
    assert_eq!(
        again.testid_attributes("compose-attachment", "filename"),
        vec!["report.csv"]
    );
    Ok(())
}

/// Where a page is (reqwest's final URL path, and the draft query the redirect carried).
fn page_path_with_query(page: &Page) -> String {
    let draft = page.field("draft");
    let mut parts = draft.splitn(3, ':');
    let (v, uid, folder) = (
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
        parts.next().unwrap_or_default(),
    );
    format!("/mail/compose?mode=draft&folder={folder}&uid={uid}&v={v}")
}

#[tokio::test]
async fn refused_recipients_and_bad_fields_are_named() -> Result<()> {
    let stack = MailStack::full()?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", "bob@, ok@example.test"),
                ("cc", "carol"),
                ("subject", "x"),
                ("body", "y"),
                ("action", "send"),
            ],
            vec![],
        ),
    )
    .await?;
    assert_eq!(
        page.testid_text("compose-error-to").as_deref(),
        Some("“bob@” is not an email address.")
    );
    assert_eq!(
        page.testid_text("compose-error-cc").as_deref(),
        Some("“carol” is not an email address.")
    );

    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", "refused@example.test"),
                ("cc", BOB),
                ("subject", "x"),
                ("body", "y"),
                ("action", "send"),
            ],
            vec![],
        ),
    )
    .await?;
    let error = page.testid_text("compose-error").context("error")?;
    assert!(error.contains("refused@example.test"), "{error}");
    assert!(error.contains("No such user"), "{error}");
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert!(
        stack.raw_messages(BOB, "INBOX")?.is_empty(),
        "nothing goes out when one recipient is refused"
    );

    // Header injection through the subject (a browser cannot type it; a forged post can).
    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", BOB),
                ("subject", "Hi\r\nBcc: evil@example.test"),
                ("body", "y"),
                ("action", "send"),
            ],
            vec![],
        ),
    )
    .await?;
    assert_eq!(
        page.testid_text("compose-error-subject").as_deref(),
        Some("Line breaks are not allowed here.")
    );
    std::thread::sleep(std::time::Duration::from_secs(1));
    assert!(stack.raw_messages(BOB, "INBOX")?.is_empty());
    Ok(())
}

#[tokio::test]
async fn drafts_are_replaced_resumed_and_removed_on_send() -> Result<()> {
    let stack = MailStack::full()?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    let saved = post(
        &postern,
        &browser,
        form(
            &[
                ("to", BOB),
                ("subject", "Draft one"),
                ("body", "first"),
                ("action", "save"),
            ],
            vec![("a.txt", "text/plain", b"A".to_vec())],
        ),
    )
    .await?;
    assert_eq!(saved.testid_text("notice").as_deref(), Some("Draft saved."));
    assert_eq!(stack.raw_messages(ALICE, "Drafts")?.len(), 1);
    let draft = saved.field("draft");
    assert!(!draft.is_empty());
    let second = post(
        &postern,
        &browser,
        form(
            &[
                ("to", BOB),
                ("subject", "Draft two"),
                ("body", "second"),
                ("draft", &draft),
                ("keep", "draft:2"),
                ("action", "save"),
            ],
            vec![("b.txt", "text/plain", b"B".to_vec())],
        ),
    )
    .await?;
    assert_eq!(
        stack.raw_messages(ALICE, "Drafts")?.len(),
        1,
        "replaced, not piled up"
    );
    assert_eq!(second.field("subject"), "Draft two");
    assert_eq!(
        second.testid_attributes("compose-attachment", "filename"),
        vec!["a.txt", "b.txt"]
    );
    // Untick a.txt and send.
    let draft = second.field("draft");
    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", BOB),
                ("subject", "Draft two"),
                ("body", "second"),
                ("draft", &draft),
                ("keep", "draft:3"),
                ("action", "send"),
            ],
            vec![],
        ),
    )
    .await?;
    assert_eq!(
        page.testid_text("compose-sent").as_deref(),
        Some("Message sent.")
    );
    assert!(
        stack.raw_messages(ALICE, "Drafts")?.is_empty(),
        "the draft is removed once sent"
    );
    let bob = stack.wait_for_messages(BOB, "INBOX", 1)?;
    let received = MessageParser::default().parse(&bob[0]).context("parse")?;
    assert_eq!(received.attachment_count(), 1);
    assert_eq!(
        received.attachment(0).and_then(|a| a.attachment_name()),
        Some("b.txt")
    );
    Ok(())
}

#[tokio::test]
async fn attachments_over_the_limit_are_refused_by_name() -> Result<()> {
    let stack = MailStack::full()?;
    let mut env = stack.postern_env();
    env.push(("POSTERN_ATTACHMENT_LIMIT_MB".into(), "1".into()));
    let (postern, browser) = logged_in(&stack, env).await?;
    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", BOB),
                ("subject", "big"),
                ("body", "text stays"),
                ("action", "send"),
            ],
            vec![("big.bin", "application/octet-stream", vec![7u8; 900_000])],
        ),
    )
    .await?;
    let error = page
        .testid_text("compose-error-attach")
        .context("attach error")?;
    assert!(
        error.contains("big.bin") && error.contains("1 MB"),
        "{error}"
    );
    assert_eq!(page.field("body"), "text stays");
    assert!(stack.raw_messages(BOB, "INBOX")?.is_empty());
    Ok(())
}

#[tokio::test]
async fn sends_over_implicit_tls_and_port_26_with_a_pinned_certificate() -> Result<()> {
    let stack = MailStack::full()?;
    let pin = stack.cert_fingerprint()?;
    for smtp in [
        format!("smtps://127.0.0.1:{}", stack.port("SMTPS_PORT")),
        format!("smtp://127.0.0.1:{}", stack.port("SUBMISSION26_PORT")),
    ] {
        let env = vec![
            ("POSTERN_IMAP".to_string(), stack.imaps_url("127.0.0.1")),
            ("POSTERN_SMTP".to_string(), smtp.clone()),
            (
                "POSTERN_ALLOWED_DOMAINS".to_string(),
                "example.test".to_string(),
            ),
            ("POSTERN_TLS_PIN_SHA256".to_string(), pin.clone()),
            ("POSTERN_TIMEOUT_SECONDS".to_string(), "10".to_string()),
        ];
        let (postern, browser) = logged_in(&stack, env).await?;
        let page = post(
            &postern,
            &browser,
            form(
                &[
                    ("to", BOB),
                    ("subject", smtp.as_str()),
                    ("body", "pinned"),
                    ("action", "send"),
                ],
                vec![],
            ),
        )
        .await?;
        assert_eq!(
            page.testid_text("compose-sent").as_deref(),
            Some("Message sent."),
            "{smtp}: {:?}",
            page.testid_text("compose-error")
        );
    }
    stack.wait_for_messages(BOB, "INBOX", 2)?;
    Ok(())
}

#[tokio::test]
async fn a_submission_port_that_cannot_secure_the_link_sends_nothing() -> Result<()> {
    let stack = MailStack::full()?;
    // STARTTLS expected where the server speaks TLS straight away: no greeting, no STARTTLS;
    // Postern never falls back to plain SMTP.
    let mut env = stack.postern_env();
    env.retain(|(k, _)| k != "POSTERN_SMTP");
    env.push((
        "POSTERN_SMTP".to_string(),
        format!("smtp://127.0.0.1:{}", stack.port("SMTPS_PORT")),
    ));
    env.push(("POSTERN_TIMEOUT_SECONDS".to_string(), "2".to_string()));
    let (postern, browser) = logged_in(&stack, env).await?;
    let page = post(
        &postern,
        &browser,
        form(
            &[
                ("to", BOB),
                ("subject", "never in clear"),
                ("body", "x"),
                ("action", "send"),
            ],
            vec![],
        ),
    )
    .await?;
    let error = page.testid_text("compose-error").context("error shown")?;
    assert!(error.contains("saved as a draft"), "{error}");
    assert!(stack.raw_messages(BOB, "INBOX")?.is_empty());
    assert_eq!(stack.raw_messages(ALICE, "Drafts")?.len(), 1);
    Ok(())
}

/// A double click, Back and resubmit, a retry: the same form posted twice at once, then again
/// later, sends one message — one in bob's mailbox, one copy in Sent — and every answer says
/// it was sent.
#[tokio::test]
async fn the_same_form_posted_twice_sends_once() -> Result<()> {
    let stack = MailStack::full()?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    let compose = Page::get(&browser, &postern.url("/mail/compose")).await?;
    let token = compose.field("send_token");
    assert!(
        token.len() >= 16,
        "the form carries a one-time token: {token:?}"
    );
    let fields = [
        ("to", BOB),
        ("subject", "Only once"),
        ("body", "Clicked twice."),
        ("send_token", token.as_str()),
        ("action", "send"),
    ];
    let (first, second) = tokio::join!(
        post(&postern, &browser, form(&fields, Vec::new())),
        post(&postern, &browser, form(&fields, Vec::new()))
    );
    // Both answers say "Message sent." — kept for the next page of this session, so when the
    // two pages after them load at the same moment one may take the notice of both (a browser
    // shows only the page of the last click anyway). Never another answer.
    let mut told = 0;
    for page in [first?, second?] {
        assert_eq!(page.path, "/mail");
        assert_eq!(page.testid_text("notice"), None, "no other answer");
        assert_eq!(page.testid_text("mail-error"), None);
        if page.testid_text("compose-sent").as_deref() == Some("Message sent.") {
            told += 1;
        }
    }
    assert!(told >= 1, "the double click was told it was sent");
    let again = post(&postern, &browser, form(&fields, Vec::new())).await?;
    assert_eq!(
        again.testid_text("compose-sent").as_deref(),
        Some("Message sent."),
        "Back and resubmit: answered as the first time"
    );
    stack.wait_for_messages(BOB, "INBOX", 1)?;
    // Anything sent twice would have arrived by now.
    std::thread::sleep(std::time::Duration::from_secs(2));
    assert_eq!(stack.raw_messages(BOB, "INBOX")?.len(), 1, "delivered once");
    assert_eq!(
        stack.raw_messages(ALICE, "Sent")?.len(),
        1,
        "one copy in Sent"
    );

    // A new form has a new token: it sends.
    let compose = Page::get(&browser, &postern.url("/mail/compose")).await?;
    assert_ne!(compose.field("send_token"), token);
    Ok(())
}

#[tokio::test]
async fn a_message_posted_after_the_session_ended_is_back_after_login() -> Result<()> {
    let stack = MailStack::full()?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    let compose = Page::get(&browser, &postern.url("/mail/compose")).await?;
    let token = compose.field("send_token");
    // Logged out in another tab (the same browser's cookies): this form's session is gone.
    browser.post(postern.url("/logout")).send().await?;
    let subject = "Written before the session ended";
    let fields = [
        ("to", BOB),
        ("subject", subject),
        ("body", "Every word\nis kept."),
        ("send_token", token.as_str()),
        ("account", ALICE),
        ("action", "send"),
    ];
    assert_eq!(
        compose.field("account"),
        ALICE,
        "the form names its account"
    );
    let plan = ("plan.pdf", "application/pdf", b"%PDF-1.4 plan".to_vec());
    let page = post(&postern, &browser, form(&fields, vec![plan])).await?;
    assert_eq!(page.path, "/login", "the login page, not an error");
    let note = page.testid_text("login-resume").unwrap_or_default();
    assert!(note.contains("everything you typed is kept"), "{note}");
    assert!(
        !page.html.contains(subject),
        "what the message says is not shown before the login"
    );
    assert_eq!(page.field("email"), ALICE, "the address it was written as");
    assert!(
        stack.raw_messages(BOB, "INBOX")?.is_empty(),
        "nothing was sent without a session"
    );

    // A mistyped password first: the message still waits.
    let wrong = postern.login(&browser, ALICE, "not the password").await?;
    assert_eq!(wrong.path, "/login");
    assert!(wrong.testid_text("login-resume").is_some());

    let back = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(back.path, "/mail/compose", "back in the compose form");
    assert_eq!(back.field("to"), BOB);
    assert_eq!(back.field("subject"), subject);
    assert_eq!(back.field("body"), "Every word\nis kept.");
    assert_eq!(
        back.field("send_token"),
        token,
        "the same form: it sends once"
    );
    let attach = back.testid_text("compose-error-attach").unwrap_or_default();
    assert!(attach.contains("plan.pdf"), "{attach}");

    let sent = post(&postern, &browser, form(&fields, Vec::new())).await?;
    assert_eq!(
        sent.testid_text("compose-sent").as_deref(),
        Some("Message sent.")
    );
    let delivered = stack.wait_for_messages(BOB, "INBOX", 1)?;
    let text = String::from_utf8_lossy(&delivered[0]);
    assert!(text.contains(subject) && text.contains("is kept."));
    // Picked up once: the login page no longer mentions it.
    browser.post(postern.url("/logout")).send().await?;
    let login = Page::get(&browser, &postern.url("/login")).await?;
    assert_eq!(login.testid_text("login-resume"), None);

    // A shared computer: a form left by Alice does not open for Bob.
    let compose = {
        postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
        Page::get(&browser, &postern.url("/mail/compose")).await?
    };
    browser.post(postern.url("/logout")).send().await?;
    let token = compose.field("send_token");
    let private = [
        ("to", BOB),
        ("subject", "Alice's private note"),
        ("body", "Not for the next person at this computer."),
        ("send_token", token.as_str()),
        ("account", ALICE),
        ("action", "send"),
    ];
    let page = post(&postern, &browser, form(&private, Vec::new())).await?;
    assert!(page.testid_text("login-resume").is_some());
    let bob = postern.login(&browser, BOB, BOB_PASSWORD).await?;
    assert_eq!(
        bob.path, "/mail",
        "Bob lands in his Inbox, not in Alice's form"
    );
    assert!(!bob.html.contains("private note"));
    Ok(())
}

/// Posts a compose form as the page's script saves it by itself: "Save draft", `autosave=1`,
/// no files; `header` as the timed save sends it (a beacon cannot).
async fn autosave(
    postern: &Postern,
    browser: &reqwest::Client,
    fields: &[(&str, &str)],
    header: bool,
) -> Result<(u16, String)> {
    let mut all = fields.to_vec();
    all.extend([("action", "save"), ("autosave", "1")]);
    let mut request = browser
        .post(postern.url("/mail/compose"))
        .multipart(form(&all, Vec::new()));
    if header {
        request = request.header("X-Postern-Autosave", "1");
    }
    let response = request.send().await?;
    Ok((response.status().as_u16(), response.text().await?))
}

#[tokio::test]
async fn drafts_saved_by_the_page_replace_their_earlier_versions() -> Result<()> {
    let stack = MailStack::full()?;
    let (postern, browser) = logged_in(&stack, stack.postern_env()).await?;
    let compose = Page::get(&browser, &postern.url("/mail/compose")).await?;
    let token = compose.field("send_token");
    let first = [
        ("to", BOB),
        ("subject", "Saved by itself"),
        ("body", "First words"),
        ("send_token", token.as_str()),
    ];
    let (status, place) = autosave(&postern, &browser, &first, true).await?;
    assert_eq!(status, 200);
    assert!(place.contains("Drafts"), "the draft's place: {place:?}");
    assert_eq!(stack.raw_messages(ALICE, "Drafts")?.len(), 1);

    // The next save names the draft it replaces: still one copy, with the new text.
    let second = [
        ("to", BOB),
        ("subject", "Saved by itself"),
        ("body", "First words, then more"),
        ("send_token", token.as_str()),
        ("draft", place.as_str()),
    ];
    let (status, newer) = autosave(&postern, &browser, &second, true).await?;
    assert_eq!(status, 200);
    assert_ne!(newer, place);
    let drafts = stack.raw_messages(ALICE, "Drafts")?;
    assert_eq!(drafts.len(), 1, "replaced by UID");
    assert!(String::from_utf8_lossy(&drafts[0]).contains("then more"));

    // A save as the page is left (a beacon) that crosses with a timed one: both name the same
    // old version, or none. Still one copy.
    let third = [
        ("to", BOB),
        ("subject", "Saved by itself"),
        ("body", "The last words"),
        ("send_token", token.as_str()),
    ];
    let (a, b) = tokio::join!(
        autosave(&postern, &browser, &third, true),
        autosave(&postern, &browser, &third, false)
    );
    assert_eq!((a?.0, b?.0), (200, 200));
    let drafts = stack.raw_messages(ALICE, "Drafts")?;
    assert_eq!(drafts.len(), 1, "never a second copy");
    assert!(String::from_utf8_lossy(&drafts[0]).contains("The last words"));

    // Nothing was kept for a next page: the compose form opens empty.
    let fresh = Page::get(&browser, &postern.url("/mail/compose")).await?;
    assert_eq!(fresh.testid_text("compose-error"), None);
    assert_eq!(fresh.field("subject"), "");

    // Without a session, a timed save is refused (the page keeps the text and tries later).
    browser.post(postern.url("/logout")).send().await?;
    let (status, _) = autosave(&postern, &browser, &third, true).await?;
    assert_eq!(status, 401);
    Ok(())
}
