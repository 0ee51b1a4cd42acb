//! Settings: a TOML file, then environment variables on top. The variable names are a contract
//! with operators (docs/configuration.md). A bad setting stops start-up with a message that names
//! it and says what is wrong.

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::upstream::{Protocol, Upstream};

/// How the mail servers' certificates are checked (the same rule for IMAP and SMTP).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum CertificateTrust {
    /// The usual chain check against public roots plus `extra_roots_pem`, for the name the
    /// certificate must carry: `expected_name`, or else the host connected to.
    Chain {
        extra_roots_pem: Option<PathBuf>,
        expected_name: Option<String>,
    },
    /// Exactly these certificates (SHA-256 of the DER), whatever their names or issuers.
    Pinned { sha256: Vec<[u8; 32]> },
    /// Any certificate. Only by explicit choice; warned about at every start and on /readyz.
    Insecure,
}

#[derive(Clone, Debug)]
pub struct Settings {
    pub site_addr: SocketAddr,
    pub site_root: PathBuf,
    /// The address people use; `https://…` turns on Secure cookies and HSTS.
    pub public_url: Option<String>,
    pub imap: Upstream,
    pub smtp: Upstream,
    pub allowed_domains: Vec<String>,
    pub trust: CertificateTrust,
    pub session_idle: Duration,
    /// Lets template hosts resolve to loopback/private addresses (tests, single-host set-ups).
    pub allow_private_upstream: bool,
    /// Limit for connecting, TLS, login and each IMAP command.
    pub timeout: Duration,
    /// Messages per folder page.
    pub page_size: u32,
    /// Failed logins allowed per client address and per account within `login_window`.
    pub login_max_failures: u32,
    pub login_window: Duration,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<std::net::IpAddr>,
    /// An IMAP connection unused this long is logged out (the session stays; the next request
    /// reconnects). Servers limit connections per user, so idle ones are not hoarded.
    pub imap_idle: Duration,
    /// Total size of a message's attachments, counted after base64 (what the SMTP server sees).
    pub attachment_limit: u64,
    /// Where sessions, login counters and send tokens are kept.
    pub session_store: SessionStoreKind,
    /// A separate listener for Prometheus metrics; off when `None`.
    pub metrics_addr: Option<SocketAddr>,
    /// On SIGTERM, how long requests already running may take to finish.
    pub drain: Duration,
    /// Live mail: how long a session's watch stays open after its last page stopped listening.
    pub live_linger: Duration,
    /// Other From addresses people may write from (`POSTERN_EXTRA_FROM`); none by default.
    pub extra_from: crate::compose::identity::ExtraFrom,
    /// Where vacation replies and filters are managed (ManageSieve); `None`: not offered.
    pub managesieve: Option<Upstream>,
}

/// `POSTERN_SESSION_STORE`: this process's memory (one instance), or Redis (several).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SessionStoreKind {
    Memory,
    /// `redis://HOST:PORT/DB` or `rediss://…` (Redis or Valkey).
    Redis {
        url: String,
    },
}

impl SessionStoreKind {
    fn parse(text: &str) -> Result<Self, String> {
        let text = text.trim();
        let lower = text.to_ascii_lowercase();
        if lower == "memory" {
            Ok(SessionStoreKind::Memory)
        } else if lower.starts_with("redis://") || lower.starts_with("rediss://") {
            Ok(SessionStoreKind::Redis {
                url: text.to_string(),
            })
        } else {
            Err(format!(
                "POSTERN_SESSION_STORE={text:?} is neither memory nor a redis:// or rediss:// URL"
            ))
        }
    }
}

impl Settings {
    pub fn is_https(&self) -> bool {
        self.public_url
            .as_deref()
            .is_some_and(|u| u.to_ascii_lowercase().starts_with("https://"))
    }

    /// Reads `file` (if any), then the environment through `env`.
    pub fn load(file: Option<&Path>, env: &dyn Fn(&str) -> Option<String>) -> Result<Self, String> {
        let mut raw = match file {
            Some(path) => {
                let text = std::fs::read_to_string(path).map_err(|e| {
                    format!("cannot read the configuration file {}: {e}", path.display())
                })?;
                toml::from_str::<RawSettings>(&text)
                    .map_err(|e| format!("configuration file {}: {e}", path.display()))?
            }
            None => RawSettings::default(),
        };
        raw.apply_env(env);
        raw.validate()
    }
}

