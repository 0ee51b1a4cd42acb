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
    assert!(
        error.contains("certificate is not the one this webmail trusts"),
        "{error}"
    );
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

// The certificate shapes hosting servers carry. Each stack presents one shape; the operator
// configures trust the way the documentation says for it.

/// Trust as documented: POSTERN_TLS_CA (the CA, or a self-signed certificate itself) and the
/// certificate's name.
fn trusting(stack: &MailStack, ca: String, name: &str) -> Vec<(String, String)> {
    let mut env = stack.postern_env();
    env.retain(|(k, _)| k != "POSTERN_TLS_CA" && k != "POSTERN_TLS_SERVER_NAME");
    env.push(("POSTERN_TLS_CA".into(), ca));
    env.push(("POSTERN_TLS_SERVER_NAME".into(), name.to_string()));
    env
}

fn pinned(stack: &MailStack) -> Result<Vec<(String, String)>> {
    let mut env = stack.postern_env();
    env.retain(|(k, _)| k != "POSTERN_TLS_CA" && k != "POSTERN_TLS_SERVER_NAME");
    env.push(("POSTERN_TLS_PIN_SHA256".into(), stack.cert_fingerprint()?));
    Ok(env)
}

fn ca_of(stack: &MailStack) -> String {
    stack.ca_path().to_string_lossy().into_owned()
}

async fn login_error(env: Vec<(String, String)>) -> Result<String> {
    let page = login_result(env).await?;
    assert_eq!(
        page.path, "/login",
        "logged in although the certificate is wrong"
    );
    Ok(page.testid_text("login-error").unwrap_or_default())
}

async fn assert_logs_in(env: Vec<(String, String)>) -> Result<()> {
    let page = login_result(env).await?;
    assert_eq!(
        page.testid_text("current-user").as_deref(),
        Some(ALICE),
        "login refused: {:?}",
        page.testid_text("login-error")
    );
    Ok(())
}

/// `/readyz` of a Postern with these settings: status and body.
async fn readiness(env: Vec<(String, String)>) -> Result<(u16, serde_json::Value)> {
    let postern = Postern::start(env).await?;
    let response = postern.browser().get(postern.url("/readyz")).send().await?;
    let status = response.status().as_u16();
    Ok((status, serde_json::from_slice(&response.bytes().await?)?))
}

#[tokio::test]
async fn self_signed_ca_true_is_accepted_for_imap_submission_and_readiness() -> Result<()> {
    // `openssl req -x509`: the set-up guides' command; the certificate says CA:TRUE.
    let stack = MailStack::with_certificate("self-signed", true)?;
    let env = trusting(&stack, ca_of(&stack), CERT_NAME);
    assert_logs_in(env.clone()).await?;
    let (status, body) = readiness(env).await?;
    assert_eq!(status, 200, "{body}");
    assert_eq!(body["imap"]["status"], "ok", "{body}");
    assert_eq!(body["smtp"]["status"], "ok", "{body}");
    Ok(())
}

#[tokio::test]
async fn self_signed_ca_false_is_accepted() -> Result<()> {
    // Debian's ssl-cert "snakeoil" shape.
    let stack = MailStack::with_certificate("snakeoil", false)?;
    assert_logs_in(trusting(&stack, ca_of(&stack), CERT_NAME)).await
}

#[tokio::test]
async fn a_self_signed_certificate_for_another_name_is_refused() -> Result<()> {
    let stack = MailStack::with_certificate("self-signed", false)?;
    let error = login_error(trusting(&stack, ca_of(&stack), "server18.hosting.test")).await?;
    assert!(
        error.contains("certificate was not accepted (expected server18.hosting.test)"),
        "{error}"
    );
    Ok(())
}

#[tokio::test]
async fn an_intermediate_sent_by_the_server_completes_the_chain() -> Result<()> {
    let stack = MailStack::with_certificate("chain", false)?;
    assert_logs_in(trusting(&stack, ca_of(&stack), CERT_NAME)).await
}

#[tokio::test]
async fn an_intermediate_not_sent_is_refused_unless_configured() -> Result<()> {
    let stack = MailStack::with_certificate("chain-incomplete", false)?;
    let error = login_error(trusting(&stack, ca_of(&stack), CERT_NAME)).await?;
    assert!(
        error.contains("certificate was not accepted (expected server17.hosting.test)"),
        "{error}"
    );
    // Documented: put the intermediate into POSTERN_TLS_CA with the root.
    let bundle = stack.tls_file("bundle.crt");
    let mut pem = std::fs::read(stack.ca_path())?;
    pem.extend(std::fs::read(stack.tls_file("intermediate.crt"))?);
    std::fs::write(&bundle, pem)?;
    assert_logs_in(trusting(
        &stack,
        bundle.to_string_lossy().into_owned(),
        CERT_NAME,
    ))
    .await
}

#[tokio::test]
async fn an_expired_certificate_is_refused_naming_the_date_unless_pinned() -> Result<()> {
    let stack = MailStack::with_certificate("expired", true)?;
    let env = trusting(&stack, ca_of(&stack), CERT_NAME);
    let error = login_error(env.clone()).await?;
    assert!(
        error.contains("certificate expired on 2025-01-01"),
        "{error}"
    );
    let (status, body) = readiness(env).await?;
    assert_eq!(status, 503, "{body}");
    for server in ["imap", "smtp"] {
        let detail = body[server]["detail"].as_str().unwrap_or_default();
        assert!(detail.contains("expired on 2025-01-01"), "{server}: {body}");
    }
    // A pin names exactly one certificate; its dates are the operator's business.
    assert_logs_in(pinned(&stack)?).await
}

#[tokio::test]
async fn a_pinned_certificate_replaced_after_a_server_move_is_named() -> Result<()> {
    let stack = MailStack::with_certificate("self-signed", false)?;
    let env = pinned(&stack)?;
    assert_logs_in(env.clone()).await?;
    stack.new_certificate()?;
    let error = login_error(env).await?;
    assert!(
        error.contains("certificate is not the one this webmail trusts"),
        "{error}"
    );
    Ok(())
}
