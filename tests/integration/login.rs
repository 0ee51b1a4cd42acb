use anyhow::Result;
use postern_tests::*;

#[tokio::test]
async fn login_shows_the_inbox_with_ordered_folders_and_unread_counts() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();

    let page = postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    assert_eq!(page.path, "/mail", "lands on the mail page");
    assert_eq!(page.testid_text("current-user").as_deref(), Some(ALICE));
    let folders = page.testid_attributes("folder", "folder");
    assert_eq!(
        folders,
        [
            "INBOX",
            "Drafts",
            "Sent",
            "Junk",
            "Trash",
            "Archive",
            "Projekte",
            "Projekte/&ANw-berweisungen"
        ],
        "special-use folders first, in the usual order, then the tree"
    );
    assert!(
        page.html.contains("Überweisungen"),
        "non-ASCII folder names are decoded"
    );
    let unread = page.testid_attributes("folder", "unread");
    // The demo Inbox: 3 unread in the first messages + every third of the 20 everyday ones.
    assert_eq!(unread[0], "10", "unread count of INBOX");
    assert_eq!(unread[7], "1", "unread count of Projekte/Überweisungen");
    assert_eq!(page.testid_text("folder-title").as_deref(), Some("Inbox"));
    assert!(
        page.testid_text("folder-counts")
            .unwrap_or_default()
            .contains("27 messages")
    );

    // Another folder by deep link, in a fresh request.
    let sent = Page::get(&browser, &postern.url("/mail?folder=Sent")).await?;
    assert_eq!(sent.testid_text("folder-title").as_deref(), Some("Sent"));
    let missing = Page::get(&browser, &postern.url("/mail?folder=Nope")).await?;
    assert!(
        missing
            .testid_text("mail-error")
            .unwrap_or_default()
            .contains("does not exist")
    );
    Ok(())
}

#[tokio::test]
async fn login_over_starttls_on_port_143() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let mut env = stack.postern_env();
    env.retain(|(k, _)| k != "POSTERN_IMAP");
    env.push((
        "POSTERN_IMAP".into(),
        format!("imap://127.0.0.1:{}", stack.port("IMAP_PORT")),
    ));
    let postern = Postern::start(env).await?;
    let page = postern.login(&postern.browser(), BOB, BOB_PASSWORD).await?;
    assert_eq!(page.testid_text("current-user").as_deref(), Some(BOB));
    Ok(())
}

#[tokio::test]
async fn wrong_password_is_refused_and_the_address_kept() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    let page = postern.login(&browser, ALICE, "not the password").await?;
    assert_eq!(page.path, "/login");
    assert_eq!(
        page.testid_text("login-error").as_deref(),
        Some("Wrong email address or password.")
    );
    assert!(
        page.html.contains(&format!("value=\"{ALICE}\"")),
        "the address is kept in the form"
    );
    assert!(
        !page.html.contains("not the password"),
        "the password is never sent back"
    );
    // Shown once: a reload shows a clean form.
    let again = Page::get(&browser, &postern.url("/login")).await?;
    assert_eq!(again.testid_text("login-error"), None);
    // And no session was created: the mail page still sends the browser to the login page.
    let mail = Page::get(&browser, &postern.url("/mail")).await?;
    assert_eq!(mail.path, "/login");
    Ok(())
}

#[tokio::test]
async fn an_address_without_domain_makes_no_connection() -> Result<()> {
    let counter = ConnectionCounter::start().await?;
    let postern = Postern::start(vec![
        (
            "POSTERN_IMAP".into(),
            format!("imaps://127.0.0.1:{}", counter.port),
        ),
        ("POSTERN_ALLOWED_DOMAINS".into(), "example.test".into()),
    ])
    .await?;
    let page = postern.login(&postern.browser(), "alice", "pw").await?;
    assert_eq!(
        page.testid_text("login-error").as_deref(),
        Some("Use your full email address, for example name@example.com.")
    );
    assert_eq!(counter.connections(), 0);
    Ok(())
}

