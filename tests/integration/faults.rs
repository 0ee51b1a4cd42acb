//! Faults during a request, on the real stack with a link in between that the test makes slow
//! or cuts (`tests/common/proxy.rs`): a cut in the middle of a large message, an attachment
//! or an mbox export never shows or delivers a truncated copy as if it were whole, and the next
//! click works; a slow server gives a clear error, and Postern recovers once it is fast again.

use std::time::Duration;

use anyhow::Result;
use postern_tests::proxy::FaultyLink;
use postern_tests::{ALICE, ALICE_PASSWORD, MailStack, Page, Postern, base64_lines};

/// A message of about 2 MB: a text of many lines ending in a marker, and a 1.5 MB attachment.
fn large_message() -> (Vec<u8>, Vec<u8>) {
    let attachment: Vec<u8> = (0..1_500_000u32).map(|i| (i % 251) as u8).collect();
    let mut text = String::new();
    for i in 0..8_000 {
        text.push_str(&format!(
            "Line {i} of a long report, written to be read to its end.\r\n"
        ));
    }
    text.push_str("THE END OF THE REPORT\r\n");
    let message = format!(
        "From: Reporter <reporter@example.org>\r\nTo: {ALICE}\r\nSubject: Long report\r\n\
         Date: Mon, 30 Nov 2026 10:00:00 +0000\r\nMessage-ID: <long@example.org>\r\n\
         MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\n{text}--b\r\n\
         Content-Type: application/octet-stream; name=data.bin\r\n\
         Content-Disposition: attachment; filename=data.bin\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}--b--\r\n",
        base64_lines(&attachment)
    );
    (message.into_bytes(), attachment)
}

async fn through_link(stack: &MailStack, link: &FaultyLink, timeout: u64) -> Result<Postern> {
    let mut env = stack.postern_env();
    for (name, value) in env.iter_mut() {
        match name.as_str() {
            "POSTERN_IMAP" => *value = format!("imaps://127.0.0.1:{}", link.port),
            "POSTERN_TIMEOUT_SECONDS" => *value = timeout.to_string(),
            _ => {}
        }
    }
    Postern::start(env).await
}

/// A download's outcome as a browser sees it: the bytes only if it ended as complete.
async fn fetch(browser: &reqwest::Client, url: &str) -> Result<(u16, Result<Vec<u8>, String>)> {
    let response = browser.get(url).send().await?;
    let status = response.status().as_u16();
    let body = response
        .bytes()
        .await
        .map(|b| b.to_vec())
        .map_err(|e| e.to_string());
    Ok((status, body))
}

/// What the browser got, for the log of the test.
fn outcome(body: &Result<Vec<u8>, String>) -> String {
    match body {
        Ok(bytes) => format!("{} bytes, ended as complete", bytes.len()),
        Err(error) => format!("failed: {error}"),
    }
}