/// The file's shape: the environment variable names without `POSTERN_`, in lower case.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawSettings {
    site_addr: Option<String>,
    site_root: Option<String>,
    public_url: Option<String>,
    imap: Option<String>,
    smtp: Option<String>,
    allowed_domains: Option<StringList>,
    tls_ca: Option<String>,
    tls_server_name: Option<String>,
    tls_pin_sha256: Option<StringList>,
    tls_insecure: Option<bool>,
    session_idle_minutes: Option<u64>,
    allow_private_upstream: Option<bool>,
    timeout_seconds: Option<u64>,
    page_size: Option<u64>,
    attachment_limit_mb: Option<u64>,
    imap_idle_minutes: Option<u64>,
    login_max_failures: Option<u64>,
    login_window_minutes: Option<u64>,
    trusted_proxy: Option<StringList>,
    session_store: Option<String>,
    metrics_addr: Option<String>,
    drain_seconds: Option<u64>,
    live_linger_seconds: Option<u64>,
    extra_from: Option<StringList>,
    managesieve: Option<String>,
    // Errors found while reading the environment, reported by validate().
    #[serde(skip)]
    env_errors: Vec<String>,
}

/// A list given either as a TOML array or as a comma-separated string.
#[derive(Debug, Deserialize)]
#[serde(untagged)]
enum StringList {
    List(Vec<String>),
    Commas(String),
}

impl StringList {
    fn items(&self) -> Vec<String> {
        let items: Vec<String> = match self {
            StringList::List(items) => items.clone(),
            StringList::Commas(text) => text.split(',').map(str::to_string).collect(),
        };
        items
            .into_iter()
            .map(|s| s.trim().to_string())
            .filter(|s| !s.is_empty())
            .collect()
    }
}

/// The checked numeric settings.
struct Limits {
    idle_minutes: u64,
    timeout_seconds: u64,
    page_size: u32,
    attachment_limit_mb: u64,
    login_max_failures: u32,
    login_window_minutes: u64,
    imap_idle_minutes: u64,
}

impl RawSettings {
    fn apply_env(&mut self, env: &dyn Fn(&str) -> Option<String>) {
        let text = |name: &str| env(name).filter(|v| !v.trim().is_empty());
        let mut errors = Vec::new();
        let mut flag = |name: &str, slot: &mut Option<bool>| {
            if let Some(value) = text(name) {
                match parse_bool(&value) {
                    Some(b) => *slot = Some(b),
                    None => errors.push(format!("{name}={value:?} is not true or false")),
                }
            }
        };
        flag("POSTERN_TLS_INSECURE", &mut self.tls_insecure);
        flag(
            "POSTERN_ALLOW_PRIVATE_UPSTREAM",
            &mut self.allow_private_upstream,
        );
        let mut number = |name: &str, slot: &mut Option<u64>| {
            if let Some(value) = text(name) {
                match value.trim().parse() {
                    Ok(n) => *slot = Some(n),
                    Err(_) => errors.push(format!("{name}={value:?} is not a whole number")),
                }
            }
        };
        number(
            "POSTERN_SESSION_IDLE_MINUTES",
            &mut self.session_idle_minutes,
        );
        number("POSTERN_TIMEOUT_SECONDS", &mut self.timeout_seconds);
        number("POSTERN_PAGE_SIZE", &mut self.page_size);
        number("POSTERN_ATTACHMENT_LIMIT_MB", &mut self.attachment_limit_mb);
        number("POSTERN_IMAP_IDLE_MINUTES", &mut self.imap_idle_minutes);
        number("POSTERN_LOGIN_MAX_FAILURES", &mut self.login_max_failures);
        number(
            "POSTERN_LOGIN_WINDOW_MINUTES",
            &mut self.login_window_minutes,
        );
        number("POSTERN_DRAIN_SECONDS", &mut self.drain_seconds);
        number("POSTERN_LIVE_LINGER_SECONDS", &mut self.live_linger_seconds);
        let strings: [(&str, &mut Option<String>); 10] = [
            ("POSTERN_SESSION_STORE", &mut self.session_store),
            ("POSTERN_METRICS_ADDR", &mut self.metrics_addr),
            ("LEPTOS_SITE_ADDR", &mut self.site_addr),
            ("LEPTOS_SITE_ROOT", &mut self.site_root),
            ("POSTERN_PUBLIC_URL", &mut self.public_url),
            ("POSTERN_IMAP", &mut self.imap),
            ("POSTERN_SMTP", &mut self.smtp),
            ("POSTERN_TLS_CA", &mut self.tls_ca),
            ("POSTERN_TLS_SERVER_NAME", &mut self.tls_server_name),
            ("POSTERN_MANAGESIEVE", &mut self.managesieve),
        ];
        for (name, slot) in strings {
            if let Some(value) = text(name) {
                *slot = Some(value.trim().to_string());
            }
        }
        if let Some(value) = text("POSTERN_ALLOWED_DOMAINS") {
            self.allowed_domains = Some(StringList::Commas(value));
        }
        if let Some(value) = text("POSTERN_TRUSTED_PROXY") {
            self.trusted_proxy = Some(StringList::Commas(value));
        }
        if let Some(value) = text("POSTERN_TLS_PIN_SHA256") {
            self.tls_pin_sha256 = Some(StringList::Commas(value));
        }
        if let Some(value) = text("POSTERN_EXTRA_FROM") {
            self.extra_from = Some(StringList::Commas(value));
        }
        self.env_errors = errors;
    }

