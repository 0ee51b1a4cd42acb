//! The hosting certificate case: the certificate names the machine, not the host dialled.

use anyhow::Result;
use postern_tests::*;

fn env_with(stack: &MailStack, imap_host: &str, trust: &[(&str, String)]) -> Vec<(String, String)> {
    let mut env = vec![
        ("POSTERN_IMAP".to_string(), stack.imaps_url(imap_host)),
        (
            "POSTERN_ALLOWED_DOMAINS".to_string(),
            "example.test".to_string(),
        ),
        ("POSTERN_TIMEOUT_SECONDS".to_string(), "10".to_string()),
    ];
    env.extend(trust.iter().map(|(k, v)| (k.to_string(), v.clone())));
    env
}

async fn login_result(env: Vec<(String, String)>) -> Result<Page> {
    let postern = Postern::start(env).await?;
    postern
        .login(&postern.browser(), ALICE, ALICE_PASSWORD)
        .await
}

#[tokio::test]
async fn accepted_by_expected_name_with_the_ca_file() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let ca = stack.ca_path().to_string_lossy().into_owned();
    let page = login_result(env_with(
        &stack,
        "127.0.0.1",
        &[
            ("POSTERN_TLS_CA", ca),
            ("POSTERN_TLS_SERVER_NAME", CERT_NAME.to_string()),
        ],
    ))
    .await?;
    assert_eq!(page.testid_text("current-user").as_deref(), Some(ALICE));
    Ok(())
}

#[tokio::test]
async fn accepted_by_ca_file_when_the_host_matches() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let ca = stack.ca_path().to_string_lossy().into_owned();
    let page = login_result(env_with(&stack, "localhost", &[("POSTERN_TLS_CA", ca)])).await?;
    assert_eq!(page.testid_text("current-user").as_deref(), Some(ALICE));
    Ok(())
}

#[tokio::test]
async fn accepted_by_pin() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let pin = stack.cert_fingerprint()?;
    let page = login_result(env_with(
        &stack,
        "127.0.0.1",
        &[("POSTERN_TLS_PIN_SHA256", pin)],
    ))
    .await?;
    assert_eq!(page.testid_text("current-user").as_deref(), Some(ALICE));
    Ok(())
}

#[tokio::test]
async fn rejected_for_the_wrong_name() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let ca = stack.ca_path().to_string_lossy().into_owned();
    // Dialled 127.0.0.1 with no expected name: the certificate does not carry it.
    let page = login_result(env_with(
        &stack,
        "127.0.0.1",
        &[("POSTERN_TLS_CA", ca.clone())],
    ))
    .await?;
    assert_eq!(page.path, "/login");
    let error = page.testid_text("login-error").unwrap_or_default();
    assert!(
        error.contains("certificate was not accepted (expected 127.0.0.1)"),
        "{error}"
    );

    let page = login_result(env_with(
        &stack,
        "127.0.0.1",
        &[
            ("POSTERN_TLS_CA", ca),
            (
                "POSTERN_TLS_SERVER_NAME",
                "server18.hosting.test".to_string(),
            ),
        ],
    ))
    .await?;
    let error = page.testid_text("login-error").unwrap_or_default();
    assert!(error.contains("expected server18.hosting.test"), "{error}");
    Ok(())
}

#[tokio::test]
async fn rejected_for_an_untrusted_issuer() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let page = login_result(env_with(
        &stack,
        "127.0.0.1",
        &[("POSTERN_TLS_SERVER_NAME", CERT_NAME.to_string())],
    ))
    .await?;
    let error = page.testid_text("login-error").unwrap_or_default();
    assert!(error.contains("certificate was not accepted"), "{error}");
    Ok(())
}

#[tokio::test]
async fn rejected_for_the_wrong_pin() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let wrong = "00".repeat(32);
    let page = login_result(env_with(
        &stack,
        "127.0.0.1",
        &[("POSTERN_TLS_PIN_SHA256", wrong)],
    ))
    .await?;
    let error = page.testid_text("login-error").unwrap_or_default();
    assert!(error.contains("expected a pinned certificate"), "{error}");
    Ok(())
}

#[tokio::test]
async fn insecure_mode_accepts_any_certificate() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let page = login_result(env_with(
        &stack,
        "127.0.0.1",
        &[("POSTERN_TLS_INSECURE", "true".to_string())],
    ))
    .await?;
    assert_eq!(page.testid_text("current-user").as_deref(), Some(ALICE));
    Ok(())
}