#[tokio::test]
async fn a_cut_in_the_middle_never_passes_for_a_whole_message_or_download() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let (message, attachment) = large_message();
    stack.put_message(ALICE, "Reports", &message)?;
    let link = FaultyLink::start(stack.port("IMAPS_PORT")).await?;
    let postern = through_link(&stack, &link, 10).await?;
    let browser = postern.browser();
    let landed = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(landed.path, "/mail");
    let folder = Page::get(&browser, &postern.url("/mail?folder=Reports")).await?;
    assert!(folder.html.contains("Long report"));
    let base = "folder=Reports&uid=1";

    // The message page: cut 100 KB into its text. Either the whole text (read again on a new
    // connection) or an error — never a page that ends early as if the report ended there.
    link.cut_after(100_000);
    let page = Page::get(&browser, &postern.url(&format!("/mail/message?{base}"))).await?;
    let whole = page.html.contains("THE END OF THE REPORT");
    eprintln!("message cut: status {}, whole: {whole}", page.status);
    let error = page.status >= 400 || page.html.contains("data-testid=\"mail-error\"");
    assert!(
        whole || error,
        "a truncated message shown as whole (status {})",
        page.status
    );
    assert_eq!(link.cuts(), 1, "the link was cut");

    // The attachment: cut 300 KB in. A browser must see the download fail.
    let part = page
        .html
        .split("href=\"")
        .find(|s| s.starts_with("/mail/part?"))
        .and_then(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .expect("the attachment's link");
    let (status, body) = fetch(&browser, &postern.url(&part)).await?;
    assert_eq!(status, 200);
    assert_eq!(
        body.as_deref().ok(),
        Some(attachment.as_slice()),
        "whole when nothing is cut"
    );
    link.cut_after(300_000);
    let (status, body) = fetch(&browser, &postern.url(&part)).await?;
    eprintln!("attachment cut: status {status}, {}", outcome(&body));
    // Either the download fails visibly, or it is the whole file (read again on a new
    // connection): never a part of it that ends as if complete.
    if let Ok(bytes) = body {
        assert!(
            status != 200 || bytes == attachment,
            "a truncated attachment ({} of {} bytes) delivered as complete",
            bytes.len(),
            attachment.len()
        );
    }
    assert_eq!(link.cuts(), 2);

    // The mbox export: the whole of it first, then cut 500 KB in.
    let export = postern.url("/mail/export?folder=Reports");
    let (status, whole) = fetch(&browser, &export).await?;
    assert_eq!(status, 200);
    let whole = whole.map_err(anyhow::Error::msg)?;
    assert!(whole.len() > message.len() / 2);
    link.cut_after(500_000);
    let (status, body) = fetch(&browser, &export).await?;
    eprintln!("export cut: status {status}, {}", outcome(&body));
    if let Ok(bytes) = body {
        assert!(
            status != 200 || bytes == whole,
            "a truncated mbox ({} of {} bytes) delivered as complete",
            bytes.len(),
            whole.len()
        );
    }
    assert_eq!(link.cuts(), 3);

    // Cut again on the reconnection too: now the download cannot be completed, and the
    // browser must see it fail — not a shorter file.
    let cuts = link.cuts();
    link.cut_times(300_000, 2);
    let (status, body) = fetch(&browser, &postern.url(&part)).await?;
    eprintln!("attachment cut twice: status {status}, {}", outcome(&body));
    assert!(
        body.is_err() || status != 200,
        "a cut attachment passed for complete"
    );
    assert_eq!(link.cuts(), cuts + 2);
    link.cut_times(500_000, 2);
    let (status, body) = fetch(&browser, &export).await?;
    eprintln!("export cut twice: status {status}, {}", outcome(&body));
    assert!(
        body.is_err() || status != 200,
        "a cut mbox passed for complete"
    );
    link.cut_times(100_000, 2);
    let page = Page::get(&browser, &postern.url(&format!("/mail/message?{base}"))).await?;
    eprintln!("message cut twice: status {}", page.status);
    assert!(
        !page.html.contains("Line 7999") || page.html.contains("THE END OF THE REPORT"),
        "a message cut short shown as if whole"
    );
    assert!(
        page.html.contains("THE END OF THE REPORT") || page.html.contains("try again"),
        "neither the message nor a clear error: {}",
        page.html.chars().take(300).collect::<String>()
    );

    // And the next click works: a new connection, the same session.
    let again = Page::get(&browser, &postern.url(&format!("/mail/message?{base}"))).await?;
    assert_eq!(again.status, 200);
    assert!(again.html.contains("THE END OF THE REPORT"));
    let (status, body) = fetch(&browser, &postern.url(&part)).await?;
    assert_eq!((status, body.ok()), (200, Some(attachment)));
    Ok(())
}

#[tokio::test]
async fn a_slow_server_gets_a_clear_error_and_then_works_again() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let link = FaultyLink::start(stack.port("IMAPS_PORT")).await?;
    let postern = through_link(&stack, &link, 3).await?;
    let browser = postern.browser();
    // Slow (100 ms a chunk each way) but within the limits: everything works.
    link.slow(Duration::from_millis(100));
    let landed = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(landed.path, "/mail");
    assert!(landed.html.contains("data-testid=\"message-row\""));

    // Slower than POSTERN_TIMEOUT_SECONDS: a page that says so, never a blank one.
    link.slow(Duration::from_secs(4));
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    assert!(
        page.html.contains("did not answer in time"),
        "status {}: {}",
        page.status,
        page.html.chars().take(400).collect::<String>()
    );

    // Fast again: the next click works, still logged in.
    link.slow(Duration::ZERO);
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(page.path, "/mail");
    assert!(page.html.contains("data-testid=\"message-row\""));
    Ok(())
}

