//! Faults during a request, on the real stack with a link in between that the test makes slow
//! or cuts (`tests/common/proxy.rs`): a cut in the middle of a large message, an attachment
//! or an mbox export never shows or delivers a truncated copy as if it were whole, and the next
//! click works; a slow server gives a clear error, and Postern recovers once it is fast again.

use std::time::{Duration, Instant};

use anyhow::Result;
use postern_tests::cluster::{Cluster, Instance};
use postern_tests::load::{Account, Crowd, Fault};
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

/// The link of the first attachment on a message page.
fn attachment_link(page: &Page) -> String {
    page.html
        .split("href=\"")
        .find(|s| s.starts_with("/mail/part?"))
        .and_then(|s| s.split('"').next())
        .map(|s| s.replace("&amp;", "&"))
        .expect("the attachment's link")
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
    let part = attachment_link(&page);
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
    postern_tests::load::record_row(
        "5-cut",
        "| the IMAP link cut in the middle of a 2 MB message, of its 1.5 MB attachment, of the folder's mbox export (once, then on the retry too) | one session | cut once: the whole message / file (read again on a new connection); cut twice: the download fails in the browser, the page says “try again” | 0 (never a shorter file or page that looks complete) | 0 | the next click |\n",
    );
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

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_load_a_slow_imap_link_loses_nothing() -> Result<()> {
    let _turn = ONE_CROWD.lock().await;
    let stack = crowd_stack()?;
    let link = std::sync::Arc::new(FaultyLink::start(stack.port("IMAPS_PORT")).await?);
    let postern = through_link(&stack, &link, 3).await?;
    let mut crowd = crowd(postern.url(""));
    crowd.run_for = Duration::from_secs(16);
    let slowing = link.clone();
    let report = crowd
        .run(&stack, async move {
            // Slow but within the time limit, then slower than it, then fast again.
            tokio::time::sleep(Duration::from_secs(3)).await;
            slowing.slow(Duration::from_millis(300));
            let began = Instant::now();
            tokio::time::sleep(Duration::from_secs(4)).await;
            slowing.slow(Duration::from_secs(4));
            tokio::time::sleep(Duration::from_secs(6)).await;
            slowing.slow(Duration::ZERO);
            Ok(Fault {
                began,
                ended: Instant::now(),
            })
        })
        .await?;
    report.record(
        "4-slow",
        "the IMAP link slow (300 ms a chunk for 4 s), then slower than POSTERN_TIMEOUT_SECONDS=3 (4 s a chunk for 6 s)",
    );
    report.assert_clean();
    Ok(())
}

const DORA: &str = "dora@example.test";
const DORA_PASSWORD: &str = "dora's \"other\" secret";

/// Sixteen people of two accounts (Alice's demo mail; Dora's own 24 messages) on a full stack.
fn crowd_stack() -> Result<MailStack> {
    let stack = MailStack::full()?;
    stack.seed_demo(ALICE)?;
    stack.add_user(DORA, DORA_PASSWORD)?;
    stack.seed_bulk_own(DORA, 24)?;
    Ok(stack)
}

fn crowd(base: String) -> Crowd {
    let accounts = vec![
        Account {
            address: ALICE,
            password: ALICE_PASSWORD,
        },
        Account {
            address: DORA,
            password: DORA_PASSWORD,
        },
    ];
    Crowd::new(base, accounts, 8)
}

/// The crowds take turns (each is 16 people on a 2-core machine); other tests go on meanwhile.
static ONE_CROWD: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// Runs `blocking` (a server stopped or started by script) off the runtime's workers.
async fn blocking(work: impl FnOnce() -> Result<()> + Send + 'static) -> Result<()> {
    tokio::task::spawn_blocking(work).await?
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_load_through_dovecot_restarts_nothing_is_lost_or_doubled() -> Result<()> {
    let _turn = ONE_CROWD.lock().await;
    let stack = std::sync::Arc::new(crowd_stack()?);
    let postern = Postern::start(stack.postern_env()).await?;
    let crowd = crowd(postern.url(""));
    let restarts = stack.clone();
    let report = crowd
        .run(&stack, async move {
            let began = Instant::now();
            for _ in 0..2 {
                tokio::time::sleep(Duration::from_secs(3)).await;
                let stack = restarts.clone();
                blocking(move || stack.restart_imap()).await?;
            }
            Ok(Fault {
                began,
                ended: Instant::now(),
            })
        })
        .await?;
    report.record("1-dovecot-restarted", "Dovecot restarted twice, 3 s apart");
    report.assert_clean();
    assert!(report.moves >= 40, "{} moves", report.moves);
    Ok(())
}

/// The crowd on a full stack while one server is down for 30 s (`stop`, then `start`).
async fn down_for_30_s(
    stop: fn(&MailStack) -> Result<()>,
    start: fn(&MailStack) -> Result<()>,
) -> Result<postern_tests::load::Report> {
    let _turn = ONE_CROWD.lock().await;
    let stack = std::sync::Arc::new(crowd_stack()?);
    let postern = Postern::start(stack.postern_env()).await?;
    let mut crowd = crowd(postern.url(""));
    crowd.run_for = Duration::from_secs(40);
    crowd.send_every = Duration::from_secs(5);
    let servers = stack.clone();
    crowd
        .run(&stack, async move {
            tokio::time::sleep(Duration::from_secs(4)).await;
            let stack = servers.clone();
            blocking(move || stop(&stack)).await?;
            let began = Instant::now();
            tokio::time::sleep(Duration::from_secs(30)).await;
            let stack = servers.clone();
            blocking(move || start(&stack)).await?;
            Ok(Fault {
                began,
                ended: Instant::now(),
            })
        })
        .await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_load_dovecot_down_for_30_s_loses_nothing() -> Result<()> {
    let report = down_for_30_s(MailStack::stop_imap, MailStack::start_imap).await?;
    report.record("2-dovecot-down", "Dovecot down for 30 s, then back");
    report.assert_clean();
    assert!(report.failed > 0, "the fault was felt");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_load_postfix_down_for_30_s_loses_nothing() -> Result<()> {
    let report = down_for_30_s(MailStack::stop_smtp, MailStack::start_smtp).await?;
    report.record(
        "3-postfix-down",
        "Postfix (submission) down for 30 s, then back",
    );
    report.assert_clean();
    assert!(
        report
            .messages
            .keys()
            .any(|m| m.contains("saved as a draft")),
        "the sends were told: {:?}",
        report.messages
    );
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_load_postern_restarted_with_the_memory_store_loses_nothing() -> Result<()> {
    let _turn = ONE_CROWD.lock().await;
    let stack = crowd_stack()?;
    let logs = tempfile::Builder::new().prefix("postern-logs-").tempdir()?;
    let instance = std::sync::Arc::new(tokio::sync::Mutex::new(Instance::start(
        stack.postern_env(),
        logs.path(),
    )?));
    let base = instance.lock().await.url("");
    let mut crowd = crowd(base);
    crowd.run_for = Duration::from_secs(12);
    let restarting = instance.clone();
    let report = crowd
        .run(&stack, async move {
            tokio::time::sleep(Duration::from_secs(4)).await;
            let began = Instant::now();
            let mut instance = restarting.lock_owned().await;
            // As an operator's restart would: SIGTERM (requests in flight finish), start again.
            tokio::task::spawn_blocking(move || -> Result<()> {
                let status = instance.terminate()?;
                assert!(status.success(), "postern exited with {status}");
                instance.restart()
            })
            .await??;
            Ok(Fault {
                began,
                ended: Instant::now(),
            })
        })
        .await?;
    report.record(
        "6a-memory-store-restarted",
        "the memory session store restarted (Postern restarted: SIGTERM, start)",
    );
    instance.lock().await.assert_no_panic();
    report.assert_clean();
    assert!(report.logins_again >= 16, "everyone logged in again");
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn under_load_redis_restarted_loses_nothing() -> Result<()> {
    let _turn = ONE_CROWD.lock().await;
    let stack = crowd_stack()?;
    let cluster = std::sync::Arc::new(Cluster::start(&stack, 2, &[])?);
    let mut crowd = crowd(cluster.balancer.url(""));
    crowd.run_for = Duration::from_secs(12);
    let restarting = cluster.clone();
    let report = crowd
        .run(&stack, async move {
            tokio::time::sleep(Duration::from_secs(4)).await;
            let began = Instant::now();
            let cluster = restarting.clone();
            blocking(move || {
                cluster.redis.stop()?;
                cluster.redis.start_again()
            })
            .await?;
            Ok(Fault {
                began,
                ended: Instant::now(),
            })
        })
        .await?;
    report.record(
        "6b-redis-restarted",
        "Redis (sessions, send tokens) restarted, 2 instances behind HAProxy",
    );
    cluster.assert_no_panic();
    report.assert_clean();
    assert_eq!(report.logins_again, 0, "sessions outlive a Redis restart");
    Ok(())
}

/// System calls that change what a file system holds (besides opening a file for writing).
const CHANGES_FILES: &[&str] = &[
    "mkdir",
    "mkdirat",
    "rename",
    "renameat",
    "renameat2",
    "link",
    "linkat",
    "symlink",
    "symlinkat",
    "unlink",
    "unlinkat",
    "rmdir",
    "truncate",
    "ftruncate",
    "mknod",
    "mknodat",
    "chmod",
    "fchmodat",
    "chown",
    "fchownat",
    "lchown",
    "utime",
    "utimes",
    "utimensat",
    "setxattr",
    "lsetxattr",
    "removexattr",
    "lremovexattr",
];

/// The calls of a `strace -ff` trace that wrote to a file system (not /dev, /proc, /sys).
fn disk_writes(trace_dir: &std::path::Path) -> Result<(usize, Vec<String>)> {
    let mut calls = 0;
    let mut writes = Vec::new();
    for entry in std::fs::read_dir(trace_dir)? {
        let path = entry?.path();
        if !path
            .file_name()
            .is_some_and(|n| n.to_string_lossy().starts_with("trace"))
        {
            continue;
        }
        for line in std::fs::read_to_string(&path)?.lines() {
            let Some((name, rest)) = line.split_once('(') else {
                continue;
            };
            calls += 1;
            let failed = rest
                .rsplit_once(") = ")
                .is_some_and(|(_, r)| r.starts_with('-'));
            let target = rest.split('"').nth(1).unwrap_or("");
            let outside = !["/dev/", "/proc/", "/sys/"]
                .iter()
                .any(|p| target.starts_with(p));
            let opens_for_writing = name.starts_with("open") || name == "creat";
            let writing_flags = ["O_WRONLY", "O_RDWR", "O_CREAT", "O_TRUNC", "O_APPEND"]
                .iter()
                .any(|f| rest.contains(f));
            let changes = CHANGES_FILES.contains(&name)
                || name == "creat"
                || (opens_for_writing && writing_flags);
            if changes && !failed && outside {
                writes.push(line.to_string());
            }
        }
    }
    Ok((calls, writes))
}

/// Bytes this process caused to be written to storage, as the kernel counts them.
fn written_bytes(pid: u32) -> Option<u64> {
    std::fs::read_to_string(format!("/proc/{pid}/io"))
        .ok()?
        .lines()
        .find_map(|l| l.strip_prefix("write_bytes: "))?
        .trim()
        .parse()
        .ok()
}

#[tokio::test]
async fn postern_writes_nothing_to_disk() -> Result<()> {
    let usable = std::process::Command::new("strace")
        .args(["-qq", "-o", "/dev/null", "true"])
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        usable,
        "strace must run here (scripts/setup.sh installs it)"
    );
    let stack = MailStack::full()?;
    stack.seed_demo(ALICE)?;
    let (message, attachment) = large_message();
    stack.put_message(ALICE, "Reports", &message)?;
    let dir = tempfile::Builder::new()
        .prefix("postern-trace-")
        .tempdir()?;
    let mut instance =
        Instance::start_traced(stack.postern_env(), dir.path(), dir.path().join("trace"))?;
    let pid = instance.pid().expect("postern's pid");
    let before = written_bytes(pid);
    let browser = postern_tests::cluster::Cluster::browser();
    let url = |path: &str| instance.url(path);

    // Everything a person does: log in, read, download, export, write with an attachment,
    // save a draft, send, move, delete, log out.
    let landed = Page::from(
        browser
            .post(url("/login"))
            .form(&[("email", ALICE), ("password", ALICE_PASSWORD)])
            .send()
            .await?,
    )
    .await?;
    assert_eq!(landed.path, "/mail");
    let page = Page::get(&browser, &url("/mail/message?folder=Reports&uid=1")).await?;
    assert!(page.html.contains("THE END OF THE REPORT"));
    let part = attachment_link(&page);
    let (status, body) = fetch(&browser, &url(&part)).await?;
    assert_eq!((status, body.ok()), (200, Some(attachment.clone())));
    let (status, mbox) = fetch(&browser, &url("/mail/export?folder=Reports")).await?;
    assert_eq!(status, 200);
    assert!(mbox.is_ok_and(|m| m.len() > message.len() / 2));
    for action in ["save", "send"] {
        let compose = Page::get(&browser, &url("/mail/compose")).await?;
        let token = postern_tests::load::send_token(&compose).unwrap_or_default();
        let form = reqwest::multipart::Form::new()
            .text("to", postern_tests::BOB)
            .text("subject", format!("With a file ({action})"))
            .text("body", "The file is attached.")
            .text("send_token", token)
            .text("action", action)
            .part(
                "attach",
                reqwest::multipart::Part::bytes(attachment[..400_000].to_vec())
                    .file_name("part.bin")
                    .mime_str("application/octet-stream")?,
            );
        let done = Page::from(
            browser
                .post(url("/mail/compose"))
                .multipart(form)
                .send()
                .await?,
        )
        .await?;
        let said = done
            .testid_text("notice")
            .or_else(|| done.testid_text("compose-sent"))
            .unwrap_or_default();
        assert!(
            said.contains("saved") || said.contains("sent"),
            "{action}: {said}"
        );
    }
    let inbox = Page::get(&browser, &url("/mail")).await?;
    let v = inbox
        .testid_attributes("message-list", "uid-validity")
        .first()
        .cloned()
        .unwrap_or_default();
    let uids = inbox.testid_attributes("select-message", "uid");
    for (uid, action) in uids.iter().zip(["move", "delete"]) {
        let moved = Page::from(
            browser
                .post(url("/mail/action"))
                .form(&[
                    ("folder", "INBOX"),
                    ("uid", uid.as_str()),
                    ("v", v.as_str()),
                    ("action", action),
                    ("target", "Archive"),
                ])
                .send()
                .await?,
        )
        .await?;
        assert!(moved.testid_text("notice").is_some(), "{action}");
    }
    browser.post(url("/logout")).send().await?;
    stack.wait_for_messages(postern_tests::BOB, "INBOX", 1)?;

    let after = written_bytes(pid);
    let status = instance.terminate()?;
    assert!(status.success(), "postern exited with {status}");
    instance.assert_no_panic();
    let (calls, writes) = disk_writes(dir.path())?;
    eprintln!(
        "disk: {calls} file-system calls traced; {} wrote; write_bytes {:?} → {:?}",
        writes.len(),
        before,
        after
    );
    assert!(calls > 10, "the trace holds Postern's calls ({calls})");
    assert!(
        writes.is_empty(),
        "Postern wrote to disk:\n{}",
        writes.join("\n")
    );
    let row = format!(
        "| Postern's own use of the disk (it must write nothing) | one person: log in, read a 2 MB message, download its attachment, export the folder, save a draft and send with a 400 KB file, move, delete, log out | — | 0 | 0 | — (traced from start to exit: {calls} file-system calls, none of them wrote; the kernel counted {} bytes written) |\n",
        after
            .zip(before)
            .map_or("?".into(), |(a, b)| (a - b).to_string())
    );
    postern_tests::load::record_row("7-disk", &row);
    Ok(())
}
