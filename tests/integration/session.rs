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
    let nonce = csp
        .split("'nonce-")
        .nth(1)
        .and_then(|s| s.split('\'').next())
        .unwrap_or("");
    let html = response.text().await?;
    assert!(
        html.contains(&format!("nonce=\"{nonce}\"")),
        "the hydration script carries the nonce"
    );
    Ok(())
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
