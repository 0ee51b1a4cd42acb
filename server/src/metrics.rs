//! Prometheus metrics on a listener of their own (`POSTERN_METRICS_ADDR`, off by default):
//! requests and their latency by route, IMAP and SMTP latency, sessions and IMAP connections of
//! this instance, logins and sends by outcome. Labels are route templates and fixed words —
//! never an address, a folder or anything else a person typed.

use std::sync::OnceLock;
use std::time::Duration;

use postern_app::error::AppError;
use prometheus_client::encoding::EncodeLabelSet;
use prometheus_client::metrics::counter::Counter;
use prometheus_client::metrics::family::Family;
use prometheus_client::metrics::gauge::Gauge;
use prometheus_client::metrics::histogram::Histogram;
use prometheus_client::registry::Registry;

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteLabels {
    route: String,
    method: String,
    status: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct RouteTimeLabels {
    route: String,
    method: String,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct OutcomeLabels {
    outcome: &'static str,
}

#[derive(Clone, Debug, Hash, PartialEq, Eq, EncodeLabelSet)]
struct ImapLabels {
    /// `login` or `operation` (the commands one request sends on its connection).
    kind: &'static str,
}

struct Metrics {
    registry: Registry,
    requests: Family<RouteLabels, Counter>,
    request_seconds: Family<RouteTimeLabels, Histogram>,
    imap_seconds: Family<ImapLabels, Histogram>,
    smtp_seconds: Histogram,
    logins: Family<OutcomeLabels, Counter>,
    sends: Family<OutcomeLabels, Counter>,
    sessions: Gauge,
    imap_connections: Gauge,
}

fn seconds_buckets() -> impl Iterator<Item = f64> {
    [
        0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0,
    ]
    .into_iter()
}

fn metrics() -> &'static Metrics {
    static METRICS: OnceLock<Metrics> = OnceLock::new();
    METRICS.get_or_init(|| {
        let mut registry = Registry::with_prefix("postern");
        let requests = Family::<RouteLabels, Counter>::default();
        registry.register(
            "http_requests",
            "HTTP requests answered, by route and status",
            requests.clone(),
        );
        let request_seconds = Family::<RouteTimeLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(seconds_buckets())
        });
        registry.register(
            "http_request_duration_seconds",
            "Time to answer an HTTP request (to its first byte), by route",
            request_seconds.clone(),
        );
        let imap_seconds = Family::<ImapLabels, Histogram>::new_with_constructor(|| {
            Histogram::new(seconds_buckets())
        });
        registry.register(
            "imap_duration_seconds",
            "IMAP latency: a login, or the commands of one request on its connection",
            imap_seconds.clone(),
        );
        let smtp_seconds = Histogram::new(seconds_buckets());
        registry.register(
            "smtp_submission_duration_seconds",
            "Time to hand one message to the submission server",
            smtp_seconds.clone(),
        );
        let logins = Family::<OutcomeLabels, Counter>::default();
        registry.register("logins", "Login attempts by outcome", logins.clone());
        let sends = Family::<OutcomeLabels, Counter>::default();
        registry.register("sends", "Messages sent, by outcome", sends.clone());
        let sessions = Gauge::default();
        registry.register(
            "sessions",
            "Sessions this instance has served recently (each with its IMAP connection slot)",
            sessions.clone(),
        );
        let imap_connections = Gauge::default();
        registry.register(
            "imap_connections",
            "IMAP connections this instance holds open",
            imap_connections.clone(),
        );
        Metrics {
            registry,
            requests,
            request_seconds,
            imap_seconds,
            smtp_seconds,
            logins,
            sends,
            sessions,
            imap_connections,
        }
    })
}

/// One answered request.
pub fn request(route: &str, method: &str, status: u16, took: Duration) {
    let m = metrics();
    m.requests
        .get_or_create(&RouteLabels {
            route: route.to_string(),
            method: method.to_string(),
            status: status.to_string(),
        })
        .inc();
    m.request_seconds
        .get_or_create(&RouteTimeLabels {
            route: route.to_string(),
            method: method.to_string(),
        })
        .observe(took.as_secs_f64());
}

pub fn imap_login(took: Duration) {
    metrics()
        .imap_seconds
        .get_or_create(&ImapLabels { kind: "login" })
        .observe(took.as_secs_f64());
}

pub fn imap_operation(took: Duration) {
    metrics()
        .imap_seconds
        .get_or_create(&ImapLabels { kind: "operation" })
        .observe(took.as_secs_f64());
}

pub fn smtp_submission(took: Duration) {
    metrics().smtp_seconds.observe(took.as_secs_f64());
}

/// A login's outcome, in the operator's words.
pub fn login<T>(result: &Result<T, AppError>) {
    let outcome = match result {
        Ok(_) => "ok",
        Err(AppError::WrongCredentials) => "wrong_password",
        Err(AppError::TooManyAttempts { .. }) => "throttled",
        Err(AppError::ServerUnreachable { .. } | AppError::Timeout { .. }) => "unreachable",
        Err(
            AppError::CertificateRejected { .. }
            | AppError::CertificateExpired { .. }
            | AppError::CertificateNotYetValid { .. }
            | AppError::CertificateChanged,
        ) => "certificate",
        Err(AppError::Unavailable) => "store_unavailable",
        Err(AppError::NotFullAddress | AppError::DomainNotServed { .. }) => "not_served",
        Err(_) => "other",
    };
    metrics()
        .logins
        .get_or_create(&OutcomeLabels { outcome })
        .inc();
}

/// A send's outcome: `sent`, `not_sent` (refused or failed; the person was told),
/// `duplicate` (a second post of a form already sent or sending).
pub fn send(outcome: &'static str) {
    metrics()
        .sends
        .get_or_create(&OutcomeLabels { outcome })
        .inc();
}

/// The text a scrape gets, with this instance's current sessions and connections.
pub fn render(sessions: usize, imap_connections: usize) -> String {
    let m = metrics();
    m.sessions.set(sessions as i64);
    m.imap_connections.set(imap_connections as i64);
    let mut text = String::new();
    if prometheus_client::encoding::text::encode(&mut text, &m.registry).is_err() {
        text.clear();
    }
    text
}

/// The content type of [`render`]'s text.
pub const CONTENT_TYPE: &str = "application/openmetrics-text; version=1.0.0; charset=utf-8";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_without_personal_labels() {
        request("/mail/message", "GET", 200, Duration::from_millis(12));
        login::<()>(&Err(AppError::WrongCredentials));
        send("sent");
        let text = render(3, 2);
        assert!(
            text.contains("postern_http_requests_total{route=\"/mail/message\",method=\"GET\",status=\"200\"} 1"),
            "{text}"
        );
        assert!(text.contains("postern_logins_total{outcome=\"wrong_password\"} 1"));
        assert!(text.contains("postern_imap_connections 2"));
        assert!(text.ends_with("# EOF\n"));
    }
}
