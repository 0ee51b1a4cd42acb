use anyhow::Result;
use postern_tests::*;

#[tokio::test]
async fn the_connection_survives_a_dovecot_restart() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    let page = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(page.testid_text("current-user").as_deref(), Some(ALICE));

    stack.restart_imap()?;
    let page = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(page.path, "/mail", "no new login asked for");
    assert_eq!(page.testid_text("current-user").as_deref(), Some(ALICE));
    assert!(
        !page.testid_attributes("folder", "folder").is_empty(),
        "folders load on the new connection"
    );
    Ok(())
}

#[tokio::test]
async fn logout_really_ends_the_session() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;

    // Keep the cookies as they were while logged in, to replay them after logout.
    let logged_in = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(logged_in.path, "/mail");

    let after = Page::from(browser.post(postern.url("/logout")).send().await?).await?;
    assert_eq!(after.path, "/login");
    let mail = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(mail.path, "/login", "the mail page is gone after logout");
    assert_eq!(
        mail.testid_text("login-error"),
        None,
        "a plain visit: nothing to explain"
    );

    // A form posted after it (another tab still open): the login page says it was not done.
    let moved = postern_tests::act(
        &postern,
        &browser,
        &[
            ("folder", "INBOX"),
            ("uid", "1"),
            ("action", "move"),
            ("target", "Archive"),
        ],
    )
    .await?;
    assert_eq!(moved.path, "/login");
    assert_eq!(
        moved.testid_text("login-error").as_deref(),
        Some("Your session had ended, so that was not done. Please log in and try again.")
    );
    Ok(())
}

#[tokio::test]
async fn a_stolen_session_cookie_without_the_key_cookie_is_not_logged_in() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let plain = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let response = plain
        .post(postern.url("/login"))
        .form(&[("email", ALICE), ("password", ALICE_PASSWORD)])
        .send()
        .await?;
    assert_eq!(response.status().as_u16(), 303);
    let cookies: Vec<String> = response
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .map(|v| v.split(';').next().unwrap_or("").to_string())
        .collect();
    let session_only: Vec<&String> = cookies
        .iter()
        .filter(|c| c.starts_with("postern_session="))
        .collect();
    assert_eq!(session_only.len(), 1, "one session cookie: {cookies:?}");
    assert!(
        cookies.iter().any(|c| c.starts_with("postern_key=")),
        "and the key cookie"
    );

    let both = Page::from(
        plain
            .get(postern.url("/mail"))
            .header("cookie", cookies.join("; "))
            .send()
            .await?,
    )
    .await?;
    assert_eq!(both.status, 200);
    let without_key = plain
        .get(postern.url("/mail"))
        .header("cookie", session_only[0].as_str())
        .send()
        .await?;
    assert_eq!(
        without_key.status().as_u16(),
        303,
        "the session alone cannot open the password"
    );
    Ok(())
}

#[tokio::test]
async fn cross_site_posts_are_refused() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let forged = browser
        .post(postern.url("/logout"))
        .header("origin", "https://evil.test")
        .send()
        .await?;
    assert_eq!(forged.status().as_u16(), 403);
    let forged = browser
        .post(postern.url("/logout"))
        .header("sec-fetch-site", "cross-site")
        .send()
        .await?;
    assert_eq!(forged.status().as_u16(), 403);
    let still = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(still.path, "/mail", "the forged logout did nothing");
    Ok(())
}

#[tokio::test]
async fn pages_carry_security_headers_and_are_not_cached() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let response = browser.get(postern.url("/mail")).send().await?;
    let header = |name: &str| {
        response
            .headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string()
    };
    let csp = header("content-security-policy");
    assert!(
        csp.contains("'nonce-") && !csp.contains("unsafe-inline"),
        "{csp}"
    );
    assert!(
        csp.contains("frame-ancestors 'none'") && csp.contains("object-src 'none'"),
        "{csp}"
    );
    assert_eq!(header("cache-control"), "no-store");
    assert_eq!(header("x-content-type-options"), "nosniff");
    assert_eq!(header("referrer-policy"), "same-origin");
    let nonce = policy_nonce(&csp);
    let html = response.text().await?;
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    // Its assets live under a directory named after their content, kept for good.
    let stylesheet = html
        .split("href=\"")
        .filter_map(|s| s.split('"').next())
        .find(|s| s.starts_with("/pkg/") && s.ends_with("/postern.css"))
        .expect("the stylesheet's link")
        .to_string();
    assert_eq!(
        stylesheet.split('/').nth(2).map(str::len),
        Some(16),
        "{stylesheet}"
    );
    let css = browser.get(postern.url(&stylesheet)).send().await?;
    assert_eq!(
        css.headers()
            .get("cache-control")
            .and_then(|v| v.to_str().ok()),
        Some("public, max-age=31536000, immutable")
    );
    // The login page needs no script and loads none.
    let login = Page::get(&postern.browser(), &postern.url("/login")).await?;
    assert!(
        !login.html.contains("postern.js") && !login.html.contains("postern.wasm"),
        "the login page loads no bundle"
    );
    assert!(html.contains("postern.wasm"), "the Inbox does");
    assert!(login.html.contains(&stylesheet));
    Ok(())
}