    fn validate(self) -> Result<Settings, String> {
        if let Some(first) = self.env_errors.first() {
            return Err(first.clone());
        }
        let site_addr = self.site_addr.as_deref().unwrap_or("127.0.0.1:3000");
        let site_addr: SocketAddr = site_addr.parse().map_err(|_| {
            format!("LEPTOS_SITE_ADDR={site_addr:?} is not an address like 127.0.0.1:3000")
        })?;
        let (imap, smtp) = self.upstreams()?;
        let allowed_domains = self.allowed_domains(&imap, &smtp)?;
        let trust = self.trust()?;
        let limits = self.limits()?;
        let trusted_proxies = self.trusted_proxies()?;
        let session_store = match &self.session_store {
            Some(text) => SessionStoreKind::parse(text)?,
            None => SessionStoreKind::Memory,
        };
        let extra_from = crate::compose::identity::ExtraFrom::parse(
            self.extra_from
                .as_ref()
                .map(StringList::items)
                .unwrap_or_default(),
        )
        .map_err(|e| format!("POSTERN_EXTRA_FROM: {e}"))?;
        // The hosting default: ManageSieve on the IMAP server's host, 4190; `off` for none.
        let managesieve = match self.managesieve.as_deref().map(str::trim) {
            Some("off") | Some("") => None,
            Some(url) => Some(
                Upstream::parse(url, Protocol::Sieve)
                    .map_err(|e| format!("POSTERN_MANAGESIEVE: {e}"))?,
            ),
            None => Some(Upstream {
                protocol: Protocol::Sieve,
                security: crate::upstream::Security::StartTls,
                host: imap.host.clone(),
                port: 4190,
            }),
        };
        let metrics_addr = match &self.metrics_addr {
            Some(text) => Some(text.parse::<SocketAddr>().map_err(|_| {
                format!("POSTERN_METRICS_ADDR={text:?} is not an address like 127.0.0.1:9100")
            })?),
            None => None,
        };
        Ok(Settings {
            site_addr,
            site_root: PathBuf::from(self.site_root.unwrap_or_else(|| "target/site".to_string())),
            public_url: self.public_url,
            imap,
            smtp,
            allowed_domains,
            trust,
            session_idle: Duration::from_secs(limits.idle_minutes * 60),
            allow_private_upstream: self.allow_private_upstream.unwrap_or(false),
            timeout: Duration::from_secs(limits.timeout_seconds),
            page_size: limits.page_size,
            imap_idle: Duration::from_secs(limits.imap_idle_minutes * 60),
            login_max_failures: limits.login_max_failures,
            login_window: Duration::from_secs(limits.login_window_minutes * 60),
            trusted_proxies,
            attachment_limit: limits.attachment_limit_mb * 1024 * 1024,
            session_store,
            metrics_addr,
            drain: Duration::from_secs(self.drain_seconds.unwrap_or(20).clamp(1, 600)),
            live_linger: Duration::from_secs(self.live_linger_seconds.unwrap_or(60).clamp(1, 3600)),
            extra_from,
            managesieve,
        })
    }

