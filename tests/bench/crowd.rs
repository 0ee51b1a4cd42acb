//! `scripts/bench.sh --crowd`: the outage-day flash crowd, and where the tail at 64 sessions
//! comes from.
//!
//! A few hundred distinct accounts (60 messages each, seeded once). K people arrive at 100 a
//! second; each logs in (the POST and the Inbox it lands on), waits, opens a message, waits, and
//! looks at the Inbox's second page. Measured for one instance (memory store), one instance on
//! Redis, and two instances on Redis behind HAProxy, and the same logins by a raw IMAP client
//! (login, EXAMINE, FETCH of the first page's headers) as the floor. Every configuration runs on
//! freshly started processes.

use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use anyhow::{Result, bail};
use zeroize::Zeroizing;

use super::{PASSWORD, RawOp, STACK, Stats, as_sent, env, mailstack, raw_once, repo, stats};

/// Accounts seeded for the crowd.
const ACCOUNTS: usize = 300;
const MESSAGES: u32 = 60;
/// Arrivals per second.
const ARRIVAL_RATE: f64 = 100.0;
const FRONT: &str = "127.0.0.1:3300";
const INSTANCE_PORTS: [u16; 2] = [3301, 3302];
const REDIS_PORT: u16 = 30379;
const IMAPS_PORT: u16 = 30993;

fn crowd_user(i: usize) -> String {
    format!("crowd{i}@example.test")
}

/// Seeds the accounts once; later runs reuse them.
fn seed_accounts() -> Result<()> {
    let marker = std::path::PathBuf::from(format!("{STACK}/.crowd-seeded-{ACCOUNTS}"));
    if marker.exists() {
        return Ok(());
    }
    let started = Instant::now();
    for i in 0..ACCOUNTS {
        mailstack(&["adduser", STACK, &crowd_user(i), PASSWORD])?;
        let home = format!("{STACK}/mail/example.test/crowd{i}");
        let status = Command::new("python3")
            .arg(repo().join("scripts/seed-mail.py"))
            .arg(&home)
            .args(["--count", &MESSAGES.to_string()])
            .stdout(Stdio::null())
            .status()?;
        if !status.success() {
            bail!("seeding crowd{i} failed");
        }
    }
    std::fs::write(&marker, b"")?;
    eprintln!("seeded {ACCOUNTS} accounts in {:.1?}", started.elapsed());
    Ok(())
}

/// Opens every account's INBOX once, so that each configuration meets indexed mailboxes (the
/// first configuration would otherwise pay for Dovecot building the indexes).
async fn warm_accounts() -> Result<()> {
    let connector = Arc::new(super::connector()?);
    let mut tasks = Vec::new();
    for chunk in (0..ACCOUNTS)
        .collect::<Vec<_>>()
        .chunks(ACCOUNTS.div_ceil(16))
    {
        let chunk = chunk.to_vec();
        let connector = connector.clone();
        tasks.push(tokio::spawn(async move {
            for i in chunk {
                let mut conn = connector
                    .login(&crowd_user(i), &Zeroizing::new(PASSWORD.to_string()))
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                raw_once(&mut conn, &RawOp::Page(format!("1:{MESSAGES}"))).await?;
                let _ = conn.session.logout().await;
            }
            Ok::<(), anyhow::Error>(())
        }));
    }
    for task in tasks {
        task.await??;
    }
    Ok(())
}

/// One configuration's processes; all stopped on drop.
struct Deployment {
    instances: Vec<Child>,
    redis_dir: Option<std::path::PathBuf>,
    haproxy_dir: Option<std::path::PathBuf>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shape {
    Memory,
    Redis,
    /// Every request balanced on its own: each instance logs in to IMAP for a session.
    TwoBehindHaproxy,
    /// HAProxy's cookie keeps a browser on the instance that first served it.
    TwoBehindHaproxySticky,
}

impl Shape {
    fn name(self) -> &'static str {
        match self {
            Shape::Memory => "1 instance, memory store",
            Shape::Redis => "1 instance, Redis",
            Shape::TwoBehindHaproxy => "2 instances, Redis, HAProxy, no stickiness",
            Shape::TwoBehindHaproxySticky => "2 instances, Redis, HAProxy, sticky",
        }
    }