/// Every script of every kind of page (a folder, the compose form, a message, the not-found
/// page) carries the nonce its own policy names: a page whose policy and scripts disagree
/// shows, but its scripts are refused by the browser.
#[tokio::test]
async fn every_script_of_every_page_carries_its_policy_nonce() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    for path in [
        "/mail",
        "/mail/compose",
        "/mail/message?folder=INBOX&uid=1",
        "/no-such-page",
    ] {
        let response = browser.get(postern.url(path)).send().await?;
        let csp = response
            .headers()
            .get("content-security-policy")
            .and_then(|v| v.to_str().ok())
            .unwrap_or("")
            .to_string();
        let nonce = policy_nonce(&csp).to_string();
        assert!(!nonce.is_empty(), "{path}: the policy names a nonce: {csp}");
        let html = response.text().await?;
        let scripts: Vec<&str> = html
            .split("<script")
            .skip(1)
            .filter_map(|s| s.split('>').next())
            .collect();
        assert!(!scripts.is_empty(), "{path}: the page loads its islands");
        for attributes in scripts {
            assert!(
                attributes.contains(&format!("nonce=\"{nonce}\"")),
                "{path}: a script without the policy's nonce: <script{attributes}>"
            );
        }
    }
    Ok(())
}

/// The script nonce a Content-Security-Policy names (`'nonce-…'`), empty when it names none.
fn policy_nonce(csp: &str) -> &str {
    csp.split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap_or("")
}

#[tokio::test]
async fn health_and_readiness() -> Result<()> {
    let stack = MailStack::full()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let client = reqwest::Client::new();
    assert_eq!(
        client
            .get(postern.url("/healthz"))
            .send()
            .await?
            .text()
            .await?,
        "ok"
    );
    let ready = client.get(postern.url("/readyz")).send().await?;
    assert_eq!(ready.status().as_u16(), 200);
    let body: serde_json::Value = serde_json::from_str(&ready.text().await?)?;
    assert_eq!(body["imap"]["status"], "ok", "{body}");
    assert_eq!(body["smtp"]["status"], "ok", "{body}");
    assert_eq!(body["tls_insecure"], false);

    // A wrong expected name makes it not ready, saying why.
    let mut env = stack.postern_env();
    env.retain(|(k, _)| k != "POSTERN_TLS_SERVER_NAME");
    env.push((
        "POSTERN_TLS_SERVER_NAME".into(),
        "other.hosting.test".into(),
    ));
    let wrong = Postern::start(env).await?;
    let ready = client.get(wrong.url("/readyz")).send().await?;
    assert_eq!(ready.status().as_u16(), 503);
    let body: serde_json::Value = serde_json::from_str(&ready.text().await?)?;
    assert!(
        body["imap"]["detail"]
            .as_str()
            .unwrap_or("")
            .contains("other.hosting.test"),
        "{body}"
    );
    Ok(())
}

