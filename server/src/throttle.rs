//! Login throttling, checked before any IMAP connection: failed logins are counted per client
//! address and per account over a sliding window; past the limit, logins are refused with the
//! time to wait. A success clears the account's count (not the address's: one address trying
//! many accounts is the pattern to stop).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    Account(String),
}

pub struct LoginThrottle {
    max_failures: usize,
    window: Duration,
    // Guards the failure times of every key.
    failures: Mutex<HashMap<Key, Vec<Instant>>>,
}

/// Keys kept at most; past it, keys without a recent failure are dropped first.
const MAX_KEYS: usize = 100_000;

impl LoginThrottle {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        LoginThrottle {
            max_failures: max_failures.max(1) as usize,
            window,
            failures: Mutex::new(HashMap::new()),
        }
    }

    fn keys(ip: IpAddr, account: &str) -> [Key; 2] {
        [
            Key::Address(ip),
            Key::Account(account.trim().to_lowercase()),
        ]
    }

    /// `Err(wait)` while the address or the account is over the limit.
    pub fn check(&self, ip: IpAddr, account: &str) -> Result<(), Duration> {
        self.check_at(ip, account, Instant::now())
    }

    fn check_at(&self, ip: IpAddr, account: &str, now: Instant) -> Result<(), Duration> {
        let failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        let mut wait = Duration::ZERO;
        for key in Self::keys(ip, account) {
            let Some(times) = failures.get(&key) else {
                continue;
            };
            let recent: Vec<&Instant> = times
                .iter()
                .filter(|t| now.duration_since(**t) < self.window)
                .collect();
            if recent.len() >= self.max_failures {
                // Free again when enough of the failures have left the window.
                let oldest_that_matters = recent[recent.len() - self.max_failures];
                wait = wait.max(
                    self.window
                        .saturating_sub(now.duration_since(*oldest_that_matters)),
                );
            }
        }
        if wait.is_zero() { Ok(()) } else { Err(wait) }
    }

    pub fn failed(&self, ip: IpAddr, account: &str) {
        self.failed_at(ip, account, Instant::now());
    }

    fn failed_at(&self, ip: IpAddr, account: &str, now: Instant) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() >= MAX_KEYS {
            let window = self.window;
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < window));
        }
        for key in Self::keys(ip, account) {
            let times = failures.entry(key).or_default();
            times.retain(|t| now.duration_since(*t) < self.window);
            times.push(now);
        }
    }

    pub fn succeeded(&self, account: &str) {
        let mut failures = self.failures.lock().unwrap_or_else(|p| p.into_inner());
        failures.remove(&Key::Account(account.trim().to_lowercase()));
    }
}

/// The client's address: the TCP peer, or — only when the peer is a proxy the operator named —
/// the last address that proxy appended to `X-Forwarded-For`.
pub fn client_ip(peer: SocketAddr, headers: &HeaderMap, trusted_proxies: &[IpAddr]) -> IpAddr {
    let peer_ip = peer.ip();
    if !trusted_proxies.contains(&peer_ip) {
        return peer_ip;
    }
    headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .filter_map(|part| part.trim().parse::<IpAddr>().ok())
        .next_back()
        .unwrap_or(peer_ip)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(s: &str) -> IpAddr {
        s.parse().unwrap()
    }

    #[test]
    fn limit_per_account_and_per_address() {
        let throttle = LoginThrottle::new(3, Duration::from_secs(900));
        let t0 = Instant::now();
        for i in 0..3 {
            assert!(
                throttle
                    .check_at(ip(&format!("10.0.0.{i}")), "a@x.org", t0)
                    .is_ok()
            );
            throttle.failed_at(ip(&format!("10.0.0.{i}")), "a@x.org", t0);
        }
        let wait = throttle
            .check_at(ip("10.9.9.9"), "A@x.org", t0)
            .unwrap_err();
        assert_eq!(
            wait,
            Duration::from_secs(900),
            "the account is blocked from anywhere"
        );
        assert!(throttle.check_at(ip("10.9.9.9"), "b@x.org", t0).is_ok());
        let later = t0 + Duration::from_secs(901);
        assert!(
            throttle.check_at(ip("10.9.9.9"), "a@x.org", later).is_ok(),
            "the window slides"
        );

        for account in ["c@x.org", "d@x.org", "e@x.org"] {
            throttle.failed_at(ip("192.0.2.7"), account, t0);
        }
        assert!(
            throttle.check_at(ip("192.0.2.7"), "f@x.org", t0).is_err(),
            "one address trying many accounts"
        );
    }

    #[test]
    fn success_clears_the_account() {
        let throttle = LoginThrottle::new(2, Duration::from_secs(60));
        throttle.failed(ip("10.0.0.1"), "a@x.org");
        throttle.failed(ip("10.0.0.2"), "a@x.org");
        assert!(throttle.check(ip("10.0.0.3"), "a@x.org").is_err());
        throttle.succeeded("a@x.org");
        assert!(throttle.check(ip("10.0.0.3"), "a@x.org").is_ok());
    }

    #[test]
    fn forwarded_address_only_from_a_trusted_proxy() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "x-forwarded-for",
            "203.0.113.9, 198.51.100.4".parse().unwrap(),
        );
        let proxy: SocketAddr = "127.0.0.1:5000".parse().unwrap();
        assert_eq!(
            client_ip(proxy, &headers, &[]),
            ip("127.0.0.1"),
            "not trusted: the peer"
        );
        assert_eq!(
            client_ip(proxy, &headers, &[ip("127.0.0.1")]),
            ip("198.51.100.4"),
            "the hop the proxy added"
        );
        let other: SocketAddr = "192.0.2.1:5000".parse().unwrap();
        assert_eq!(
            client_ip(other, &headers, &[ip("127.0.0.1")]),
            ip("192.0.2.1")
        );
    }
}
