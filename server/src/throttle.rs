//! Login throttling, checked before any IMAP connection: failed logins are counted per client
//! address and per account over a sliding window; past the limit, logins are refused with the
//! time to wait. A success clears the account's count (not the address's: one address trying
//! many accounts is the pattern to stop).

use std::collections::HashMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::Mutex;
use std::time::{Duration, Instant};

use axum::http::HeaderMap;

use crate::shared::{Redis, Unavailable, account_key, now_millis};

#[derive(Clone, Debug, PartialEq, Eq, Hash)]
enum Key {
    Address(IpAddr),
    Account(String),
}

impl Key {
    /// The Redis key: the address as it is, the account hashed.
    fn shared(&self, namespace: &str) -> String {
        match self {
            Key::Address(ip) => format!("{}{namespace}:address:{ip}", crate::shared::PREFIX),
            Key::Account(account) => account_key(&format!("{namespace}:account"), account),
        }
    }
}

/// Where the failure times are kept.
enum Counters {
    /// This process only.
    Memory(Mutex<HashMap<Key, Vec<Instant>>>),
    /// Shared by every instance: a sorted set of failure times (ms) per key.
    Redis(Redis),
}

pub struct LoginThrottle {
    max_failures: usize,
    window: Duration,
    counters: Counters,
    /// `throttle` for logins; another word for another count (its own Redis keys).
    namespace: &'static str,
    /// Counted per client address only (no account).
    address_only: bool,
}

/// Keys kept at most; past it, keys without a recent failure are dropped first.
const MAX_KEYS: usize = 100_000;

/// How long to wait, given how long ago each failure of one key was: free again when enough of
/// the failures have left the window.
fn wait_for(mut ages: Vec<Duration>, max_failures: usize, window: Duration) -> Duration {
    ages.retain(|age| *age < window);
    if ages.len() < max_failures {
        return Duration::ZERO;
    }
    ages.sort();
    // The `max_failures`-th newest failure is the one whose leaving frees the key.
    window.saturating_sub(ages[max_failures - 1])
}

impl LoginThrottle {
    pub fn new(max_failures: u32, window: Duration) -> Self {
        LoginThrottle {
            max_failures: max_failures.max(1) as usize,
            window,
            counters: Counters::Memory(Mutex::new(HashMap::new())),
            namespace: "throttle",
            address_only: false,
        }
    }

    /// A limit per client address alone, for something other than logins (`namespace` names
    /// it in Redis); kept in Redis when `redis` is given.
    pub fn per_address(
        max: u32,
        window: Duration,
        namespace: &'static str,
        redis: Option<Redis>,
    ) -> Self {
        let mut throttle = match redis {
            Some(redis) => Self::shared(max, window, redis),
            None => Self::new(max, window),
        };
        throttle.namespace = namespace;
        throttle.address_only = true;
        throttle
    }

    /// The same limits, counted in Redis for every instance.
    pub fn shared(max_failures: u32, window: Duration, redis: Redis) -> Self {
        LoginThrottle {
            counters: Counters::Redis(redis),
            ..Self::new(max_failures, window)
        }
    }

    fn keys(&self, ip: IpAddr, account: &str) -> Vec<Key> {
        let mut keys = vec![Key::Address(ip)];
        if !self.address_only {
            keys.push(Key::Account(account.trim().to_lowercase()));
        }
        keys
    }

    /// `Ok(Err(wait))` while the address or the account is over the limit.
    pub async fn check(
        &self,
        ip: IpAddr,
        account: &str,
    ) -> Result<Result<(), Duration>, Unavailable> {
        let wait = match &self.counters {
            Counters::Memory(_) => self.check_at(ip, account, Instant::now()),
            Counters::Redis(redis) => {
                let now = now_millis();
                let since = now.saturating_sub(self.window.as_millis() as u64);
                let mut pipe = redis::pipe();
                for key in self.keys(ip, account) {
                    pipe.cmd("ZRANGEBYSCORE")
                        .arg(key.shared(self.namespace))
                        .arg(format!("({since}"))
                        .arg("+inf")
                        .arg("WITHSCORES");
                }
                let answers: Vec<Vec<(String, u64)>> =
                    crate::shared::query_pipe(&mut redis.connection(), &pipe).await?;
                answers
                    .into_iter()
                    .map(|times| {
                        let ages = times
                            .into_iter()
                            .map(|(_, at)| Duration::from_millis(now.saturating_sub(at)))
                            .collect();
                        wait_for(ages, self.max_failures, self.window)
                    })
                    .max()
                    .unwrap_or_default()
            }
        };
        Ok(if wait.is_zero() { Ok(()) } else { Err(wait) })
    }

