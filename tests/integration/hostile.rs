//! The world's input where Postern shows text, and the world's browsers where Postern streams
//! bytes: hostile Subjects, names and folder names must stay text everywhere (the tab title too);
//! every download must arrive whole whatever `Accept-Encoding` the browser sends.

use anyhow::{Context, Result};
use postern_tests::*;

/// Subjects that try to leave the `<title>` (or break the page around it).
const HOSTILE_SUBJECTS: &[&str] = &[
    r#"</title><meta http-equiv="refresh" content="0;url=http://evil.test/"><title>"#,
    r#"</title><h1 data-testid="injected">Injected</h1><title>"#,
    r#"<script>alert(1)</script> Tom &amp; Jerry "double" 'single'"#,
    r#"unclosed <title title="#,
];

/// Folder names another client made (no `/`: that is the hierarchy separator).
const HOSTILE_FOLDERS: &[&str] = &[
    r#"<img src=x onerror=alert(1)> & "Q""#,
    r#"<meta http-equiv="refresh" content="0"><h1 data-testid="injected">F"#,
    "<title title=",
];

fn hostile_message(subject: &str) -> Vec<u8> {
    format!(
        "From: \"</title><h1 data-testid=\\\"injected\\\">Name</h1>\" <evil@example.org>\r\n\
         To: alice@example.test\r\nSubject: {subject}\r\nDate: Mon, 2 Mar 2026 10:00:00 +0000\r\n\
         Message-ID: <hostile@example.org>\r\nMIME-Version: 1.0\r\n\
         Content-Type: text/plain; charset=utf-8\r\n\r\nHello.\r\n\
         </textarea><h1 data-testid=\"injected\">Body</h1><form action=\"http://evil.test/\">\r\n"
    )
    .into_bytes()
}

/// The page's `<title>` text as a browser reads it, and how many title elements the HTML has.
fn title_of(page: &Page) -> (String, usize, usize) {
    let opens = page.html.matches("<title").count();
    let closes = page.html.matches("</title>").count();
    let start = page.html.find("<title>").map(|i| i + 7).unwrap_or(0);
    let end = start + page.html[start..].find("</title>").unwrap_or(0);
    let text = page.html[start..end]
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&amp;", "&");
    (text, opens, closes)
}

/// The hostile text appears only as text: its `<` always escaped.
fn assert_no_markup(html: &str, what: &str) {
    for markup in [
        "<h1 data-testid=\"injected\"",
        "<meta http-equiv=\"refresh\"",
        "<script>alert",
        "<img src=x",
    ] {
        if let Some(at) = html.find(markup) {
            let from = html[..at]
                .char_indices()
                .rev()
                .nth(150)
                .map_or(0, |(i, _)| i);
            let to = (at + 100).min(html.len());
            let to = (to..html.len())
                .find(|i| html.is_char_boundary(*i))
                .unwrap_or(html.len());
            panic!("{what}: {markup} became markup: …{}…", &html[from..to]);
        }
    }
}

fn assert_text_only(page: &Page, expected_title: &str, what: &str) {
    let (title, opens, closes) = title_of(page);
    assert_eq!((opens, closes), (1, 1), "{what}: one <title> element");
    assert_eq!(title, expected_title, "{what}: the tab title is the text");
    assert_no_markup(&page.html, what);
    assert!(
        page.html.contains("hydrateIslands") && page.testid_text("logout").is_some(),
        "{what}: the page's own script and chrome are intact"
    );
}