    fn balanced(self) -> bool {
        matches!(
            self,
            Shape::TwoBehindHaproxy | Shape::TwoBehindHaproxySticky
        )
    }
}

fn script(name: &str, args: &[&str], env: &[(&str, String)]) -> Result<()> {
    let status = Command::new(repo().join("scripts").join(name))
        .args(args)
        .envs(env.iter().map(|(k, v)| (*k, v.as_str())))
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("{name} {args:?} failed");
    }
    Ok(())
}

fn wait_listening(addr: &str) -> Result<()> {
    for _ in 0..200 {
        if std::net::TcpStream::connect(addr).is_ok() {
            return Ok(());
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("nothing listens on {addr}")
}

impl Deployment {
    fn start(shape: Shape) -> Result<Self> {
        let binary = std::env::var_os("POSTERN_BENCH_BIN")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| repo().join("target/release/postern"));
        let mut deployment = Deployment {
            instances: Vec::new(),
            redis_dir: None,
            haproxy_dir: None,
        };
        let mut extra = vec![("POSTERN_IMAP_IDLE_MINUTES", "30".to_string())];
        if shape != Shape::Memory {
            let dir = std::path::PathBuf::from("/tmp/postern-bench-redis");
            let _ = std::fs::remove_dir_all(&dir);
            script(
                "redis.sh",
                &["start", &dir.to_string_lossy()],
                &[("REDIS_PORT", REDIS_PORT.to_string())],
            )?;
            deployment.redis_dir = Some(dir);
            extra.push((
                "POSTERN_SESSION_STORE",
                format!("redis://127.0.0.1:{REDIS_PORT}/0"),
            ));
            extra.push(("POSTERN_TRUSTED_PROXY", "127.0.0.1".to_string()));
        }
        let addresses: Vec<String> = match shape {
            _ if shape.balanced() => INSTANCE_PORTS
                .iter()
                .map(|p| format!("127.0.0.1:{p}"))
                .collect(),
            _ => vec![FRONT.to_string()],
        };
        for addr in &addresses {
            let child = Command::new(&binary)
                .envs(env())
                .envs(extra.iter().map(|(k, v)| (*k, v.as_str())))
                .env("LEPTOS_SITE_ADDR", addr)
                .stdout(Stdio::null())
                .stderr(Stdio::null())
                .spawn()?;
            deployment.instances.push(child);
            wait_listening(addr)?;
        }
        if shape.balanced() {
            let dir = std::path::PathBuf::from("/tmp/postern-bench-haproxy");
            let _ = std::fs::remove_dir_all(&dir);
            script(
                "haproxy.sh",
                &["start", &dir.to_string_lossy()],
                &[
                    ("HAPROXY_PORT", "3300".to_string()),
                    ("BACKENDS", addresses.join(" ")),
                    (
                        "STICKY",
                        if shape == Shape::TwoBehindHaproxySticky {
                            "1"
                        } else {
                            "0"
                        }
                        .to_string(),
                    ),
                ],
            )?;
            deployment.haproxy_dir = Some(dir);
            // The health checks mark both instances up.
            std::thread::sleep(Duration::from_secs(3));
        }
        Ok(deployment)
    }

    fn pids(&self) -> Vec<u32> {
        self.instances.iter().map(Child::id).collect()
    }
}

impl Drop for Deployment {
    fn drop(&mut self) {
        for child in &mut self.instances {
            let _ = child.kill();
            let _ = child.wait();
        }
        if let Some(dir) = &self.haproxy_dir {
            let _ = script("haproxy.sh", &["stop", &dir.to_string_lossy()], &[]);
        }
        if let Some(dir) = &self.redis_dir {
            let _ = script(
                "redis.sh",
                &["stop", &dir.to_string_lossy()],
                &[("REDIS_PORT", REDIS_PORT.to_string())],
            );
        }
    }
}

/// Established TCP connections to Dovecot's IMAPS port, seen from the client side.
fn imap_connections() -> usize {
    let port = format!("{IMAPS_PORT:04X}");
    ["/proc/net/tcp", "/proc/net/tcp6"]
        .iter()
        .filter_map(|f| std::fs::read_to_string(f).ok())
        .map(|text| {
            text.lines()
                .skip(1)
                .filter(|line| {
                    let fields: Vec<&str> = line.split_whitespace().collect();
                    fields.len() > 3
                        && fields[3] == "01"
                        && fields[2].rsplit(':').next() == Some(port.as_str())
                })
                .count()
        })
        .sum()
}

/// Samples the peak of IMAP connections and of the instances' summed RSS while it runs.
struct Sampler {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<(usize, u64)>,
}

impl Sampler {
    fn start(pids: Vec<u32>) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let task = tokio::spawn(async move {
            let (mut connections, mut rss) = (0, 0);
            while !stopping.load(Ordering::SeqCst) {
                connections = connections.max(imap_connections());
                rss = rss.max(pids.iter().map(|p| super::rss_kib(*p)).sum());
                tokio::time::sleep(Duration::from_millis(100)).await;
            }
            (connections, rss)
        });
        Sampler { stop, task }
    }

    async fn finish(self) -> Result<(usize, u64)> {
        self.stop.store(true, Ordering::SeqCst);
        Ok(self.task.await?)
    }
}

