//! The golden MIME corpus: every `.eml` in `tests/corpus/mime` is stored in Dovecot as it is,
//! opened through Postern, and its rendered view compared with `NAME.expected`. On a mismatch
//! the actual view is written to `NAME.actual` beside it. `POSTERN_BLESS=1` rewrites the
//! expected files (review the diff before committing).

use std::path::PathBuf;

use anyhow::Result;
use postern_tests::*;

fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus/mime")
}

/// What a person sees, as text: headers, attachments, body (plain lines or sanitised HTML).
async fn rendered(postern: &Postern, browser: &reqwest::Client, folder: &str) -> Result<String> {
    let link = format!("/mail/message?folder={folder}&uid=1");
    let page = Page::get(browser, &postern.url(&link)).await?;
    assert_eq!(page.status, 200, "{folder}: the page renders");
    if let Some(error) = page.testid_text("mail-error") {
        return Ok(format!("error: {error}\n"));
    }
    let mut out = String::new();
    for (label, id) in [
        ("subject", "message-header-subject"),
        ("from", "message-header-from"),
        ("to", "message-header-to"),
        ("cc", "message-header-cc"),
    ] {
        if let Some(text) = page.testid_text(id) {
            out.push_str(&format!("{label}: {text}\n"));
        }
    }
    for name in page.testid_attributes("attachment", "filename") {
        out.push_str(&format!("attachment: {name}\n"));
    }
    if page.html.contains("data-testid=\"message-html\"") {
        let frame = browser
            .get(postern.url(&link.replace("/mail/message?", "/mail/body?")))
            .send()
            .await?;
        let html = frame.text().await?;
        let body = html
            .split("<body>")
            .nth(1)
            .and_then(|b| b.split("</body>").next())
            .unwrap_or("");
        out.push_str(&format!("html: {body}\n"));
    } else {
        out.push_str("body:\n");
        for line in page.body_lines() {
            let line = if line.chars().count() > 120 {
                format!(
                    "{}… ({} characters)",
                    line.chars().take(40).collect::<String>(),
                    line.chars().count()
                )
            } else {
                line
            };
            out.push_str(&format!("  {line}\n"));
        }
    }
    Ok(out)
}

#[tokio::test]
async fn malformed_and_hostile_mail_renders_as_expected() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let mut cases: Vec<(String, PathBuf)> = std::fs::read_dir(corpus_dir())?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|e| e == "eml"))
        .map(|p| {
            (
                p.file_stem()
                    .unwrap_or_default()
                    .to_string_lossy()
                    .into_owned(),
                p,
            )
        })
        .collect();
    cases.sort();
    assert!(cases.len() >= 15, "the corpus is there");
    for (name, path) in &cases {
        stack.put_message(ALICE, &format!("corpus-{name}"), &std::fs::read(path)?)?;
    }
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;

    let bless = std::env::var("POSTERN_BLESS").is_ok_and(|v| v == "1");
    let mut mismatches = Vec::new();
    for (name, path) in &cases {
        let actual = rendered(&postern, &browser, &format!("corpus-{name}")).await?;
        let expected_path = path.with_extension("expected");
        let actual_path = path.with_extension("actual");
        if bless {
            std::fs::write(&expected_path, &actual)?;
            continue;
        }
        let expected = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if expected == actual {
            let _ = std::fs::remove_file(&actual_path);
        } else {
            std::fs::write(&actual_path, &actual)?;
            mismatches.push(name.clone());
        }
    }
    assert!(
        mismatches.is_empty(),
        "rendered views differ (see the .actual files): {mismatches:?}"
    );
    Ok(())
}

#[tokio::test]
async fn a_20_mb_attachment_is_listed_without_being_fetched() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let mut message = String::from(
        "From: big@example.org\r\nTo: alice@example.test\r\nSubject: Big attachment\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"big\"\r\n\r\n--big\r\nContent-Type: text/plain\r\n\r\n\
         The video is attached.\r\n--big\r\nContent-Type: video/mp4\r\n\
         Content-Disposition: attachment; filename=\"holiday.mp4\"\r\nContent-Transfer-Encoding: base64\r\n\r\n",
    );
    let line =
        "QUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFBQUFB\r\n";
    for _ in 0..(20 * 1024 * 1024 / 58) {
        message.push_str(line);
    }
    message.push_str("--big--\r\n");
    stack.put_message(ALICE, "big", message.as_bytes())?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    stack.clear_imap_log();

    let page = Page::get(&browser, &postern.url("/mail/message?folder=big&uid=1")).await?;
    assert_eq!(
        page.testid_attributes("attachment", "filename"),
        ["holiday.mp4"]
    );
    assert!(
        page.testid_text("message-body")
            .unwrap_or_default()
            .contains("The video is attached.")
    );
    let commands = stack.imap_commands();
    assert!(
        !commands.contains("BODY[2]")
            && !commands.contains("BODY.PEEK[2]")
            && !commands.contains("BODY[]"),
        "{commands}"
    );
    assert!(
        page.html.len() < 100_000,
        "the page does not carry the attachment"
    );

    let download = browser
        .get(postern.url("/mail/part?folder=big&uid=1&part=2"))
        .send()
        .await?;
    assert_eq!(download.status().as_u16(), 200);
    let size = download.bytes().await?.len();
    assert!(
        size > 15 * 1024 * 1024,
        "the decoded attachment: {size} bytes"
    );
    Ok(())
}