    /// IMAP as given; SMTP as given, else submission with STARTTLS on the IMAP host (587).
    fn upstreams(&self) -> Result<(Upstream, Upstream), String> {
        let imap = self
            .imap
            .as_deref()
            .ok_or("POSTERN_IMAP is not set (for example imaps://mail.{domain}:993)")?;
        let imap =
            Upstream::parse(imap, Protocol::Imap).map_err(|e| format!("POSTERN_IMAP: {e}"))?;
        let smtp = match &self.smtp {
            Some(url) => {
                Upstream::parse(url, Protocol::Smtp).map_err(|e| format!("POSTERN_SMTP: {e}"))?
            }
            // The hosting default: submission with STARTTLS on the IMAP server's host.
            None => Upstream {
                protocol: Protocol::Smtp,
                security: crate::upstream::Security::StartTls,
                host: imap.host.clone(),
                port: 587,
            },
        };
        Ok((imap, smtp))
    }

    /// The mail domains served; required when a host is a `{domain}` template.
    fn allowed_domains(&self, imap: &Upstream, smtp: &Upstream) -> Result<Vec<String>, String> {
        let allowed_domains: Vec<String> = self
            .allowed_domains
            .as_ref()
            .map(|l| {
                l.items()
                    .into_iter()
                    .map(|d| d.to_ascii_lowercase())
                    .collect()
            })
            .unwrap_or_default();
        if (imap.is_template() || smtp.is_template()) && allowed_domains.is_empty() {
            return Err(
                "POSTERN_ALLOWED_DOMAINS is required when POSTERN_IMAP or POSTERN_SMTP uses \
                 {domain}: list the mail domains this webmail serves"
                    .to_string(),
            );
        }
        for domain in &allowed_domains {
            crate::upstream::domain_of(&format!("x@{domain}"))
                .map_err(|_| format!("POSTERN_ALLOWED_DOMAINS: {domain:?} is not a domain name"))?;
        }
        Ok(allowed_domains)
    }

    /// Which server certificates are trusted: insecure, pinned, or a chain (with an extra CA
    /// file and an expected name).
    fn trust(&self) -> Result<CertificateTrust, String> {
        let pins = match &self.tls_pin_sha256 {
            Some(list) => list
                .items()
                .iter()
                .map(|p| parse_fingerprint(p).ok_or_else(|| format!(
                    "POSTERN_TLS_PIN_SHA256: {p:?} is not a SHA-256 fingerprint (64 hex digits, colons allowed)"
                )))
                .collect::<Result<Vec<_>, _>>()?,
            None => Vec::new(),
        };
        if let Some(path) = &self.tls_ca
            && !Path::new(path).is_file()
        {
            return Err(format!("POSTERN_TLS_CA: {path:?} is not a readable file"));
        }
        Ok(if self.tls_insecure == Some(true) {
            CertificateTrust::Insecure
        } else if !pins.is_empty() {
            CertificateTrust::Pinned { sha256: pins }
        } else {
            CertificateTrust::Chain {
                extra_roots_pem: self.tls_ca.clone().map(PathBuf::from),
                expected_name: self.tls_server_name.clone(),
            }
        })
    }