/// A small deterministic spread (no random crate in the harness): 0.5–1.5 s of "think time".
fn think(person: usize, step: usize) -> Duration {
    let x = (person * 7919 + step * 104_729) % 1000;
    Duration::from_millis(500 + x as u64)
}

struct Outcome {
    logins_per_second: f64,
    login: Stats,
    pages: Stats,
    errors: usize,
    peak_connections: usize,
    peak_rss_kib: u64,
}

/// What one person of the crowd does; the latency of each step, or what went wrong.
async fn person(i: usize, start_at: Instant) -> Result<(Duration, Vec<Duration>, Instant)> {
    tokio::time::sleep_until(start_at.into()).await;
    let client = as_sent(reqwest::Client::builder().cookie_store(true))
        .timeout(Duration::from_secs(120))
        .build()?;
    let address = crowd_user(i % ACCOUNTS);
    let started = Instant::now();
    let landed = super::Page::from(
        client
            .post(format!("http://{FRONT}/login"))
            .form(&[("email", address.as_str()), ("password", PASSWORD)])
            .send()
            .await?,
    )
    .await?;
    if landed.path != "/mail" || !landed.html.contains("data-testid=\"message-row\"") {
        bail!(
            "login of {address}: at {} ({:?})",
            landed.path,
            landed.testid_text("login-error")
        );
    }
    let login = started.elapsed();
    let logged_in_at = Instant::now();
    let mut pages = Vec::new();
    for (step, path) in [
        format!("/mail/message?folder=INBOX&uid={}", 1 + i as u32 % MESSAGES),
        "/mail?folder=INBOX&page=2".to_string(),
    ]
    .iter()
    .enumerate()
    {
        tokio::time::sleep(think(i, step)).await;
        let started = Instant::now();
        super::get_ok(&client, path).await?;
        pages.push(started.elapsed());
    }
    Ok((login, pages, logged_in_at))
}

async fn crowd(people: usize, pids: Vec<u32>) -> Result<Outcome> {
    let sampler = Sampler::start(pids);
    let first = Instant::now() + Duration::from_millis(200);
    let tasks: Vec<_> = (0..people)
        .map(|i| {
            let at = first + Duration::from_secs_f64(i as f64 / ARRIVAL_RATE);
            tokio::spawn(person(i, at))
        })
        .collect();
    let (mut logins, mut pages, mut errors) = (Vec::new(), Vec::new(), 0);
    let mut last_login = first;
    for task in tasks {
        match task.await? {
            Ok((login, steps, at)) => {
                logins.push(login.as_secs_f64() * 1000.0);
                pages.extend(steps.iter().map(|d| d.as_secs_f64() * 1000.0));
                last_login = last_login.max(at);
            }
            Err(error) => {
                if errors < 3 {
                    eprintln!("crowd error: {error}");
                }
                errors += 1;
            }
        }
    }
    let (peak_connections, peak_rss_kib) = sampler.finish().await?;
    if logins.is_empty() {
        bail!("no login succeeded");
    }
    Ok(Outcome {
        logins_per_second: logins.len() as f64 / (last_login - first).as_secs_f64(),
        login: stats(logins),
        pages: stats(if pages.is_empty() {
            vec![f64::NAN]
        } else {
            pages
        }),
        errors,
        peak_connections,
        peak_rss_kib,
    })
}