    fn check_at(&self, ip: IpAddr, account: &str, now: Instant) -> Duration {
        let Counters::Memory(failures) = &self.counters else {
            return Duration::ZERO;
        };
        let failures = failures.lock().unwrap_or_else(|p| p.into_inner());
        self.keys(ip, account)
            .iter()
            .filter_map(|key| failures.get(key))
            .map(|times| {
                let ages = times.iter().map(|t| now.duration_since(*t)).collect();
                wait_for(ages, self.max_failures, self.window)
            })
            .max()
            .unwrap_or_default()
    }

    pub async fn failed(&self, ip: IpAddr, account: &str) -> Result<(), Unavailable> {
        match &self.counters {
            Counters::Memory(_) => self.failed_at(ip, account, Instant::now()),
            Counters::Redis(redis) => {
                let now = now_millis();
                let window = self.window.as_millis() as u64;
                let member = format!("{now}-{}", crate::session::random_id());
                let mut pipe = redis::pipe();
                pipe.atomic();
                for key in self.keys(ip, account) {
                    let key = key.shared(self.namespace);
                    pipe.cmd("ZADD").arg(&key).arg(now).arg(&member).ignore();
                    pipe.cmd("ZREMRANGEBYSCORE")
                        .arg(&key)
                        .arg("-inf")
                        .arg(now.saturating_sub(window))
                        .ignore();
                    pipe.cmd("PEXPIRE").arg(&key).arg(window).ignore();
                }
                let () = crate::shared::query_pipe(&mut redis.connection(), &pipe).await?;
            }
        }
        Ok(())
    }

    fn failed_at(&self, ip: IpAddr, account: &str, now: Instant) {
        let Counters::Memory(failures) = &self.counters else {
            return;
        };
        let mut failures = failures.lock().unwrap_or_else(|p| p.into_inner());
        if failures.len() >= MAX_KEYS {
            let window = self.window;
            failures.retain(|_, times| times.iter().any(|t| now.duration_since(*t) < window));
        }
        for key in self.keys(ip, account) {
            let times = failures.entry(key).or_default();
            times.retain(|t| now.duration_since(*t) < self.window);
            times.push(now);
        }
    }

    pub async fn succeeded(&self, account: &str) -> Result<(), Unavailable> {
        let key = Key::Account(account.trim().to_lowercase());
        match &self.counters {
            Counters::Memory(failures) => {
                let mut failures = failures.lock().unwrap_or_else(|p| p.into_inner());
                failures.remove(&key);
            }
            Counters::Redis(redis) => {
                let _: i64 = crate::shared::query(
                    &mut redis.connection(),
                    redis::cmd("DEL").arg(key.shared(self.namespace)),
                )
                .await?;
            }
        }
        Ok(())
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
                    .is_zero()
            );
            throttle.failed_at(ip(&format!("10.0.0.{i}")), "a@x.org", t0);
        }
        let wait = throttle.check_at(ip("10.9.9.9"), "A@x.org", t0);
        assert_eq!(
            wait,
            Duration::from_secs(900),
            "the account is blocked from anywhere"
        );
        assert!(throttle.check_at(ip("10.9.9.9"), "b@x.org", t0).is_zero());
        let later = t0 + Duration::from_secs(901);
        assert!(
            throttle
                .check_at(ip("10.9.9.9"), "a@x.org", later)
                .is_zero(),
            "the window slides"
        );

        for account in ["c@x.org", "d@x.org", "e@x.org"] {
            throttle.failed_at(ip("192.0.2.7"), account, t0);
        }
        assert!(
            !throttle.check_at(ip("192.0.2.7"), "f@x.org", t0).is_zero(),
            "one address trying many accounts"
        );
    }

    #[tokio::test]
    async fn success_clears_the_account() {
        let throttle = LoginThrottle::new(2, Duration::from_secs(60));
        throttle.failed(ip("10.0.0.1"), "a@x.org").await.unwrap();
        throttle.failed(ip("10.0.0.2"), "a@x.org").await.unwrap();
        assert!(
            throttle
                .check(ip("10.0.0.3"), "a@x.org")
                .await
                .unwrap()
                .is_err()
        );
        throttle.succeeded("a@x.org").await.unwrap();
        assert!(
            throttle
                .check(ip("10.0.0.3"), "a@x.org")
                .await
                .unwrap()
                .is_ok()
        );
    }

    #[test]
    fn wait_is_counted_from_the_failure_that_frees_the_key() {
        let window = Duration::from_secs(100);
        let ages = |s: &[u64]| s.iter().map(|s| Duration::from_secs(*s)).collect();
        assert_eq!(wait_for(ages(&[10, 50]), 3, window), Duration::ZERO);
        assert_eq!(
            wait_for(ages(&[50, 10, 30]), 3, window),
            Duration::from_secs(50)
        );
        assert_eq!(
            wait_for(ages(&[5, 150, 10, 30]), 3, window),
            Duration::from_secs(70)
        );
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