    /// Timeouts, sizes and counters, each within its bounds.
    fn limits(&self) -> Result<Limits, String> {
        let idle_minutes = self.session_idle_minutes.unwrap_or(30);
        if idle_minutes == 0 {
            return Err("POSTERN_SESSION_IDLE_MINUTES must be at least 1".to_string());
        }
        let timeout_seconds = self.timeout_seconds.unwrap_or(20);
        if timeout_seconds == 0 {
            return Err("POSTERN_TIMEOUT_SECONDS must be at least 1".to_string());
        }
        let page_size = self.page_size.unwrap_or(50);
        if !(1..=500).contains(&page_size) {
            return Err(format!(
                "POSTERN_PAGE_SIZE={page_size} must be between 1 and 500"
            ));
        }
        let attachment_limit_mb = self.attachment_limit_mb.unwrap_or(25);
        if !(1..=1024).contains(&attachment_limit_mb) {
            return Err(format!(
                "POSTERN_ATTACHMENT_LIMIT_MB={attachment_limit_mb} must be between 1 and 1024"
            ));
        }
        let login_max_failures = self.login_max_failures.unwrap_or(10);
        let login_window_minutes = self.login_window_minutes.unwrap_or(15);
        if login_max_failures == 0 || login_max_failures > 10_000 || login_window_minutes == 0 {
            return Err(
                "POSTERN_LOGIN_MAX_FAILURES and POSTERN_LOGIN_WINDOW_MINUTES must be at least 1"
                    .to_string(),
            );
        }
        let imap_idle_minutes = self.imap_idle_minutes.unwrap_or(5).min(idle_minutes);
        if imap_idle_minutes == 0 {
            return Err("POSTERN_IMAP_IDLE_MINUTES must be at least 1".to_string());
        }
        Ok(Limits {
            idle_minutes,
            timeout_seconds,
            page_size: page_size as u32,
            attachment_limit_mb,
            login_max_failures: login_max_failures as u32,
            login_window_minutes,
            imap_idle_minutes,
        })
    }

    fn trusted_proxies(&self) -> Result<Vec<std::net::IpAddr>, String> {
        match &self.trusted_proxy {
            Some(list) => list
                .items()
                .iter()
                .map(|p| {
                    p.parse()
                        .map_err(|_| format!("POSTERN_TRUSTED_PROXY: {p:?} is not an IP address"))
                })
                .collect(),
            None => Ok(Vec::new()),
        }
    }
}

fn parse_bool(value: &str) -> Option<bool> {
    match value.trim().to_ascii_lowercase().as_str() {
        "true" | "1" | "yes" | "on" => Some(true),
        "false" | "0" | "no" | "off" => Some(false),
        _ => None,
    }
}

