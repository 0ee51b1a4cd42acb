//! Puts the server together: settings → TLS, IMAP pool, sessions, routes, middleware.

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use axum::Router;
use axum::extract::{Request, State};
use axum::http::{Method, header};
use axum::middleware::{Next, from_fn, from_fn_with_state};
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use leptos::prelude::*;
use leptos_axum::{LeptosRoutes, generate_route_list};
use postern_app::app::{App, shell};
use postern_app::model::LoginFormState;
use postern_app::port::RequestContext;
use tower_http::compression::Predicate;
use tower_sessions::cookie::SameSite;
use tower_sessions::{Expiry, MemoryStore, Session, SessionManagerLayer};

use crate::account::{ImapAccount, Submission};
use crate::carried::CarriedForms;
use crate::config::SessionStoreKind;
use crate::config::{CertificateTrust, Settings};
use crate::imap::{ConnectionPool, Connector};
use crate::routes;
use crate::security;
use crate::send_tokens::SendTokens;
use crate::session::{self, CookieNames, StoredAccount};
use crate::shared::Redis;
use crate::shared::sessions::RedisSessions;
pub use crate::state::AppState;
use crate::throttle::LoginThrottle;
use crate::tls::TlsClient;

/// Logs to stderr; `POSTERN_LOG` takes a filter such as `debug` or `postern_server=debug`;
/// `POSTERN_LOG_FORMAT=json` writes one JSON object a line (for a log collector).
pub fn init_logging() {
    let filter = tracing_subscriber::EnvFilter::try_from_env("POSTERN_LOG")
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info,tower_sessions=warn"));
    let json = std::env::var("POSTERN_LOG_FORMAT")
        .is_ok_and(|format| format.trim().eq_ignore_ascii_case("json"));
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter)
        .with_target(false);
    let _ = if json {
        builder.json().flatten_event(true).try_init()
    } else {
        builder.try_init()
    };
}

/// Builds the whole application with the in-memory session store; nothing here touches the
/// network.
pub fn build(settings: Settings) -> Result<(Router, AppState), String> {
    build_with_store(settings, MemoryStore::default())
}

/// Builds the application on the session store the settings name (`POSTERN_SESSION_STORE`).
/// With Redis, the login throttle and the send tokens are kept there too. Needs a Tokio
/// runtime; does not wait for Redis (a store that is down makes `/readyz` fail instead).
pub fn build_configured(settings: Settings) -> Result<(Router, AppState), String> {
    match settings.session_store.clone() {
        SessionStoreKind::Memory => build_with_store(settings, MemoryStore::default()),
        SessionStoreKind::Redis { url } => {
            let redis = Redis::new(&url, settings.timeout.min(Duration::from_secs(3)))?;
            tracing::info!(store = %redis.shown_as, "sessions are kept in Redis");
            redis.keep_alive();
            let state = app_state(settings, Some(redis.clone()))?;
            Ok(build_on(state, RedisSessions::new(redis)))
        }
    }
}