#[tokio::test]
async fn a_domain_not_served_is_refused_before_any_connection() -> Result<()> {
    let counter = ConnectionCounter::start().await?;
    let postern = Postern::start(vec![
        (
            "POSTERN_IMAP".into(),
            format!("imaps://127.0.0.1:{}", counter.port),
        ),
        ("POSTERN_ALLOWED_DOMAINS".into(), "example.test".into()),
    ])
    .await?;
    let page = postern
        .login(&postern.browser(), "mallory@evil.test", "pw")
        .await?;
    assert_eq!(
        page.testid_text("login-error").as_deref(),
        Some("This webmail does not serve addresses at evil.test.")
    );
    assert_eq!(
        counter.connections(),
        0,
        "no connection for a domain not served"
    );

    // The template case: refused before any DNS lookup of mail.evil.test.
    let template = Postern::start(vec![
        ("POSTERN_IMAP".into(), "imaps://mail.{domain}:993".into()),
        ("POSTERN_ALLOWED_DOMAINS".into(), "example.test".into()),
    ])
    .await?;
    let page = template
        .login(&template.browser(), "mallory@evil.test", "pw")
        .await?;
    assert_eq!(
        page.testid_text("login-error").as_deref(),
        Some("This webmail does not serve addresses at evil.test.")
    );
    Ok(())
}

#[tokio::test]
async fn an_unreachable_server_is_named() -> Result<()> {
    let closed = free_port();
    let postern = Postern::start(vec![
        ("POSTERN_IMAP".into(), format!("imaps://127.0.0.1:{closed}")),
        ("POSTERN_ALLOWED_DOMAINS".into(), "example.test".into()),
    ])
    .await?;
    let page = postern.login(&postern.browser(), ALICE, "pw").await?;
    assert_eq!(
        page.testid_text("login-error").as_deref(),
        Some("Cannot reach the mail server 127.0.0.1. Please try again in a moment.")
    );
    Ok(())
}

#[tokio::test]
async fn a_silent_server_times_out_with_its_own_message() -> Result<()> {
    // Accepts, never greets.
    let counter = ConnectionCounter::start().await?;
    let postern = Postern::start(vec![
        (
            "POSTERN_IMAP".into(),
            format!("imap://127.0.0.1:{}", counter.port),
        ),
        ("POSTERN_ALLOWED_DOMAINS".into(), "example.test".into()),
        ("POSTERN_TIMEOUT_SECONDS".into(), "1".into()),
    ])
    .await?;
    let page = postern.login(&postern.browser(), ALICE, "pw").await?;
    assert_eq!(
        page.testid_text("login-error").as_deref(),
        Some("The mail server 127.0.0.1 did not answer in time. Please try again in a moment.")
    );
    Ok(())
}

#[tokio::test]
async fn repeated_failures_are_throttled_before_any_imap_connection() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let mut env = stack.postern_env();
    env.push(("POSTERN_LOGIN_MAX_FAILURES".into(), "3".into()));
    env.push(("POSTERN_TRUSTED_PROXY".into(), "127.0.0.1".into()));
    let postern = Postern::start(env).await?;
    let login_from = |client: &'static str, email: &'static str, password: &'static str| {
        let browser = postern.browser();
        let url = postern.url("/login");
        async move {
            let response = browser
                .post(url)
                .header("x-forwarded-for", client)
                .form(&[("email", email), ("password", password)])
                .send()
                .await?;
            Page::from(response).await
        }
    };
    // Three wrong passwords for one account, from three addresses.
    for client in ["198.51.100.1", "198.51.100.2", "198.51.100.3"] {
        let page = login_from(client, ALICE, "wrong").await?;
        assert_eq!(
            page.testid_text("login-error").as_deref(),
            Some("Wrong email address or password.")
        );
    }
    stack.clear_imap_log();
    let page = login_from("198.51.100.4", ALICE, ALICE_PASSWORD).await?;
    assert_eq!(
        page.testid_text("login-error").as_deref(),
        Some("Too many failed logins. Please try again in 15 minutes."),
        "the account is locked, even with the right password"
    );
    assert!(
        !stack.imap_commands().contains("AUTHENTICATE"),
        "refused before any IMAP connection"
    );
    // Another account from a fresh address still works.
    let page = login_from("198.51.100.5", BOB, BOB_PASSWORD).await?;
    assert_eq!(page.testid_text("current-user").as_deref(), Some(BOB));

    // One address trying many accounts.
    for email in ["x1@example.test", "x2@example.test", "x3@example.test"] {
        login_from("203.0.113.7", email, "wrong").await?;
    }
    let page = login_from("203.0.113.7", BOB, BOB_PASSWORD).await?;
    assert!(
        page.testid_text("login-error")
            .unwrap_or_default()
            .starts_with("Too many failed logins")
    );
    Ok(())
}