/// `AB:CD:…` or `abcd…` → 32 bytes.
pub fn parse_fingerprint(text: &str) -> Option<[u8; 32]> {
    let hex: String = text.chars().filter(|c| *c != ':').collect();
    if hex.len() != 64 {
        return None;
    }
    let mut out = [0u8; 32];
    for (i, byte) in out.iter_mut().enumerate() {
        *byte = u8::from_str_radix(hex.get(i * 2..i * 2 + 2)?, 16).ok()?;
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn load(vars: &[(&str, &str)]) -> Result<Settings, String> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Settings::load(None, &|name| map.get(name).cloned())
    }

    #[test]
    fn session_store_memory_or_redis() {
        let s = load(&[("POSTERN_IMAP", "imaps://x")]).unwrap();
        assert_eq!(s.session_store, SessionStoreKind::Memory);
        assert_eq!(s.metrics_addr, None);
        let s = load(&[
            ("POSTERN_IMAP", "imaps://x"),
            ("POSTERN_SESSION_STORE", "rediss://cache.internal:6380/2"),
            ("POSTERN_METRICS_ADDR", "127.0.0.1:9100"),
        ])
        .unwrap();
        assert_eq!(
            s.session_store,
            SessionStoreKind::Redis {
                url: "rediss://cache.internal:6380/2".into()
            }
        );
        assert_eq!(s.metrics_addr.map(|a| a.port()), Some(9100));
        for (name, value) in [
            ("POSTERN_SESSION_STORE", "memcached://x"),
            ("POSTERN_METRICS_ADDR", "everywhere"),
        ] {
            let e = load(&[("POSTERN_IMAP", "imaps://x"), (name, value)]).unwrap_err();
            assert!(e.contains(name), "{e}");
        }
    }

    #[test]
    fn minimal_fixed_host() {
        let s = load(&[("POSTERN_IMAP", "imaps://mail.example.org")]).unwrap();
        assert_eq!(s.imap.port, 993);
        assert_eq!(s.smtp.port, 587);
        assert_eq!(s.smtp.host, "mail.example.org");
        assert_eq!(s.site_addr.port(), 3000);
        assert_eq!(s.session_idle, Duration::from_secs(1800));
    }

    #[test]
    fn template_needs_allowed_domains() {
        let e = load(&[("POSTERN_IMAP", "imaps://mail.{domain}")]).unwrap_err();
        assert!(e.contains("POSTERN_ALLOWED_DOMAINS"), "{e}");
        let s = load(&[
            ("POSTERN_IMAP", "imaps://mail.{domain}"),
            ("POSTERN_ALLOWED_DOMAINS", "Example.org, example.net"),
        ])
        .unwrap();
        assert_eq!(s.allowed_domains, vec!["example.org", "example.net"]);
    }

    #[test]
    fn errors_name_the_setting() {
        let cases = [
            (vec![], "POSTERN_IMAP"),
            (vec![("POSTERN_IMAP", "http://x")], "POSTERN_IMAP"),
            (
                vec![
                    ("POSTERN_IMAP", "imaps://x"),
                    ("LEPTOS_SITE_ADDR", "nowhere"),
                ],
                "LEPTOS_SITE_ADDR",
            ),
            (
                vec![
                    ("POSTERN_IMAP", "imaps://x"),
                    ("POSTERN_TLS_PIN_SHA256", "abc"),
                ],
                "POSTERN_TLS_PIN_SHA256",
            ),
            (
                vec![
                    ("POSTERN_IMAP", "imaps://x"),
                    ("POSTERN_TLS_INSECURE", "maybe"),
                ],
                "POSTERN_TLS_INSECURE",
            ),
            (
                vec![
                    ("POSTERN_IMAP", "imaps://x"),
                    ("POSTERN_TLS_CA", "/nonexistent.pem"),
                ],
                "POSTERN_TLS_CA",
            ),
            (
                vec![
                    ("POSTERN_IMAP", "imaps://x"),
                    ("POSTERN_SESSION_IDLE_MINUTES", "ten"),
                ],
                "POSTERN_SESSION_IDLE_MINUTES",
            ),
        ];
        for (vars, name) in cases {
            let error = load(&vars).unwrap_err();
            assert!(error.contains(name), "{error:?} should name {name}");
        }
    }

    #[test]
    fn trust_modes() {
        let pin = "AB:".repeat(31) + "AB";
        let s = load(&[
            ("POSTERN_IMAP", "imaps://x"),
            ("POSTERN_TLS_PIN_SHA256", &pin),
        ])
        .unwrap();
        assert_eq!(
            s.trust,
            CertificateTrust::Pinned {
                sha256: vec![[0xab; 32]]
            }
        );
        let s = load(&[
            ("POSTERN_IMAP", "imaps://x"),
            ("POSTERN_TLS_INSECURE", "true"),
        ])
        .unwrap();
        assert_eq!(s.trust, CertificateTrust::Insecure);
        let s = load(&[
            ("POSTERN_IMAP", "imaps://x"),
            ("POSTERN_TLS_SERVER_NAME", "server17.host.tld"),
        ])
        .unwrap();
        assert_eq!(
            s.trust,
            CertificateTrust::Chain {
                extra_roots_pem: None,
                expected_name: Some("server17.host.tld".into())
            }
        );
    }

    #[test]
    fn file_then_environment() {
        let dir = std::env::temp_dir().join(format!("postern-config-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("postern.toml");
        std::fs::write(
            &path,
            "imap = \"imaps://mail.{domain}\"\nallowed_domains = [\"example.org\"]\nsession_idle_minutes = 5\n",
        )
        .unwrap();
        let s = Settings::load(Some(&path), &|name| {
            (name == "POSTERN_SESSION_IDLE_MINUTES").then(|| "7".to_string())
        })
        .unwrap();
        assert_eq!(s.allowed_domains, vec!["example.org"]);
        assert_eq!(s.session_idle, Duration::from_secs(420));
        std::fs::write(&path, "imapp = \"x\"\n").unwrap();
        assert!(
            Settings::load(Some(&path), &|_| None)
                .unwrap_err()
                .contains("imapp")
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