/// The floor: the same arrivals, each a raw IMAP login, EXAMINE and FETCH of 50 rows' headers.
async fn raw_crowd(people: usize) -> Result<Outcome> {
    let connector = Arc::new(super::connector()?);
    let sampler = Sampler::start(Vec::new());
    let first = Instant::now() + Duration::from_millis(200);
    let tasks: Vec<_> = (0..people)
        .map(|i| {
            let connector = connector.clone();
            let at = first + Duration::from_secs_f64(i as f64 / ARRIVAL_RATE);
            tokio::spawn(async move {
                tokio::time::sleep_until(at.into()).await;
                let started = Instant::now();
                let mut conn = connector
                    .login(
                        &crowd_user(i % ACCOUNTS),
                        &Zeroizing::new(PASSWORD.to_string()),
                    )
                    .await
                    .map_err(|e| anyhow::anyhow!("{e}"))?;
                raw_once(&mut conn, &RawOp::Page(format!("11:{MESSAGES}"))).await?;
                let took = started.elapsed();
                // Held open like a session, until everyone has arrived.
                Ok::<_, anyhow::Error>((took, Instant::now(), conn))
            })
        })
        .collect();
    let (mut logins, mut errors, mut held) = (Vec::new(), 0, Vec::new());
    let mut last = first;
    for task in tasks {
        match task.await? {
            Ok((took, at, conn)) => {
                logins.push(took.as_secs_f64() * 1000.0);
                last = last.max(at);
                held.push(conn);
            }
            Err(_) => errors += 1,
        }
    }
    let (peak_connections, _) = sampler.finish().await?;
    for mut conn in held {
        let _ = conn.session.logout().await;
    }
    Ok(Outcome {
        logins_per_second: logins.len() as f64 / (last - first).as_secs_f64(),
        login: stats(logins),
        pages: stats(vec![f64::NAN]),
        errors,
        peak_connections,
        peak_rss_kib: 0,
    })
}

fn row(people: usize, what: &str, o: &Outcome) -> String {
    let pages = if o.pages.median.is_nan() {
        "—".to_string()
    } else {
        format!(
            "{:.0} / {:.0} / {:.0} ms",
            o.pages.median, o.pages.p95, o.pages.p99
        )
    };
    let rss = if o.peak_rss_kib == 0 {
        "—".to_string()
    } else {
        format!("{:.0} MiB", o.peak_rss_kib as f64 / 1024.0)
    };
    format!(
        "| {people} | {what} | {:.0} | {:.0} / {:.0} / {:.0} ms | {pages} | {} | {} | {rss} |\n",
        o.logins_per_second, o.login.median, o.login.p95, o.login.p99, o.errors, o.peak_connections
    )
}

/// CPU seconds (user + system) of a process so far.
fn cpu_seconds(pid: u32) -> f64 {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // Fields after the command (which may hold spaces) start after the last ')'.
    let rest = stat.rsplit_once(')').map(|(_, r)| r).unwrap_or("");
    let fields: Vec<&str> = rest.split_whitespace().collect();
    let ticks: f64 = [11, 12]
        .iter()
        .filter_map(|i| fields.get(*i).and_then(|v| v.parse::<f64>().ok()))
        .sum();
    ticks / 100.0
}

/// CPU seconds of every Dovecot process (its IMAP, login, auth and master processes).
fn dovecot_cpu_seconds() -> f64 {
    let Ok(entries) = std::fs::read_dir("/proc") else {
        return 0.0;
    };
    entries
        .flatten()
        .filter_map(|e| e.file_name().to_str().and_then(|n| n.parse::<u32>().ok()))
        .filter(|pid| {
            let comm = std::fs::read_to_string(format!("/proc/{pid}/comm")).unwrap_or_default();
            let comm = comm.trim();
            comm == "imap" || comm == "imap-login" || comm == "auth" || comm == "dovecot"
        })
        .map(cpu_seconds)
        .sum()
}

/// Who the 64 clients are.
#[derive(Clone, Copy)]
enum Accounts {
    /// 64 crowd accounts (60 messages each).
    Many,
    /// One crowd account: 64 connections to one mailbox.
    One,
    /// The main benchmark's 10,000-message account (as its concurrency figures).
    Large,
}