/// Every state-changing endpoint refuses a post that a browser marks as coming from another
/// site, for each kind of action, and nothing changes on the server.
#[tokio::test]
async fn each_kind_of_action_refuses_a_cross_site_post() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let before = stack.doveadm(&["fetch", "-u", ALICE, "mailbox uid flags", "all"])?;
    let folders_before = stack.doveadm(&["mailbox", "list", "-u", ALICE])?;
    let forms: Vec<(&str, Vec<(&str, &str)>)> = vec![
        (
            "/mail/action",
            vec![("action", "read"), ("folder", "INBOX"), ("uids", "1")],
        ),
        (
            "/mail/action",
            vec![("action", "unread"), ("folder", "INBOX"), ("uids", "2")],
        ),
        (
            "/mail/action",
            vec![("action", "flag"), ("folder", "INBOX"), ("uids", "1")],
        ),
        (
            "/mail/action",
            vec![("action", "delete"), ("folder", "INBOX"), ("uids", "1")],
        ),
        (
            "/mail/action",
            vec![
                ("action", "move"),
                ("folder", "INBOX"),
                ("uids", "1"),
                ("target", "Archive"),
            ],
        ),
        (
            "/mail/action",
            vec![
                ("action", "purge"),
                ("folder", "Trash"),
                ("uids", "1"),
                ("confirm", "1"),
            ],
        ),
        (
            "/mail/action",
            vec![
                ("action", "empty-trash"),
                ("folder", "Trash"),
                ("confirm", "1"),
            ],
        ),
        (
            "/mail/action",
            vec![
                ("action", "folder-create"),
                ("folder", "INBOX"),
                ("name", "Evil"),
            ],
        ),
        (
            "/mail/action",
            vec![
                ("action", "folder-rename"),
                ("folder", "Archive"),
                ("name", "Evil"),
            ],
        ),
        (
            "/mail/action",
            vec![
                ("action", "folder-delete"),
                ("folder", "Archive"),
                ("confirm", "1"),
            ],
        ),
        (
            "/mail/compose",
            vec![("action", "send"), ("to", BOB), ("subject", "forged")],
        ),
        ("/logout", vec![]),
        (
            "/login",
            vec![("email", ALICE), ("password", ALICE_PASSWORD)],
        ),
        (
            "/api/fetch_mail_home",
            vec![("folder", "INBOX"), ("page", "1")],
        ),
    ];
    for (path, fields) in &forms {
        for (header, value) in [
            ("origin", "https://evil.test"),
            ("origin", "null"),
            ("sec-fetch-site", "cross-site"),
            ("sec-fetch-site", "same-site"),
        ] {
            let request = browser.post(postern.url(path)).header(header, value);
            let response = if *path == "/mail/compose" {
                let mut form = reqwest::multipart::Form::new();
                for (k, v) in fields {
                    form = form.text(k.to_string(), v.to_string());
                }
                request.multipart(form).send().await?
            } else {
                request.form(fields).send().await?
            };
            assert_eq!(
                response.status().as_u16(),
                403,
                "{path} {fields:?} with {header}: {value}"
            );
        }
    }
    assert_eq!(
        stack.doveadm(&["fetch", "-u", ALICE, "mailbox uid flags", "all"])?,
        before
    );
    assert_eq!(
        stack.doveadm(&["mailbox", "list", "-u", ALICE])?,
        folders_before
    );
    let still = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(still.path, "/mail", "still logged in");
    Ok(())
}

/// What a copy of the session store holds after logging in, reading, a failed send (its form
/// kept for the next page) and logging in again: never the password, never the browser's key.
#[tokio::test]
async fn a_dump_of_the_session_store_reveals_no_password() -> Result<()> {
    let stack = MailStack::full()?;
    stack.seed_demo(ALICE)?;
    let store = DumpableStore::default();
    let postern = Postern::start_with_store(stack.postern_env(), store.clone()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let _ = Page::get(&browser, &postern.url("/mail")).await?;
    stack.stop_smtp()?;
    let form = reqwest::multipart::Form::new()
        .text("to", BOB)
        .text("subject", "kept")
        .text("body", "the body")
        .text("action", "send");
    let _ = browser
        .post(postern.url("/mail/compose"))
        .multipart(form)
        .send()
        .await?;
    let dump = store.dump();
    assert!(
        dump.contains("sealed_password"),
        "the store was used: {dump}"
    );
    for secret in [ALICE_PASSWORD, "sp ace", "100%&+"] {
        assert!(!dump.contains(secret), "{secret:?} in the store");
    }
    // Nor the key that opens the sealed password (it lives only in the browser's cookie).
    let raw = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()?;
    let login = raw
        .post(postern.url("/login"))
        .form(&[("email", ALICE), ("password", ALICE_PASSWORD)])
        .send()
        .await?;
    let key = login
        .headers()
        .get_all("set-cookie")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .find_map(|c| c.strip_prefix("postern_key="))
        .and_then(|c| c.split(';').next())
        .map(str::to_string)
        .unwrap_or_default();
    assert!(key.len() > 20, "the key cookie was set");
    let dump = store.dump();
    assert!(!dump.contains(&key), "the browser's key is in the store");
    let b64 = |s: &str| {
        use std::fmt::Write;
        s.bytes().fold(String::new(), |mut out, b| {
            let _ = write!(out, "{b:02x}");
            out
        })
    };
    assert!(
        !dump.contains(&b64(ALICE_PASSWORD)),
        "hex of the password in the store"
    );
    Ok(())
}