/// What one person did and what they were told.
#[derive(Default)]
struct Told {
    moved: usize,
    not_moved: usize,
    sent: usize,
    not_sent: usize,
    /// Subjects of the messages told not sent.
    not_sent_subjects: Vec<String>,
    /// Answers that were neither the page asked for nor a clear message.
    unclear: Vec<String>,
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_load_through_dovecot_restarts_nothing_is_lost_or_doubled() -> Result<()> {
    const PEOPLE: usize = 6;
    let stack = MailStack::full()?;
    stack.seed_demo(ALICE)?;
    let postern = Postern::start(stack.postern_env()).await?;
    let mut browsers = Vec::new();
    for _ in 0..PEOPLE {
        let browser = postern.browser();
        let landed = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
        assert_eq!(landed.path, "/mail");
        browsers.push(browser);
    }
    let inbox = Page::get(&browsers[0], &postern.url("/mail")).await?;
    let v = inbox
        .testid_attributes("message-list", "uid-validity")
        .first()
        .cloned()
        .unwrap_or_default();
    let uids = inbox.testid_attributes("select-message", "uid");
    let total = uids.len();
    assert!(total >= 20, "{total} messages");
    let archived_before = stack.raw_messages(ALICE, "Archive")?.len();
    let sent_before = stack.raw_messages(ALICE, "Sent")?.len();

    let postern = std::sync::Arc::new(postern);
    let mut workers = Vec::new();
    for (k, browser) in browsers.into_iter().enumerate() {
        let mine: Vec<String> = uids.iter().skip(k).step_by(PEOPLE).cloned().collect();
        let (postern, v) = (postern.clone(), v.clone());
        workers.push(tokio::spawn(async move {
            let mut told = Told::default();
            for (i, uid) in mine.iter().enumerate() {
                let fields = [
                    ("folder", "INBOX"),
                    ("uid", uid.as_str()),
                    ("v", v.as_str()),
                    ("action", "move"),
                    ("target", "Archive"),
                ];
                match postern_tests::act(&postern, &browser, &fields).await {
                    Ok(page) => match page.testid_text("notice").as_deref() {
                        Some("Moved to Archive.") => told.moved += 1,
                        Some(other) if !other.is_empty() => told.not_moved += 1,
                        _ => told.unclear.push(format!("move: status {}", page.status)),
                    },
                    Err(error) => told.unclear.push(format!("move: {error}")),
                }
                if i % 2 == 0 {
                    let compose = Page::get(&browser, &postern.url("/mail/compose")).await;
                    let Ok(compose) = compose else {
                        told.unclear.push("compose page".into());
                        continue;
                    };
                    let token = compose
                        .html
                        .split("name=\"send_token\" value=\"")
                        .nth(1)
                        .and_then(|s| s.split('"').next())
                        .unwrap_or_default()
                        .to_string();
                    let form = reqwest::multipart::Form::new()
                        .text("to", postern_tests::BOB)
                        .text("subject", format!("Under load {k}-{i}"))
                        .text("body", "Sent while the server restarts.")
                        .text("send_token", token)
                        .text("action", "send")
                        .part(
                            "attach",
                            reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
                        );
                    let answer = browser
                        .post(postern.url("/mail/compose"))
                        .multipart(form)
                        .send()
                        .await;
                    match answer {
                        Ok(response) => match Page::from(response).await {
                            Ok(page) if page.testid_text("compose-sent").is_some() => {
                                told.sent += 1
                            }
                            Ok(page) if page.testid_text("compose-error").is_some() => {
                                told.not_sent += 1;
                                told.not_sent_subjects.push(format!("Under load {k}-{i}"));
                            }
                            Ok(page) => told.unclear.push(format!("send: status {}", page.status)),
                            Err(error) => told.unclear.push(format!("send: {error}")),
                        },
                        Err(error) => told.unclear.push(format!("send: {error}")),
                    }
                }
            }
            told
        }));
    }
    // Dovecot restarts twice while they work (every IMAP connection drops; SMTP AUTH, which
    // Postfix asks of Dovecot, fails meanwhile).
    for _ in 0..2 {
        tokio::time::sleep(Duration::from_millis(400)).await;
        stack.restart_imap()?;
    }
    let mut all = Told::default();
    for worker in workers {
        let told = worker.await?;
        all.moved += told.moved;
        all.not_moved += told.not_moved;
        all.sent += told.sent;
        all.not_sent += told.not_sent;
        all.not_sent_subjects.extend(told.not_sent_subjects);
        all.unclear.extend(told.unclear);
    }
    eprintln!(
        "under load: {} moves told done, {} told not done; {} sends told sent, {} told not sent; \
         {} unclear answers",
        all.moved,
        all.not_moved,
        all.sent,
        all.not_sent,
        all.unclear.len()
    );
    assert!(
        all.unclear.is_empty(),
        "answers that said nothing clear: {:?}",
        all.unclear
    );
    assert_eq!(all.moved + all.not_moved, total, "every move was answered");

    // What the server holds agrees with what people were told: nothing lost, nothing twice.
    let in_inbox = stack.raw_messages(ALICE, "INBOX")?.len();
    let archived = stack.raw_messages(ALICE, "Archive")?.len() - archived_before;
    assert_eq!(
        archived, all.moved,
        "a move told done happened, one told not done did not"
    );
    assert_eq!(in_inbox + archived, total, "no message lost or doubled");
    // Deliveries that met Dovecot down wait in Postfix's queue (accepted: "sent" was true).
    stack.flush_queue()?;
    if all.sent > 0 {
        stack.wait_for_messages(postern_tests::BOB, "INBOX", all.sent)?;
    }
    std::thread::sleep(Duration::from_secs(2));
    // Per subject: the submissions Postfix accepted (its queue id, in the Received line of the
    // authenticated hop) and the copies delivered. A copy delivered twice from one submission
    // is the mail system's at-least-once delivery (an LMTP delivery cut by the restart and
    // tried again), not a second send.
    let mut submissions: std::collections::BTreeMap<String, std::collections::BTreeSet<String>> =
        Default::default();
    let mut copies = 0;
    for raw in stack.raw_messages(postern_tests::BOB, "INBOX")? {
        copies += 1;
        let text = String::from_utf8_lossy(&raw).into_owned();

        let subject = text
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default()
            .trim()
            .to_string();
        let unfolded = text
            .replace("\r\n", "\n")
            .replace("\n\t", " ")
            .replace("\n ", " ");
        let queue_id = unfolded
            .lines()
            .filter(|l| l.starts_with("Received:") && l.contains("ESMTPSA"))
            .find_map(|l| l.split(" id ").nth(1))
            .and_then(|rest| rest.split([' ', ';']).next())
            .unwrap_or("unknown")
            .to_string();
        submissions.entry(subject).or_default().insert(queue_id);
    }
    eprintln!(
        "delivered: {copies} copies of {} messages; told not sent: {:?}",
        submissions.len(),
        all.not_sent_subjects
    );
    for subject in &all.not_sent_subjects {
        assert!(
            !submissions.contains_key(subject),
            "told not sent, yet delivered: {subject}"
        );
    }
    assert_eq!(
        submissions.len(),
        all.sent,
        "each message told sent arrived"
    );
    for (subject, ids) in &submissions {
        assert!(!ids.contains("unknown"), "no submission id in {subject}");
        assert_eq!(
            ids.len(),
            1,
            "{subject} was submitted more than once: {ids:?}"
        );
    }
    let sent_copies = stack.raw_messages(ALICE, "Sent")?.len() - sent_before;
    assert!(
        sent_copies <= all.sent,
        "{sent_copies} Sent copies for {} sends",
        all.sent
    );
    Ok(())
}