impl Accounts {
    fn user(self, i: usize) -> String {
        match self {
            Accounts::Many => crowd_user(i),
            Accounts::One => crowd_user(0),
            Accounts::Large => super::user(10_000),
        }
    }

    fn messages(self) -> u32 {
        match self {
            Accounts::Large => 10_000,
            _ => MESSAGES,
        }
    }

    fn label(self) -> &'static str {
        match self {
            Accounts::Many => "64 accounts, 60 messages each",
            Accounts::One => "one account of 60 messages (64 connections to one mailbox)",
            Accounts::Large => "one account of 10,000 messages (the concurrency table's)",
        }
    }
}

/// 64 clients, list and open alternately for 5 s: latency, and whose CPU it took.
async fn sixty_four(accounts: Accounts, raw: bool, pid: Option<u32>) -> Result<String> {
    const CLIENTS: usize = 64;
    let messages = accounts.messages();
    let connector = Arc::new(super::connector()?);
    enum Client {
        Http(reqwest::Client),
        Raw(Box<postern_server::imap::Connection>),
    }
    let mut clients = Vec::new();
    for i in 0..CLIENTS {
        if raw {
            let mut conn = connector
                .login(&accounts.user(i), &Zeroizing::new(PASSWORD.to_string()))
                .await
                .map_err(|e| anyhow::anyhow!("{e}"))?;
            conn.session.examine("INBOX").await?;
            clients.push(Client::Raw(Box::new(conn)));
        } else {
            let client = as_sent(reqwest::Client::builder().cookie_store(true)).build()?;
            let page = super::Page::from(
                client
                    .post(format!("http://{FRONT}/login"))
                    .form(&[("email", accounts.user(i).as_str()), ("password", PASSWORD)])
                    .send()
                    .await?,
            )
            .await?;
            if page.path != "/mail" {
                bail!("login failed");
            }
            clients.push(Client::Http(client));
        }
    }
    // The first page of the folder, as the raw client asks it (the newest 50).
    let first_page = format!("{}:{messages}", messages.saturating_sub(49).max(1));
    let own = std::process::id();
    let before = (
        pid.map(cpu_seconds).unwrap_or(0.0),
        dovecot_cpu_seconds(),
        cpu_seconds(own),
    );
    let seconds = 5.0;
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    super::KEPT_OPEN.store(true, Ordering::Relaxed);
    let tasks: Vec<_> = clients
        .into_iter()
        .enumerate()
        .map(|(i, client)| {
            let first_page = first_page.clone();
            tokio::spawn(async move {
                let mut samples = Vec::new();
                let mut errors = 0;
                let mut n = 0u32;
                let mut client = client;
                while Instant::now() < deadline {
                    let uid = 1 + (i as u32 * 37 + n) % messages;
                    let start = Instant::now();
                    let ok = match &mut client {
                        Client::Http(http) => {
                            let path = if n.is_multiple_of(2) {
                                "/mail".to_string()
                            } else {
                                format!("/mail/message?folder=INBOX&uid={uid}")
                            };
                            super::get_ok(http, &path).await.is_ok()
                        }
                        Client::Raw(conn) => {
                            let op = if n.is_multiple_of(2) {
                                RawOp::Page(first_page.clone())
                            } else {
                                RawOp::Message(uid)
                            };
                            raw_once(conn, &op).await.is_ok()
                        }
                    };
                    if ok {
                        samples.push(start.elapsed().as_secs_f64() * 1000.0);
                    } else {
                        errors += 1;
                    }
                    n += 1;
                }
                (samples, errors, client)
            })
        })
        .collect();
    let (mut all, mut errors, mut done) = (Vec::new(), 0, Vec::new());
    for task in tasks {
        let (samples, e, client) = task.await?;
        all.extend(samples);
        errors += e;
        done.push(client);
    }
    // Read before any connection closes: an IMAP process that exits takes its CPU time along.
    let after = (
        pid.map(cpu_seconds).unwrap_or(0.0),
        dovecot_cpu_seconds(),
        cpu_seconds(own),
    );
    for client in done {
        if let Client::Raw(mut conn) = client {
            let _ = conn.session.logout().await;
        }
    }
    let count = all.len();
    let s = stats(all);
    let cpu = |a: f64, b: f64| format!("{:.0} %", (a - b) / seconds * 100.0);
    Ok(format!(
        "| {} | {} | {:.0} | {:.1} / {:.1} / {:.1} ms | {errors} | {} | {} | {} |\n",
        if raw { "raw IMAP" } else { "Postern" },
        accounts.label(),
        count as f64 / seconds,
        s.median,
        s.p95,
        s.p99,
        if raw {
            "—".to_string()
        } else {
            cpu(after.0, before.0)
        },
        cpu(after.1, before.1),
        cpu(after.2, before.2),
    ))
}