#[tokio::test]
async fn hostile_subjects_names_and_folder_names_stay_text_in_title_and_page() -> Result<()> {
    let stack = MailStack::imap_only()?;
    for (i, subject) in HOSTILE_SUBJECTS.iter().enumerate() {
        stack.put_message(ALICE, &format!("h{i}"), &hostile_message(subject))?;
    }
    for name in HOSTILE_FOLDERS {
        stack.doveadm(&["mailbox", "create", "-u", ALICE, name])?;
        stack.doveadm(&["copy", "-u", ALICE, name, "mailbox", "h0", "all"])?;
    }
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    let home = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(home.path, "/mail");
    assert_no_markup(&home.html, "folder list");

    for (i, subject) in HOSTILE_SUBJECTS.iter().enumerate() {
        let url = postern.url(&format!("/mail/message?folder=h{i}&uid=1"));
        let page = Page::get(&browser, &url).await?;
        assert_text_only(&page, &format!("{subject} · Postern"), subject);
        assert_eq!(
            page.testid_text("message-header-subject").as_deref(),
            Some(*subject)
        );
        let folder = Page::get(&browser, &postern.url(&format!("/mail?folder=h{i}"))).await?;
        assert!(
            folder.html.contains("data-testid=\"message-row\""),
            "{subject}: the folder page lists the message"
        );
        assert_no_markup(&folder.html, subject);
        let reply = Page::get(
            &browser,
            &postern.url(&format!("/mail/compose?mode=reply&folder=h{i}&uid=1")),
        )
        .await?;
        let (title, opens, _) = title_of(&reply);
        assert_eq!(opens, 1, "{subject}: compose page");
        // The quoted body stays inside the text field: one textarea, closed once.
        assert_eq!(reply.html.matches("</textarea>").count(), 1, "{subject}");
        assert!(
            reply.html.contains("&lt;/textarea&gt;&lt;h1"),
            "{subject}: the quote is escaped"
        );
        assert_eq!(title, format!("Re: {subject} · Postern"));
        assert_no_markup(&reply.html, subject);
    }
    for name in HOSTILE_FOLDERS {
        let url = postern.url(&format!(
            "/mail?folder={}",
            // The IMAP name (modified UTF-7: "&" is "&-").
            url_component(&name.replace('&', "&-"))
        ));
        let page = Page::get(&browser, &url).await?;
        assert_eq!(page.testid_text("mail-error"), None, "{url}");
        // The folder's unread count leads the title, as in every folder page's.
        let imap_name = name.replace('&', "&-");
        let unread = page
            .testid_attributes("folder", "folder")
            .into_iter()
            .zip(page.testid_attributes("folder", "unread"))
            .find(|(folder, _)| *folder == imap_name)
            .map(|(_, unread)| unread)
            .unwrap_or_default();
        let expected = match unread.as_str() {
            "" | "0" => format!("{name} · Postern"),
            n => format!("({n}) {name} · Postern"),
        };
        assert_text_only(&page, &expected, name);
        assert_eq!(page.testid_text("folder-title").as_deref(), Some(*name));
    }
    Ok(())
}

/// Bytes that do not compress: a PDF's stream, say.
fn noise(len: usize) -> Vec<u8> {
    let mut state: u64 = 0x9E37_79B9_7F4A_7C15;
    (0..len)
        .map(|_| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            (state >> 24) as u8
        })
        .collect()
}

/// A message with a text attachment under a non-ASCII name and a 2.5 MB PDF (several 1 MB
/// chunks), both base64; returns the message and the two decoded attachments.
fn message_with_attachments() -> (Vec<u8>, Vec<u8>, Vec<u8>) {
    let text: Vec<u8> = (0..6000)
        .flat_map(|i| format!("Zeile {i}: Grüße aus München\n").into_bytes())
        .collect();
    let mut pdf = b"%PDF-1.4\n".to_vec();
    pdf.extend(noise(2_500_000));
    let message = format!(
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Downloads\r\n\
         Date: Mon, 2 Mar 2026 10:00:00 +0000\r\nMIME-Version: 1.0\r\n\
         Content-Type: multipart/mixed; boundary=\"b1\"\r\n\r\n\
         --b1\r\nContent-Type: text/plain; charset=utf-8\r\n\r\nTwo files.\r\n\
         --b1\r\nContent-Type: text/plain; charset=utf-8\r\n\
         Content-Disposition: attachment; filename*=UTF-8''Gr%C3%BC%C3%9Fe%20M%C3%BCnchen.txt\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\
         --b1\r\nContent-Type: application/pdf; name=\"Rechnung.pdf\"\r\n\
         Content-Disposition: attachment; filename=\"Rechnung.pdf\"\r\n\
         Content-Transfer-Encoding: base64\r\n\r\n{}\
         --b1--\r\n",
        base64_lines(&text),
        base64_lines(&pdf)
    );
    (message.into_bytes(), text, pdf)
}