/// TLS rules, the IMAP connection pool, submission, cookies and the login throttle, from the
/// settings.
fn app_state(settings: Settings, redis: Option<Redis>) -> Result<AppState, String> {
    if settings.trust == CertificateTrust::Insecure {
        tracing::warn!(
            "POSTERN_TLS_INSECURE=true: ANY certificate is accepted from the mail servers. \
             Passwords can be intercepted by anyone on the network path. Pin the certificate \
             (POSTERN_TLS_PIN_SHA256) or name it (POSTERN_TLS_SERVER_NAME) instead."
        );
    }
    let tls = TlsClient::new(&settings.trust)?;
    let connector = Arc::new(Connector {
        upstream: settings.imap.clone(),
        tls: tls.clone(),
        allowed_domains: settings.allowed_domains.clone(),
        allow_internal: settings.allow_private_upstream,
        timeout: settings.timeout,
    });
    let live = crate::imap::live::Live::new(connector.clone(), settings.live_linger);
    let pool = Arc::new(ConnectionPool::new(connector));
    let leptos_options = LeptosOptions::builder()
        .output_name("postern")
        .site_root(settings.site_root.to_string_lossy().to_string())
        .site_pkg_dir(format!(
            "pkg/{}",
            asset_version(&settings.site_root.join("pkg"))
        ))
        .site_addr(settings.site_addr)
        .build();
    let cookies = CookieNames::new(settings.is_https());
    let (throttle, send_tokens, carried) = match &redis {
        Some(redis) => (
            LoginThrottle::shared(
                settings.login_max_failures,
                settings.login_window,
                redis.clone(),
            ),
            SendTokens::shared(redis.clone()),
            CarriedForms::shared(redis.clone()),
        ),
        None => (
            LoginThrottle::new(settings.login_max_failures, settings.login_window),
            SendTokens::default(),
            CarriedForms::default(),
        ),
    };
    let submission = Arc::new(Submission {
        upstream: settings.smtp.clone(),
        tls: tls.clone(),
        allow_internal: settings.allow_private_upstream,
        timeout: settings.timeout,
        extra_from: settings.extra_from.clone(),
    });
    let sieve = settings.managesieve.clone().map(|upstream| {
        Arc::new(crate::sieve::ManageSieve {
            upstream,
            tls: tls.clone(),
            allow_internal: settings.allow_private_upstream,
            timeout: settings.timeout,
        })
    });
    let state = AppState {
        leptos_options,
        sieve,
        settings: Arc::new(settings),
        pool,
        live,
        tls,
        submission,
        send_tokens: Arc::new(send_tokens),
        carried: Arc::new(carried),
        carry_limit: Arc::new(LoginThrottle::per_address(
            30,
            crate::carried::KEEP,
            "carry",
            redis.clone(),
        )),
        cookies,
        throttle: Arc::new(throttle),
        redis,
    };

    Ok(state)
}

/// Builds the application on any session store (what the store keeps is safe to dump: the
/// password only sealed, its key only in the browser).
pub fn build_with_store<S>(settings: Settings, store: S) -> Result<(Router, AppState), String>
where
    S: tower_sessions::SessionStore + Clone,
{
    Ok(build_on(app_state(settings, None)?, store))
}

fn build_on<S>(state: AppState, store: S) -> (Router, AppState)
where
    S: tower_sessions::SessionStore + Clone,
{
    let leptos_options = state.leptos_options.clone();
    let sessions = SessionManagerLayer::new(store)
        .with_name(state.cookies.session)
        .with_secure(state.cookies.secure)
        .with_http_only(true)
        .with_same_site(SameSite::Lax)
        .with_path("/")
        .with_expiry(Expiry::OnInactivity(time::Duration::seconds(
            state.settings.session_idle.as_secs().min(i64::MAX as u64) as i64,
        )));

    let routes = route_list();
    let router = Router::new()
        .route("/", get(|| async { Redirect::to("/mail") }))
        .route("/login", post(routes::auth::login))
        .route("/logout", post(routes::auth::logout))
        .route("/language", get(routes::language::choose))
        .route("/healthz", get(routes::health::healthz))
        .route("/readyz", get(routes::health::readyz))
        .route("/events", get(routes::live::events))
        .route("/mail/body", get(routes::message::body))
        .route("/mail/part", get(routes::message::part))
        .route("/mail/raw", get(routes::message::raw))
        .route("/mail/export", get(routes::export::export_mbox))
        .route("/mail/action", post(routes::organise::action))
        .route("/settings", post(routes::settings::save))
        .route(
            "/settings/remote-images",
            post(routes::settings::remote_images),
        )
        .route(
            "/settings/addresses",
            post(routes::settings::forget_addresses),
        )
        .route(routes::rules::PAGE, post(routes::rules::save))
        .route(
            "/mail/compose",
            post(routes::compose::submit).layer(axum::extract::DefaultBodyLimit::max(
                compose_body_limit(state.settings.attachment_limit),
            )),
        )
        .leptos_routes_with_context(&state, routes, provide_page_nonce, {
            let options = leptos_options.clone();
            move || shell(options.clone())
        })
        .nest_service(
            &format!("/{}", leptos_options.site_pkg_dir),
            assets(&state.settings.site_root.join("pkg"), true),
        )
        .nest_service("/pkg", assets(&state.settings.site_root.join("pkg"), false))
        .fallback(leptos_axum::file_and_error_handler_with_context::<
            AppState,
            _,
        >(provide_page_nonce, shell))
        .layer(from_fn_with_state(state.clone(), attach_request_context))
        .layer(sessions)
        .layer(from_fn(unavailable_page))
        .layer(from_fn(count_request))
        .layer(from_fn(security::same_origin_only))
        .layer(from_fn_with_state(
            state.clone(),
            security::security_headers,
        ))
        .layer(
            tower_http::compression::CompressionLayer::new().compress_when(
                tower_http::compression::predicate::SizeAbove::new(256).and(Compressible),
            ),
        )
        .with_state(state.clone());
    (router, state)
}

