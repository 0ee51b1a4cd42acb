//! `/healthz`: the process answers. `/readyz`: the configured mail servers answer and their
//! certificates pass the configured check, and the session store (Redis, when configured)
//! answers.

use axum::Json;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::IntoResponse;
use serde_json::{Value, json};

use crate::state::AppState;
use crate::upstream::Upstream;

pub async fn healthz() -> &'static str {
    "ok"
}

pub async fn readyz(State(state): State<AppState>) -> impl IntoResponse {
    let settings = &state.settings;
    let connector = state.pool.connector();
    let imap = check(&settings.imap, |target| async move {
        connector.probe(&target).await
    })
    .await;
    let smtp = check(&settings.smtp, |target| {
        let tls = state.tls.clone();
        async move {
            crate::smtp::probe(
                &target,
                &tls,
                settings.allow_private_upstream,
                settings.timeout,
            )
            .await
        }
    })
    .await;
    let store = match &state.redis {
        None => json!({ "kind": "memory", "status": "ok" }),
        Some(redis) => match redis.ping().await {
            Ok(()) => json!({ "kind": "redis", "at": redis.shown_as, "status": "ok" }),
            Err(error) => json!({ "kind": "redis", "at": redis.shown_as, "status": "error",
                                  "detail": error.to_string() }),
        },
    };
    let ready = [&imap, &smtp, &store]
        .iter()
        .all(|c| c["status"] != "error");
    let insecure = matches!(settings.trust, crate::config::CertificateTrust::Insecure);
    let body = json!({
        "ready": ready,
        "imap": imap,
        "smtp": smtp,
        "session_store": store,
        "tls_insecure": insecure,
        "sessions_with_connection": state.pool.len(),
    });
    let status = if ready {
        StatusCode::OK
    } else {
        StatusCode::SERVICE_UNAVAILABLE
    };
    (status, Json(body))
}

async fn check<F, Fut>(upstream: &Upstream, probe: F) -> Value
where
    F: FnOnce(crate::upstream::Target) -> Fut,
    Fut: std::future::Future<Output = Result<(), postern_app::error::AppError>>,
{
    if upstream.is_template() {
        return json!({ "host": upstream.host, "port": upstream.port, "status": "skipped",
                       "detail": "the host depends on the login domain" });
    }
    let target = upstream.target_for("");
    match probe(target).await {
        Ok(()) => json!({ "host": upstream.host, "port": upstream.port, "status": "ok" }),
        Err(error) => json!({ "host": upstream.host, "port": upstream.port, "status": "error",
                              "detail": error.to_string() }),
    }
}