/// A client that accepts exactly `encoding` (`None`: no Accept-Encoding at all), logged in.
async fn client_accepting(postern: &Postern, encoding: Option<&str>) -> Result<reqwest::Client> {
    let builder = reqwest::Client::builder()
        .cookie_store(true)
        .timeout(std::time::Duration::from_secs(60));
    let builder = match encoding {
        None => builder.no_gzip().no_brotli().no_zstd().no_deflate(),
        Some("gzip") => builder.gzip(true).no_brotli().no_zstd().no_deflate(),
        Some("br") => builder.brotli(true).no_gzip().no_zstd().no_deflate(),
        Some(_) => builder.gzip(true).brotli(true).zstd(true).deflate(true),
    };
    let client = builder.build()?;
    let page = postern.login(&client, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(page.path, "/mail");
    Ok(client)
}

#[tokio::test]
async fn every_download_arrives_whole_with_any_accept_encoding() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let (message, text, pdf) = message_with_attachments();
    stack.put_message(ALICE, "dl", &message)?;
    let postern = Postern::start(stack.postern_env()).await?;
    let mut exports = Vec::new();
    for encoding in [
        None,
        Some("gzip"),
        Some("br"),
        Some("gzip, br, zstd, deflate"),
    ] {
        let client = client_accepting(&postern, encoding).await?;
        let label = format!("{encoding:?}");
        let get = |path: &str| {
            let request = client.get(postern.url(path));
            async move {
                let response = request.send().await?;
                anyhow::ensure!(response.status().is_success(), "{}", response.status());
                let bytes = response.bytes().await.context("the body ended early")?;
                Ok::<_, anyhow::Error>((bytes.to_vec(), ()))
            }
        };
        let (body, _) = get("/mail/part?folder=dl&uid=1&part=2").await?;
        assert!(body == text, "{label}: the text attachment's bytes");
        let (body, _) = get("/mail/part?folder=dl&uid=1&part=3").await?;
        assert!(
            body == pdf,
            "{label}: the PDF's bytes ({} of {})",
            body.len(),
            pdf.len()
        );
        let (body, _) = get("/mail/raw?folder=dl&uid=1").await?;
        assert!(body == message, "{label}: the original .eml");
        let (body, _) = get("/mail/export?folder=dl").await?;
        assert!(body.starts_with(b"From "), "{label}: an mbox");
        exports.push(body);
    }
    assert!(
        exports.windows(2).all(|w| w[0] == w[1]),
        "the mbox is the same whatever the encoding"
    );
    // What is compressed on the way (read without decoding): text yes, a PDF not again.
    let raw = client_accepting(&postern, None).await?;
    for (path, compressed) in [
        ("/mail/part?folder=dl&uid=1&part=2", true),
        ("/mail/part?folder=dl&uid=1&part=3", false),
        ("/mail/raw?folder=dl&uid=1", true),
    ] {
        let response = raw
            .get(postern.url(path))
            .header("accept-encoding", "gzip, br")
            .send()
            .await?;
        let coding = response
            .headers()
            .get("content-encoding")
            .and_then(|v| v.to_str().ok())
            .map(str::to_string);
        assert_eq!(coding.is_some(), compressed, "{path}: {coding:?}");
        response
            .bytes()
            .await
            .context("the compressed body ended early")?;
    }
    Ok(())
}