/// Gives the page the nonce that `security::security_headers` made for this request and puts
/// in the page's policy (the header is set there, from the same value, not by the page).
fn provide_page_nonce() {
    let nonce = use_context::<axum::http::request::Parts>()
        .and_then(|parts| parts.extensions.get::<security::PageNonce>().cloned());
    if let Some(security::PageNonce(nonce)) = nonce {
        provide_context(leptos::nonce::Nonce::from_value(nonce));
    }
}

/// The app's routes, generated once per process. Generating runs the whole app with resource
/// loading suppressed through a process-wide flag of leptos_server: a page that another server
/// of the same process renders at that moment waits for its data forever (leptos issue 4773).
/// One server per process never meets this; the in-process test servers, started while others
/// serve, did (a request now and then got no answer).
fn route_list() -> Vec<leptos_axum::AxumRouteListing> {
    static ROUTES: std::sync::OnceLock<Vec<leptos_axum::AxumRouteListing>> =
        std::sync::OnceLock::new();
    ROUTES.get_or_init(|| generate_route_list(App)).clone()
}

/// The assets' version: the first 16 hex digits of a SHA-256 over the bundle, its loader and the
/// stylesheet as built, read once at start. Pages name the assets under `/pkg/<version>/`, so a
/// new build has new addresses and a browser may keep the old ones for good.
fn asset_version(dir: &std::path::Path) -> String {
    use sha2::Digest;
    let mut hash = sha2::Sha256::new();
    for name in ["postern.js", "postern.wasm", "postern.css"] {
        hash.update(name.as_bytes());
        hash.update(std::fs::read(dir.join(name)).unwrap_or_default());
    }
    hash.finalize()
        .iter()
        .take(8)
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// The wasm bundle, its loader and the stylesheet: served as compressed at build time (brotli,
/// gzip) when the browser takes it. Under their versioned address (`versioned`) they never
/// change, and are kept a year without asking again; under plain `/pkg/` (the pages of
/// `unavailable_page_for`, old pages) they are revalidated by date.
fn assets(dir: &std::path::Path, versioned: bool) -> Router {
    let files = tower_http::services::ServeDir::new(dir)
        .precompressed_br()
        .precompressed_gzip();
    let cache = if versioned {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    Router::new().fallback_service(files).layer(
        tower_http::set_header::SetResponseHeaderLayer::if_not_present(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static(cache),
        ),
    )
}

/// Which responses are compressed on the fly: text that shrinks (pages, plain-text and HTML
/// parts, `.eml`, mbox, JSON), never formats that are compressed already (images, PDF, archives,
/// audio, video) or unknown bytes (`application/octet-stream`), and never bodies under 256 bytes.
/// Release assets are compressed once at build time and served as they are.
#[derive(Clone, Copy)]
struct Compressible;

impl tower_http::compression::Predicate for Compressible {
    fn should_compress<B>(&self, response: &axum::http::Response<B>) -> bool
    where
        B: axum::body::HttpBody,
    {
        let content_type = response
            .headers()
            .get(header::CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .unwrap_or_default();
        compressible(content_type)
    }
}

/// Whether a content type is text worth compressing.
fn compressible(content_type: &str) -> bool {
    let mime = content_type
        .split(';')
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase();
    if mime == "text/event-stream" {
        return false;
    }
    mime.starts_with("text/")
        || mime.starts_with("message/")
        || matches!(
            mime.as_str(),
            "application/json"
                | "application/mbox"
                | "application/javascript"
                | "application/xml"
                | "image/svg+xml"
        )
}

/// The largest compose form accepted: the attachment limit (counted as base64 when checked,
/// but uploaded raw) plus room for the text fields.
fn compose_body_limit(attachment_limit: u64) -> usize {
    usize::try_from(attachment_limit + 4 * 1024 * 1024).unwrap_or(usize::MAX)
}

/// Serves until Ctrl-C / SIGTERM on the session store the settings name; logs idle IMAP
/// connections out in the background; serves metrics when `POSTERN_METRICS_ADDR` is set.
pub async fn serve(settings: Settings, listener: tokio::net::TcpListener) -> anyhow::Result<()> {
    let metrics_addr = settings.metrics_addr;
    let (router, state) = build_configured(settings).map_err(|e| anyhow::anyhow!(e))?;
    if let Some(address) = metrics_addr {
        let metrics = tokio::net::TcpListener::bind(address)
            .await
            .map_err(|e| anyhow::anyhow!("POSTERN_METRICS_ADDR {address}: {e}"))?;
        tracing::info!("metrics on http://{address}/metrics");
        tokio::spawn(serve_metrics(metrics, state.clone()));
    }
    run(router, state, listener).await
}

/// [`serve`] on a given session store.
pub async fn serve_with_store<S>(
    settings: Settings,
    listener: tokio::net::TcpListener,
    store: S,
) -> anyhow::Result<()>
where
    S: tower_sessions::SessionStore + Clone,
{
    let (router, state) = build_with_store(settings, store).map_err(|e| anyhow::anyhow!(e))?;
    run(router, state, listener).await
}

/// Serves until stopped. On SIGTERM (or Ctrl-C) the instance drains: it stops accepting
/// connections at once (a load balancer sends new requests to the others), lets the requests
/// already running finish for up to `POSTERN_DRAIN_SECONDS`, then logs its IMAP connections
/// out and returns.
async fn run(
    router: Router,
    state: AppState,
    listener: tokio::net::TcpListener,
) -> anyhow::Result<()> {
    spawn_idle_sweeper(&state);
    let address = listener.local_addr()?;
    tracing::info!("Postern listens on http://{address}");
    let (stopping, mut stop_seen) = tokio::sync::watch::channel(false);
    let live = state.live.clone();
    let server = axum::serve(
        listener,
        router.into_make_service_with_connect_info::<SocketAddr>(),
    )
    .with_graceful_shutdown(async move {
        shutdown_signal().await;
        tracing::info!("stopping: no new connections; finishing the requests under way");
        let _ = stopping.send(true);
        // Open pages' streams would otherwise hold the drain open until its end.
        live.end_streams();
    });
    let drain = state.settings.drain;
    let deadline = async move {
        let _ = stop_seen.wait_for(|stopping| *stopping).await;
        tokio::time::sleep(drain).await;
    };
    tokio::select! {
        result = server => result?,
        () = deadline => tracing::warn!(
            seconds = drain.as_secs(),
            "requests still running after the drain time; stopping anyway"
        ),
    }
    futures::join!(state.pool.close_all(), state.live.close_all());
    tracing::info!("stopped");
    Ok(())
}

/// `GET /metrics` on the metrics listener; anything else is 404.
async fn serve_metrics(listener: tokio::net::TcpListener, state: AppState) {
    let router = Router::new().route(
        "/metrics",
        get(move || {
            let state = state.clone();
            async move {
                let text = crate::metrics::render(state.pool.len(), state.pool.open_connections());
                ([(header::CONTENT_TYPE, crate::metrics::CONTENT_TYPE)], text)
            }
        }),
    );
    if let Err(error) = axum::serve(listener, router).await {
        tracing::error!(%error, "the metrics listener stopped");
    }
}

/// Counts each answered request by its route template (never the path a person asked for).
async fn count_request(request: Request, next: Next) -> Response {
    let route = request
        .extensions()
        .get::<axum::extract::MatchedPath>()
        .map(|p| p.as_str().to_string())
        .unwrap_or_else(|| "other".to_string());
    let method = match *request.method() {
        Method::GET => "GET",
        Method::POST => "POST",
        Method::HEAD => "HEAD",
        _ => "other",
    };
    let started = std::time::Instant::now();
    let response = next.run(request).await;
    crate::metrics::request(
        &route,
        method,
        response.status().as_u16(),
        started.elapsed(),
    );
    response
}

/// What a request that met the session store down did.
#[derive(Clone, Copy)]
enum Unserved {
    /// A page or download: it changed nothing, but it may be the page a form post was sent on
    /// to, and that post's outcome (kept for this page) cannot be read now.
    Page,
    /// A post refused before it ran.
    NotDone,
    /// A post that ran and whose outcome could not be kept.
    Unknown,
}

/// The page for a request that cannot be served because the session store is unreachable
/// (Redis down): the session is not lost, the person is told to try again, and what became of
/// what they did.
fn unavailable_page_for(unserved: Unserved) -> Response {
    let outcome = match unserved {
        Unserved::NotDone => "What you just did was not done. You stay logged in.",
        Unserved::Unknown => {
            "What you just did may or may not have been done: look before doing it again (for \
             a message, look in Sent before sending it again). You stay logged in."
        }
        Unserved::Page => {
            "If you had just done something (moved, deleted or sent a message), it may or may \
             not have been done: look before doing it again (for a message, look in Sent). You \
             stay logged in."
        }
    };
    let html = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>Temporarily unavailable — Postern</title>\
         <link rel=\"stylesheet\" href=\"/pkg/postern.css\"></head><body>\
         <main id=\"postern\" class=\"unavailable\"><h1>Postern</h1>\
         <p role=\"alert\" data-testid=\"unavailable\">{}</p>\
         <p data-testid=\"unavailable-outcome\">{outcome}</p>\
         <p><a href=\"/mail\" data-testid=\"unavailable-retry\">Try again</a></p>\
         </main></body></html>",
        postern_app::error::AppError::Unavailable,
    );
    (
        axum::http::StatusCode::SERVICE_UNAVAILABLE,
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-store"),
            (header::RETRY_AFTER, "5"),
        ],
        html,
    )
        .into_response()
}

/// The session layer answers a store that failed while saving with an empty 500: a blank page.
/// It becomes the "temporarily unavailable" page.
async fn unavailable_page(request: Request, next: Next) -> Response {
    let unserved = if matches!(*request.method(), Method::GET | Method::HEAD) {
        Unserved::Page
    } else {
        Unserved::Unknown
    };
    let response = next.run(request).await;
    let blank = response.status() == axum::http::StatusCode::INTERNAL_SERVER_ERROR
        && !response.headers().contains_key(header::CONTENT_TYPE)
        && axum::body::HttpBody::size_hint(response.body()).exact() == Some(0);
    if blank {
        tracing::error!("the session could not be saved; answered as temporarily unavailable");
        return unavailable_page_for(unserved);
    }
    response
}

fn spawn_idle_sweeper(state: &AppState) {
    let pool = state.pool.clone();
    let idle = state.settings.imap_idle;
    tokio::spawn(async move {
        let mut tick = tokio::time::interval(Duration::from_secs(30).min(idle));
        loop {
            tick.tick().await;
            pool.evict_idle(idle).await;
        }
    });
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        _ = ctrl_c => {},
        _ = terminate => {},
    }
}