/// Runs everything; the report's section.
pub async fn run(sizes: &[usize]) -> Result<String> {
    mailstack(&["start", STACK])?;
    seed_accounts()?;
    warm_accounts().await?;
    let mut table = String::from(
        "| people | configuration | logins/s | login + Inbox p50 / p95 / p99 | later pages p50 / p95 / p99 | errors | IMAP connections at the peak | server RSS at the peak |\n|---|---|---|---|---|---|---|---|\n",
    );
    for &people in sizes {
        for shape in [
            Shape::Memory,
            Shape::Redis,
            Shape::TwoBehindHaproxy,
            Shape::TwoBehindHaproxySticky,
        ] {
            let deployment = Deployment::start(shape)?;
            // One login warms the binary and Dovecot's auth cache.
            let _ = person(ACCOUNTS - 1, Instant::now()).await;
            let outcome = crowd(people, deployment.pids()).await?;
            eprintln!("crowd of {people}, {}: done", shape.name());
            table.push_str(&row(people, shape.name(), &outcome));
            drop(deployment);
            std::thread::sleep(Duration::from_secs(1));
        }
        let floor = raw_crowd(people).await?;
        table.push_str(&row(people, "raw IMAP client (the floor)", &floor));
    }

    let tail = tail_table().await?;
    Ok(format!(
        "## Flash crowd (`scripts/bench.sh --crowd`)\n\nDistinct accounts ({MESSAGES} messages each) \
         arriving at {ARRIVAL_RATE:.0} a second; each logs in (the login POST and the Inbox it lands \
         on), thinks 0.5–1.5 s, opens a message, thinks, and loads the Inbox's second page. Fresh \
         processes for each row; the load generator runs on the same 2 cores. \"logins/s\" is \
         completed logins over the time from the first arrival to the last completed login.\n\n{table}\n\
         ## Where the tail at 64 sessions comes from\n\n64 clients list and open alternately for 5 s, \
         through Postern and as raw IMAP (the same commands over kept-open connections: NOOP, FETCH of \
         the newest 50 rows' headers; NOOP, the header, structure and text of one message). CPU is \
         each party's share of one core over the 5 s (200 % = both cores of this machine).\n\n{tail}\n"
    ))
}

/// The 64-session table: each kind of account, through a fresh Postern and as raw IMAP.
async fn tail_table() -> Result<String> {
    let mut tail = String::from(
        "| client | accounts | requests/s | p50 / p95 / p99 | errors | Postern CPU | Dovecot CPU | load generator CPU |\n|---|---|---|---|---|---|---|---|\n",
    );
    {
        let large = std::path::Path::new(STACK)
            .join("mail/example.test/bench10000/.bench-seeded")
            .exists();
        let mut kinds = vec![Accounts::Many, Accounts::One];
        if large {
            kinds.push(Accounts::Large);
        }
        for accounts in kinds {
            // A fresh instance for each: the sessions of one do not weigh on the next.
            let deployment = Deployment::start(Shape::Memory)?;
            let pid = deployment.pids().first().copied();
            tail.push_str(&sixty_four(accounts, false, pid).await?);
            drop(deployment);
            tail.push_str(&sixty_four(accounts, true, None).await?);
        }
    }
    Ok(tail)
}

/// `--crowd --tail-only`: the diagnosis alone (accounts seeded and warmed as for the crowd).
pub async fn tail_only() -> Result<String> {
    mailstack(&["start", STACK])?;
    seed_accounts()?;
    warm_accounts().await?;
    tail_table().await
}