/// The account of a session whose sealed password opens with the browser's key.
pub(crate) fn account_for(
    state: &AppState,
    stored: StoredAccount,
    key: session::SessionKey,
) -> ImapAccount {
    let settings = stored.settings.unwrap_or_default();
    // The person's choice where they made one (only ever one of the offered sizes).
    let page_size = settings
        .page_size
        .filter(|n| postern_app::model::PAGE_SIZES.contains(n))
        .unwrap_or(state.settings.page_size);
    ImapAccount {
        address: stored.address,
        connection_id: stored.connection_id,
        sealed_password: stored.sealed_password,
        key,
        pool: state.pool.clone(),
        live: state.live.clone(),
        submission: state.submission.clone(),
        page_size,
        default_page_size: state.settings.page_size,
        attachment_limit: state.settings.attachment_limit,
        sieve: state.sieve.clone(),
        settings,
    }
}

/// Resolves the session into the app's [`RequestContext`]; sends people who are not logged in
/// from mail pages to the login page, and logged-in people from the login page to their mail.
async fn attach_request_context(
    State(state): State<AppState>,
    session: Session,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_string();
    let is_page_get = request.method() == Method::GET;
    let stored = match session.get::<StoredAccount>(session::ACCOUNT).await {
        Ok(stored) => stored,
        Err(error) => {
            tracing::error!(%error, "the session store cannot be read");
            if is_page_get && path == "/login" {
                // The login page still shows, saying why logging in cannot work now.
                request.extensions_mut().insert(RequestContext {
                    account: None,
                    login_form: Some(LoginFormState {
                        error: Some(postern_app::error::AppError::Unavailable),
                        ..Default::default()
                    }),
                    notice: None,
                    compose: None,
                    settings_form: None,
                    rules_form: None,
                });
                return next.run(request).await;
            }
            // Refused before the request ran: nothing was changed by it.
            return unavailable_page_for(if is_page_get {
                Unserved::Page
            } else {
                Unserved::NotDone
            });
        }
    };
    let key = state.cookies.key_from(request.headers());
    let account = match (stored, key) {
        (Some(stored), Some(key)) if stored.sealed_password.open(&key, &stored.address).is_ok() => {
            Some(Arc::new(account_for(&state, stored, key))
                as Arc<dyn postern_app::port::MailAccount>)
        }
        _ => None,
    };
    let login_form = if is_page_get && path == "/login" {
        if account.is_some() {
            return Redirect::to("/mail").into_response();
        }
        let kept = session
            .remove::<LoginFormState>(session::LOGIN_FORM)
            .await
            .ok()
            .flatten();
        // Why the login page was shown instead (said once: the query is not kept by a login).
        let reason = match request.uri().query() {
            Some("unavailable") => Some(postern_app::error::AppError::Unavailable),
            Some("ended") => Some(postern_app::error::AppError::EndedBeforeAction),
            _ => None,
        };
        let kept = kept.or_else(|| {
            reason.map(|error| LoginFormState {
                error: Some(error),
                ..Default::default()
            })
        });
        // A message written when the session ended waits for this login: say so.
        let waiting = match state.cookies.carry_from(request.headers()) {
            Some(cookie) => state.carried.peek(&cookie).await,
            None => None,
        };
        match waiting {
            Some(carried) => {
                let mut form = kept.unwrap_or_default();
                if form.email.is_empty() {
                    form.email = carried.account;
                }
                // What the message says stays sealed until its account logs in.
                form.resume = true;
                Some(form)
            }
            None => kept,
        }
    } else {
        None
    };
    if is_page_get
        && account.is_none()
        && (path == "/mail" || path.starts_with("/mail/") || path.starts_with("/settings"))
    {
        let mut response = Redirect::to("/login").into_response();
        response.headers_mut().insert(
            header::CACHE_CONTROL,
            header::HeaderValue::from_static("no-store"),
        );
        return response;
    }
    // A message just sent: its answer is read from its send token's record.
    let sent_token = (is_page_get && path == "/mail")
        .then(|| request.uri().query())
        .flatten()
        .and_then(|query| {
            form_urlencoded::parse(query.as_bytes())
                .find(|(name, _)| name == crate::routes::compose::SENT_PARAM)
                .map(|(_, token)| token.into_owned())
        });
    let sent = match (&sent_token, &account) {
        (Some(token), Some(account)) => state
            .send_tokens
            .answer(account.address(), token)
            .await
            .map(|answer| answer.notice),
        _ => None,
    };
    let notice = if sent.is_some() {
        sent
    } else if is_page_get
        && (path == "/mail"
            || path.starts_with("/mail/message")
            || path == "/mail/compose"
            || path == "/settings"
            || path == crate::routes::rules::PAGE)
    {
        session
            .remove::<postern_app::model::Notice>(session::NOTICE)
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let compose = if is_page_get && path == "/mail/compose" {
        session
            .remove::<postern_app::model::ComposeForm>(session::COMPOSE)
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let settings_form = if is_page_get && path == crate::routes::settings::PAGE {
        session
            .remove::<postern_app::model::SettingsPage>(crate::routes::settings::SETTINGS_FORM)
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    let rules_form = if is_page_get && path == crate::routes::rules::PAGE {
        session
            .remove::<postern_app::model::RulesPage>(crate::routes::rules::RULES_FORM)
            .await
            .ok()
            .flatten()
    } else {
        None
    };
    request.extensions_mut().insert(RequestContext {
        account,
        login_form,
        notice,
        compose,
        settings_form,
        rules_form,
    });
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::compressible;

    #[test]
    fn only_text_is_compressed() {
        for yes in [
            "text/html; charset=utf-8",
            "message/rfc822",
            "application/mbox",
            "text/plain",
        ] {
            assert!(compressible(yes), "{yes}");
        }
        for no in [
            "application/pdf",
            "image/png",
            "application/zip",
            "application/octet-stream",
            "video/mp4",
            "text/event-stream",
            "",
        ] {
            assert!(!compressible(no), "{no}");
        }
    }
}
