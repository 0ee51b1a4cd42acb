//! `scripts/bench.sh`: Postern against raw IMAP on the same Dovecot, in one run.
//!
//! Seeds folders of 1,000, 10,000 and 100,000 messages once (Maildir files, reused across runs),
//! measures the raw IMAP commands a folder page and a message need over a logged-in connection
//! (the floor), then the same pages from a running release `postern` with a logged-in session,
//! and prints medians, p95 and the ratio. Then concurrency, memory per session and page weight.
//! A benchmark, not a test: nothing here passes or fails on a time.

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use futures::TryStreamExt;
use postern_tests::Page;
use zeroize::Zeroizing;

mod crowd;
mod live;

const PASSWORD: &str = "bench password";
const STACK: &str = "/tmp/postern-bench-mail";
const PORTS: [(&str, u16); 7] = [
    ("IMAP_PORT", 30143),
    ("IMAPS_PORT", 30993),
    ("SUBMISSION_PORT", 30587),
    ("SUBMISSION26_PORT", 30026),
    ("SMTPS_PORT", 30465),
    ("LMTP_PORT", 30024),
    ("AUTH_PORT", 30012),
];
const POSTERN_ADDR: &str = "127.0.0.1:3300";

fn repo() -> std::path::PathBuf {
    std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn mailstack(args: &[&str]) -> Result<()> {
    let mut command = Command::new(repo().join("scripts/mailstack.sh"));
    command.args(args);
    for (name, port) in PORTS {
        command.env(name, port.to_string());
    }
    command.env("NO_POSTFIX", "1");
    let status = command
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .status()?;
    if !status.success() {
        bail!("mailstack.sh {args:?} failed");
    }
    Ok(())
}

fn user(size: u32) -> String {
    format!("bench{size}@example.test")
}

/// Seeds once; later runs reuse the folders.
fn seed(size: u32) -> Result<()> {
    let home = format!("{STACK}/mail/example.test/bench{size}");
    let marker = format!("{home}/.bench-seeded");
    mailstack(&["adduser", STACK, &user(size), PASSWORD])?;
    if std::path::Path::new(&marker).exists() {
        return Ok(());
    }
    let started = Instant::now();
    let status = Command::new("python3")
        .arg(repo().join("scripts/seed-mail.py"))
        .arg(&home)
        .args(["--count", &size.to_string()])
        .status()?;
    if !status.success() {
        bail!("seeding failed");
    }
    std::fs::write(&marker, b"")?;
    eprintln!("seeded {size} messages in {:.1?}", started.elapsed());
    Ok(())
}

/// A 1 GiB folder for the export measurement: 205 messages of 5 MiB each (base64 attachment),
/// written once as Maildir files.
fn seed_export() -> Result<()> {
    use std::os::unix::fs::MetadataExt;
    let address = "benchexport@example.test";
    mailstack(&["adduser", STACK, address, PASSWORD])?;
    let root = std::path::PathBuf::from(format!("{STACK}/mail"));
    let home = root.join("example.test/benchexport");
    let marker = home.join(".bench-seeded");
    if marker.exists() {
        return Ok(());
    }
    let maildir = home.join("Maildir/.Export");
    for sub in ["cur", "new", "tmp"] {
        std::fs::create_dir_all(maildir.join(sub))?;
    }
    let line = "QUJDREVGR0hJSktMTU5PUFFSU1RVVldYWVphYmNkZWZnaGlqa2xtbm9wcXJzdHV2d3h5ejAxMjM0\r\n";
    let body = line.repeat(5 * 1024 * 1024 / line.len());
    for i in 0..205u32 {
        let message = format!(
            "From: Sender {i} <sender{i}@example.org>\r\nTo: benchexport@example.test\r\n\
             Subject: Large {i}\r\nMIME-Version: 1.0\r\n\
             Content-Type: multipart/mixed; boundary=b\r\n\r\n--b\r\n\
             Content-Type: text/plain\r\n\r\nFrom the export benchmark\r\n--b\r\n\
             Content-Type: application/octet-stream\r\nContent-Transfer-Encoding: base64\r\n\r\n\
             {body}--b--\r\n"
        );
        std::fs::write(
            maildir.join(format!("cur/17000{i:05}.M{i}P1.bench:2,S")),
            message,
        )?;
    }
    std::fs::write(maildir.join("maildirfolder"), b"")?;
    let owner = std::fs::metadata(&root)?;
    let status = Command::new("chown")
        .arg("-R")
        .arg(format!("{}:{}", owner.uid(), owner.gid()))
        .arg(root.join("example.test"))
        .status()?;
    if !status.success() {
        bail!("chown failed");
    }
    std::fs::write(&marker, b"")?;
    Ok(())
}

/// A `kB` field of `/proc/<pid>/status` (`VmRSS:`, `VmHWM:`).
fn status_kib(pid: u32, field: &str) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .unwrap_or_default()
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Streams the 1 GiB folder's mbox export and reports its rate and the server's peak memory
/// during it (the kernel's high-water mark, reset first).
async fn measure_export(pid: u32) -> Result<String> {
    let client = login("benchexport@example.test").await?;
    // Let Dovecot index the folder first (its work, not Postern's).
    get_ok(&client, "/mail?folder=Export").await?;
    let before = status_kib(pid, "VmRSS:");
    let _ = std::fs::write(format!("/proc/{pid}/clear_refs"), "5");
    let started = Instant::now();
    let mut response = client
        .get(format!("http://{POSTERN_ADDR}/mail/export?folder=Export"))
        .send()
        .await?;
    let mut bytes = 0u64;
    while let Some(chunk) = response.chunk().await? {
        bytes += chunk.len() as u64;
    }
    let seconds = started.elapsed().as_secs_f64();
    let peak = status_kib(pid, "VmHWM:");
    Ok(format!(
        "| 205 messages of 5 MiB | {:.0} MiB | {seconds:.1} s | {:.0} MiB/s | {:.1} MiB | {:.1} MiB | {:.1} MiB |\n",
        bytes as f64 / 1048576.0,
        bytes as f64 / 1048576.0 / seconds,
        before as f64 / 1024.0,
        peak as f64 / 1024.0,
        peak.saturating_sub(before) as f64 / 1024.0
    ))
}

const SOAK_SAMPLE_SECONDS: u64 = 30;

/// Memory over a longer run: 16 sessions list and open without pause for `seconds`; the
/// server's RSS is sampled as it goes. Growth would show a leak.
async fn soak_test(pid: u32, address: &str, seconds: u64) -> Result<String> {
    if seconds == 0 {
        return Ok("(not measured: --soak 0)\n".to_string());
    }
    let mut sessions = Vec::new();
    for _ in 0..16 {
        sessions.push(login(address).await?);
    }
    let deadline = Instant::now() + Duration::from_secs(seconds);
    let mut tasks = Vec::new();
    for (i, client) in sessions.into_iter().enumerate() {
        tasks.push(tokio::spawn(async move {
            let mut n = 0u32;
            let mut errors = 0u32;
            while Instant::now() < deadline {
                let path = if n.is_multiple_of(2) {
                    "/mail".to_string()
                } else {
                    format!(
                        "/mail/message?folder=INBOX&uid={}",
                        1 + (i as u32 * 37 + n) % 1000
                    )
                };
                if get_ok(&client, &path).await.is_err() {
                    errors += 1;
                }
                n += 1;
            }
            (n, errors)
        }));
    }
    let mut samples = vec![(0u64, rss_kib(pid))];
    let started = Instant::now();
    while Instant::now() < deadline {
        tokio::time::sleep(Duration::from_secs(SOAK_SAMPLE_SECONDS).min(deadline - Instant::now()))
            .await;
        samples.push((started.elapsed().as_secs(), rss_kib(pid)));
    }
    let (mut requests, mut errors) = (0, 0);
    for task in tasks {
        let (n, e) = task.await?;
        requests += n;
        errors += e;
    }
    let mut out = String::from("| after | server RSS |\n|---|---|\n");
    for (at, rss) in samples {
        out.push_str(&format!("| {at} s | {:.1} MiB |\n", rss as f64 / 1024.0));
    }
    out.push_str(&format!("\n{requests} requests, {errors} errors.\n"));
    Ok(out)
}

struct Stats {
    median: f64,
    p95: f64,
    p99: f64,
}

fn stats(mut samples: Vec<f64>) -> Stats {
    samples.sort_by(|a, b| a.total_cmp(b));
    let at = |q: f64| samples[((samples.len() as f64 - 1.0) * q).round() as usize];
    Stats {
        median: at(0.5),
        p95: at(0.95),
        p99: at(0.99),
    }
}

async fn time<F, Fut>(reps: usize, mut f: F) -> Result<Stats>
where
    F: FnMut() -> Fut,
    Fut: std::future::Future<Output = Result<()>>,
{
    // Warm up: the first open of a folder makes Dovecot build its index.
    for _ in 0..3 {
        f().await?;
    }
    let mut samples = Vec::with_capacity(reps);
    for _ in 0..reps {
        let start = Instant::now();
        f().await?;
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(stats(samples))
}

/// The IMAP commands a page needs, sent straight over a logged-in connection.
enum RawOp {
    /// EXAMINE (or NOOP: see `KEPT_OPEN`) + FETCH of one page's rows (sequence range).
    Page(String),
    /// EXAMINE (or NOOP) + header and structure + the text of one message.
    Message(u32),
}

/// When true, the raw client keeps INBOX open and asks NOOP instead of EXAMINE, as Postern
/// does between requests of a session.
static KEPT_OPEN: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

async fn raw_once(conn: &mut postern_server::imap::Connection, op: &RawOp) -> Result<()> {
    if KEPT_OPEN.load(std::sync::atomic::Ordering::Relaxed) {
        conn.session.noop().await?;
    } else {
        conn.session.examine("INBOX").await?;
    }
    match op {
        RawOp::Page(range) => {
            let items = postern_server::imap::messages::LIST_FETCH_ITEMS;
            let _rows: Vec<_> = conn
                .session
                .fetch(range, items)
                .await?
                .try_collect()
                .await?;
        }
        RawOp::Message(uid) => {
            let head = "(UID FLAGS BODYSTRUCTURE BODY.PEEK[HEADER])";
            let _: Vec<_> = conn
                .session
                .uid_fetch(uid.to_string(), head)
                .await?
                .try_collect()
                .await?;
            let text = "(UID BODY.PEEK[TEXT])";
            let _: Vec<_> = conn
                .session
                .uid_fetch(uid.to_string(), text)
                .await?
                .try_collect()
                .await?;
        }
    }
    Ok(())
}

async fn time_raw(
    reps: usize,
    conn: &mut postern_server::imap::Connection,
    op: &RawOp,
) -> Result<Stats> {
    for _ in 0..3 {
        raw_once(conn, op).await?;
    }
    let mut samples = Vec::with_capacity(reps);
    for _ in 0..reps {
        let start = Instant::now();
        raw_once(conn, op).await?;
        samples.push(start.elapsed().as_secs_f64() * 1000.0);
    }
    Ok(stats(samples))
}

fn connector() -> Result<postern_server::imap::Connector> {
    let settings = postern_server::config::Settings::load(None, &|name| env().get(name).cloned())
        .map_err(|e| anyhow::anyhow!(e))?;
    let tls =
        postern_server::tls::TlsClient::new(&settings.trust).map_err(|e| anyhow::anyhow!(e))?;
    Ok(postern_server::imap::Connector {
        upstream: settings.imap.clone(),
        tls,
        allowed_domains: settings.allowed_domains.clone(),
        allow_internal: true,
        timeout: Duration::from_secs(30),
    })
}

/// A client that hands over bodies as the server sent them (the tests' reqwest decodes
/// compressed bodies by itself, which would hide the page weight and the cost of compressing).
fn as_sent(builder: reqwest::ClientBuilder) -> reqwest::ClientBuilder {
    builder.no_gzip().no_brotli().no_zstd().no_deflate()
}

fn env() -> HashMap<String, String> {
    [
        ("LEPTOS_SITE_ADDR", POSTERN_ADDR.to_string()),
        (
            "LEPTOS_SITE_ROOT",
            repo().join("target/site").to_string_lossy().into_owned(),
        ),
        ("POSTERN_IMAP", "imaps://127.0.0.1:30993".to_string()),
        ("POSTERN_SMTP", "smtp://127.0.0.1:30587".to_string()),
        ("POSTERN_ALLOWED_DOMAINS", "example.test".to_string()),
        ("POSTERN_TLS_CA", format!("{STACK}/tls/ca.crt")),
        (
            "POSTERN_TLS_SERVER_NAME",
            "server17.hosting.test".to_string(),
        ),
        ("POSTERN_LOGIN_MAX_FAILURES", "10000".to_string()),
        ("POSTERN_LOG", "warn".to_string()),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_string(), v))
    .collect()
}

fn start_postern() -> Result<Child> {
    start_postern_with(&[])
}

/// The build measured, with `extra` settings.
fn start_postern_with(extra: &[(&str, &str)]) -> Result<Child> {
    // POSTERN_BENCH_BIN: another build to measure (an earlier commit's, for a before/after).
    let binary = std::env::var_os("POSTERN_BENCH_BIN")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo().join("target/release/postern"));
    start_postern_at(&binary, &repo().join("target/site"), extra)
}

/// Postern from `binary`, serving the assets of `site`.
fn start_postern_at(
    binary: &std::path::Path,
    site: &std::path::Path,
    extra: &[(&str, &str)],
) -> Result<Child> {
    if std::net::TcpStream::connect(POSTERN_ADDR).is_ok() {
        bail!("something already listens on {POSTERN_ADDR}");
    }
    let child = Command::new(binary)
        .envs(env())
        .env("LEPTOS_SITE_ROOT", site)
        .envs(extra.iter().copied())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .context("target/release/postern (run scripts/build.sh --release)")?;
    for _ in 0..100 {
        if std::net::TcpStream::connect(POSTERN_ADDR).is_ok() {
            return Ok(child);
        }
        std::thread::sleep(Duration::from_millis(50));
    }
    bail!("postern did not start")
}

fn rss_kib(pid: u32) -> u64 {
    status_kib(pid, "VmRSS:")
}

async fn login(address: &str) -> Result<reqwest::Client> {
    let client = as_sent(reqwest::Client::builder().cookie_store(true)).build()?;
    let page = Page::from(
        client
            .post(format!("http://{POSTERN_ADDR}/login"))
            .form(&[("email", address), ("password", PASSWORD)])
            .send()
            .await?,
    )
    .await?;
    if page.path != "/mail" {
        bail!(
            "login as {address} failed: {:?}",
            page.testid_text("login-error")
        );
    }
    Ok(client)
}

async fn get_ok(client: &reqwest::Client, path: &str) -> Result<()> {
    let response = client
        .get(format!("http://{POSTERN_ADDR}{path}"))
        .send()
        .await?;
    if !response.status().is_success() {
        bail!("{path}: {}", response.status());
    }
    let body = response.bytes().await?;
    if body.windows(10).any(|w| w == b"mail-error") {
        bail!("{path}: error page");
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let args: Vec<String> = std::env::args().collect();
    let reps: usize = args
        .iter()
        .position(|a| a == "--reps")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(30);
    let sizes: Vec<u32> = args
        .iter()
        .position(|a| a == "--sizes")
        .and_then(|i| args.get(i + 1))
        .map(|v| v.split(',').filter_map(|s| s.parse().ok()).collect())
        .unwrap_or_else(|| vec![1_000, 10_000, 100_000]);

    if args.iter().any(|a| a == "--crowd") {
        let people: Vec<usize> = args
            .iter()
            .position(|a| a == "--people")
            .and_then(|i| args.get(i + 1))
            .map(|v| v.split(',').filter_map(|s| s.parse().ok()).collect())
            .unwrap_or_else(|| vec![100, 300]);
        // --tail-only: the 64-session diagnosis alone, printed (for a before/after of a change).
        if args.iter().any(|a| a == "--tail-only") {
            println!("{}", crowd::tail_only().await?);
            return Ok(());
        }
        let section = crowd::run(&people).await?;
        println!("{section}");
        return write_section(CROWD_MARK, &section);
    }
    if args.iter().any(|a| a == "--live") {
        let section = live::run().await?;
        println!("{section}");
        return write_section(LIVE_MARK, &section);
    }
    mailstack(&["start", STACK])?;
    // --weight: the page weight, paint and slow-link tables alone, for this build and, when
    // POSTERN_BENCH_BEFORE_BIN and POSTERN_BENCH_BEFORE_SITE name an earlier build, for it.
    if args.iter().any(|a| a == "--weight") {
        seed(sizes[0])?;
        return weight_section(sizes[0]).await;
    }
    for size in &sizes {
        seed(*size)?;
    }
    let export = !args.iter().any(|a| a == "--no-export");
    let soak: u64 = args
        .iter()
        .position(|a| a == "--soak")
        .and_then(|i| args.get(i + 1))
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    if export {
        seed_export()?;
    }
    let mut postern = start_postern()?;
    let result = run(&sizes, reps, postern.id(), export, soak).await;
    let _ = postern.kill();
    let _ = postern.wait();
    result
}

async fn run(sizes: &[u32], reps: usize, pid: u32, export: bool, soak: u64) -> Result<()> {
    let connector = connector()?;
    // Memory first, on a fresh server: idle, then with 100 and 500 logged-in sessions, each
    // having loaded its Inbox (so each holds its IMAP connection).
    tokio::time::sleep(Duration::from_millis(300)).await;
    // The export first, on a server that has done nothing yet, so its peak is its own.
    let export = if export {
        format!(
            "| folder | mbox size | time | rate | server RSS before | peak during | peak − before |\n|---|---|---|---|---|---|---|\n{}",
            measure_export(pid).await?
        )
    } else {
        "(not measured: --no-export)\n".to_string()
    };
    tokio::time::sleep(Duration::from_millis(300)).await;
    let idle = rss_kib(pid);
    let mut held = Vec::new();
    let mut rows = Vec::new();
    let mut per_session_kib = 0.0;
    for target in [100usize, 500] {
        while held.len() < target {
            let client = login(&user(sizes[held.len() % sizes.len()])).await?;
            get_ok(&client, "/mail").await?;
            held.push(client);
        }
        let rss = rss_kib(pid);
        per_session_kib = rss.saturating_sub(idle) as f64 / target as f64;
        rows.push(format!(
            "| {target} | {:.1} MiB | {:.0} KiB |\n",
            rss as f64 / 1024.0,
            rss.saturating_sub(idle) as f64 / target as f64
        ));
    }
    let memory = format!(
        "Server RSS idle: {:.1} MiB.\n\n| logged-in sessions | server RSS | per session |\n|---|---|---|\n{}",
        idle as f64 / 1024.0,
        rows.concat()
    );
    // Log them out, so that their IMAP connections do not count against the measurements.
    for client in held {
        let _ = client
            .post(format!("http://{POSTERN_ADDR}/logout"))
            .send()
            .await;
    }
    let mut table = String::new();
    table.push_str("| folder | what | raw IMAP, EXAMINE each time | raw IMAP, folder kept open | Postern | ratio to EXAMINE each time | ratio to the faster raw |\n|---|---|---|---|---|---|---|\n");
    let mut first_page_1k = None;
    // An HTTP round trip to Postern that does no IMAP and renders no page.
    let mut http_floor: Option<f64> = None;
    // Worst ratios seen: (folder pages, message pages) against each raw baseline, and the
    // deep page of the largest folder against page 1 of 1,000.
    let mut worst = [0.0f64; 4];
    let mut deep_vs_small = None;
    for &size in sizes {
        let address = user(size);
        let mut conn = connector
            .login(&address, &Zeroizing::new(PASSWORD.to_string()))
            .await
            .map_err(|e| anyhow::anyhow!("{e}"))?;
        let deep_page = (size / 50).max(1);
        let raw_page = |page: u32| {
            let range = postern_server::imap::messages::page_range(size, page, 50);
            range
                .sequence
                .map(|(lo, hi)| format!("{lo}:{hi}"))
                .unwrap_or_default()
        };
        let (first_range, deep_range) = (raw_page(1), raw_page(deep_page));
        let uid = size / 2;
        let mut raw = Vec::new();
        for kept_open in [false, true] {
            KEPT_OPEN.store(kept_open, std::sync::atomic::Ordering::Relaxed);
            conn.session.examine("INBOX").await?;
            raw.push((
                time_raw(reps, &mut conn, &RawOp::Page(first_range.clone())).await?,
                time_raw(reps, &mut conn, &RawOp::Page(deep_range.clone())).await?,
                time_raw(reps, &mut conn, &RawOp::Message(uid)).await?,
            ));
        }
        let (open1, opend, openm) = raw.pop().context("raw timings")?;
        let (raw1, rawd, rawm) = raw.pop().context("raw timings")?;
        let _ = conn.session.logout().await;

        let client = login(&address).await?;
        if size == sizes[0] {
            let http = time(reps, || get_ok(&client, "/healthz")).await?;
            http_floor = Some(http.median);
        }
        let deep_path = format!("/mail?folder=INBOX&page={deep_page}");
        let message_path = format!("/mail/message?folder=INBOX&uid={uid}");
        let p1 = time(reps, || get_ok(&client, "/mail")).await?;
        let pd = time(reps, || get_ok(&client, &deep_path)).await?;
        let pm = time(reps, || get_ok(&client, &message_path)).await?;
        if size == 1_000 {
            first_page_1k = Some(p1.median);
        }
        for (what, raw, open, postern) in [
            ("page 1", &raw1, &open1, &p1),
            (&*format!("page {deep_page}"), &rawd, &opend, &pd),
            ("open message", &rawm, &openm, &pm),
        ] {
            let floor = raw.median.min(open.median);
            let message = what == "open message";
            let i = if message { 1 } else { 0 };
            worst[i] = worst[i].max(postern.median / raw.median);
            worst[i + 2] = worst[i + 2].max(postern.median / floor);
            table.push_str(&format!(
                "| {size} | {what} | {:.2} ms ({:.2}) | {:.2} ms ({:.2}) | {:.2} ms ({:.2}) | {:.2}× | {:.2}× |\n",
                raw.median,
                raw.p95,
                open.median,
                open.p95,
                postern.median,
                postern.p95,
                postern.median / raw.median,
                postern.median / floor
            ));
        }
        if let (Some(base), true) = (first_page_1k, size > 1_000) {
            deep_vs_small = Some((size, pd.median / base));
            table.push_str(&format!(
                "| {size} | deep page vs page 1 of 1,000 | | | | {:.2}× | |\n",
                pd.median / base
            ));
        }
    }

    // Concurrency: each client its own session, listing and opening, for a fixed time.
    let mut concurrency = String::from(
        "| clients | requests/s | p50 | p95 | p99 | errors |\n|---|---|---|---|---|---|\n",
    );
    let size = *sizes.iter().find(|s| **s == 10_000).unwrap_or(&sizes[0]);
    let mut rate_16 = 0.0;
    for clients in [1usize, 16, 64] {
        let mut sessions = Vec::new();
        for _ in 0..clients {
            sessions.push(login(&user(size)).await?);
        }
        let deadline = Instant::now() + Duration::from_secs(5);
        let mut tasks = Vec::new();
        for (i, client) in sessions.into_iter().enumerate() {
            tasks.push(tokio::spawn(async move {
                let mut samples = Vec::new();
                let mut errors = 0u32;
                let mut n = 0u32;
                while Instant::now() < deadline {
                    let path = if n.is_multiple_of(2) {
                        "/mail".to_string()
                    } else {
                        format!(
                            "/mail/message?folder=INBOX&uid={}",
                            1 + (i as u32 * 37 + n) % size
                        )
                    };
                    let start = Instant::now();
                    match get_ok(&client, &path).await {
                        Ok(()) => samples.push(start.elapsed().as_secs_f64() * 1000.0),
                        Err(_) => errors += 1,
                    }
                    n += 1;
                }
                (samples, errors)
            }));
        }
        let mut all = Vec::new();
        let mut errors = 0;
        for task in tasks {
            let (samples, e) = task.await?;
            all.extend(samples);
            errors += e;
        }
        let count = all.len();
        if clients == 16 {
            rate_16 = count as f64 / 5.0;
        }
        let s = stats(all);
        concurrency.push_str(&format!(
            "| {clients} | {:.0} | {:.1} ms | {:.1} ms | {:.1} ms | {errors} |\n",
            count as f64 / 5.0,
            s.median,
            s.p95,
            s.p99
        ));
    }

    let soak = soak_test(pid, &user(size), soak).await?;

    let (weight, paint, totals) = weight_and_paint(&user(sizes[0])).await?;

    table.push_str(&format!(
        "\nFor scale: an HTTP request to Postern that touches no IMAP and renders nothing (`/healthz`) takes {:.2} ms.\n",
        http_floor.unwrap_or(f64::NAN)
    ));
    let verdict = |ok: bool| if ok { "met" } else { "**not met**" };
    let (deep_size, deep_ratio) = deep_vs_small.unwrap_or((0, f64::NAN));
    let first_load_kb = totals[2] as f64 / 1024.0;
    let targets = format!(
        "| target | measured | |\n|---|---|---|\n\
         | folder page ≤ 1.2× raw IMAP | worst {:.2}× (EXAMINE each time), {:.2}× (folder kept open) | {} / {} |\n\
         | message page ≤ 1.2× raw IMAP | worst {:.2}× (EXAMINE each time), {:.2}× (folder kept open) | {} / {} |\n\
         | deep page of the largest folder ({deep_size}) ≤ 1.2× page 1 of 1,000 | {deep_ratio:.2}× | {} |\n\
         | > 10× Roundcube's 21 list requests/s | {rate_16:.0} requests/s at 16 sessions ({:.0}×) | {} |\n\
         | first load ≤ 110 KB compressed | {first_load_kb:.0} KB (brotli) | {} |\n\
         | ≤ 1 MB per idle session | {per_session_kib:.0} KiB | {} |\n",
        worst[0],
        worst[2],
        verdict(worst[0] <= 1.2),
        verdict(worst[2] <= 1.2),
        worst[1],
        worst[3],
        verdict(worst[1] <= 1.2),
        verdict(worst[3] <= 1.2),
        verdict(deep_ratio <= 1.2),
        rate_16 / 21.0,
        verdict(rate_16 > 210.0),
        verdict(first_load_kb <= 110.0),
        verdict(per_session_kib <= 1024.0),
    );

    let machine = format!(
        "{} cores, {}",
        std::thread::available_parallelism()
            .map(|n| n.get())
            .unwrap_or(0),
        std::fs::read_to_string("/proc/cpuinfo")
            .unwrap_or_default()
            .lines()
            .find_map(|l| l.strip_prefix("model name\t: "))
            .unwrap_or("unknown CPU")
    );
    let report = format!(
        "# Benchmarks\n\nProduced by `scripts/bench.sh` (release build, {reps} repetitions after 3 warm-ups; \
         medians and p95 in milliseconds). Machine: {machine}. Dovecot 2.3 on loopback, same run.\n\n\
         ## Targets\n{targets}\n\
         ## Folder page and message page: Postern against raw IMAP\nThe raw columns are the same IMAP commands \
         over an already logged-in connection (EXAMINE + FETCH of 50 rows' headers; header + structure + text \
         of one message): the floor Postern cannot go below. Postern keeps a session's folder open between \
         requests and asks NOOP instead of EXAMINE (Dovecot re-reads a folder's index on every EXAMINE), so \
         the raw client is measured both ways; the last column compares with the faster of the two. A Postern \
         page also lists the folders with their counts (LIST-STATUS) and the quota, which the raw client \
         does not.\n\n{table}\n## Concurrency ({size}-message folder, \
         each client its own session, 5 s, list and open alternately)\n{concurrency}\n## Memory\n{memory}\n\
         ### Under load over time (16 sessions listing and opening, RSS every {} s)\n{soak}\n\
         ## Export: a 1 GiB folder as mbox, streamed\n{export}\n\
         ## Page weight of the first Inbox load\n{weight}\n\
         ## First paint and hydration in Chromium ({} messages, loopback, median of 10 loads)\n{paint}\n",
        SOAK_SAMPLE_SECONDS, sizes[0]
    );
    println!("{report}");
    let out = report_path();
    // The sections measured on their own (`--live`, `--crowd`) are kept.
    let old = std::fs::read_to_string(&out).unwrap_or_default();
    let kept = old.len() - split_report(&old).0.len();
    std::fs::write(&out, format!("{report}{}", &old[old.len() - kept..]))?;
    Ok(())
}

/// Where the flash-crowd section starts in docs/benchmarks.md.
const CROWD_MARK: &str = "<!-- flash crowd: scripts/bench.sh --crowd -->";
/// Where the live-mail section starts.
const LIVE_MARK: &str = "<!-- live mail: scripts/bench.sh --live -->";
/// The sections measured on their own, in the order they follow the main report.
const SECTIONS: [&str; 2] = [LIVE_MARK, CROWD_MARK];

fn report_path() -> std::path::PathBuf {
    // POSTERN_BENCH_OUT: where the report goes (docs/benchmarks.md).
    std::env::var_os("POSTERN_BENCH_OUT")
        .map(std::path::PathBuf::from)
        .unwrap_or_else(|| repo().join("docs/benchmarks.md"))
}

/// Splits a report into the main part and the sections measured on their own.
fn split_report(old: &str) -> (&str, Vec<(&'static str, &str)>) {
    let mut found: Vec<(usize, &'static str)> = SECTIONS
        .iter()
        .filter_map(|mark| old.find(mark).map(|at| (at, *mark)))
        .collect();
    found.sort();
    let head = found.first().map_or(old, |(at, _)| &old[..*at]);
    let sections = found
        .iter()
        .enumerate()
        .map(|(i, (at, mark))| {
            let end = found.get(i + 1).map_or(old.len(), |(next, _)| *next);
            (*mark, old[at + mark.len()..end].trim_start_matches('\n'))
        })
        .collect();
    (head, sections)
}

/// Puts `section` under `mark` in the report, keeping the rest.
fn write_section(mark: &'static str, section: &str) -> Result<()> {
    let out = report_path();
    let old = std::fs::read_to_string(&out).unwrap_or_default();
    let (head, mut sections) = split_report(&old);
    sections.retain(|(m, _)| *m != mark);
    sections.push((mark, section));
    let mut text = head.to_string();
    for wanted in SECTIONS {
        if let Some((m, body)) = sections.iter().find(|(m, _)| *m == wanted) {
            text.push_str(&format!("{m}\n{body}"));
            if !body.ends_with('\n') {
                text.push('\n');
            }
        }
    }
    std::fs::write(out, text)?;
    Ok(())
}

/// The `/pkg/…` addresses a page links to (stylesheet, loader, bundle), each once.
fn page_assets(html: &str) -> Vec<String> {
    let mut assets: Vec<String> = Vec::new();
    for piece in html.split("href=\"").skip(1) {
        if let Some(link) = piece.split('"').next()
            && link.starts_with("/pkg/")
            && !assets.iter().any(|a| a == link)
        {
            assets.push(link.to_string());
        }
    }
    assets
}

/// The page weight of the first Inbox load (each resource as served, identity / gzip / brotli,
/// the login page's first load, whether assets are kept for good), then first paint and
/// hydration in Chromium over loopback and on an emulated slow link, for Postern on
/// POSTERN_ADDR with `user` logged in. The two tables and the byte totals.
async fn weight_and_paint(user: &str) -> Result<(String, String, [usize; 3])> {
    // Page weight of the first Inbox load, as served (brotli and gzip negotiated).
    let client = login(user).await?;
    let raw_client = as_sent(reqwest::Client::builder()).build()?;
    let mut weight = String::from("| resource | identity | gzip | brotli |\n|---|---|---|---|\n");
    let html_size = |encoding: &'static str| {
        let client = client.clone();
        async move {
            let r = client
                .get(format!("http://{POSTERN_ADDR}/mail"))
                .header("accept-encoding", encoding)
                .send()
                .await?;
            Ok::<usize, anyhow::Error>(r.bytes().await?.len())
        }
    };
    let mut totals = [0usize; 3];
    let html = [
        html_size("identity").await?,
        html_size("gzip").await?,
        html_size("br").await?,
    ];
    weight.push_str(&format!(
        "| Inbox HTML | {} B | {} B | {} B |\n",
        html[0], html[1], html[2]
    ));
    for (i, v) in html.iter().enumerate() {
        totals[i] += v;
    }
    // The assets the page names (under their versioned directory), as a browser fetches them.
    let inbox = client
        .get(format!("http://{POSTERN_ADDR}/mail"))
        .send()
        .await?
        .text()
        .await?;
    let assets = page_assets(&inbox);
    let mut kept_for_good = true;
    for asset in &assets {
        let mut row = [0usize; 3];
        for (i, encoding) in ["identity", "gzip", "br"].iter().enumerate() {
            let r = raw_client
                .get(format!("http://{POSTERN_ADDR}{asset}"))
                .header("accept-encoding", *encoding)
                .send()
                .await?;
            kept_for_good &= r
                .headers()
                .get("cache-control")
                .and_then(|v| v.to_str().ok())
                .is_some_and(|v| v.contains("immutable"));
            row[i] = r.bytes().await?.len();
            totals[i] += row[i];
        }
        weight.push_str(&format!(
            "| {asset} | {} B | {} B | {} B |\n",
            row[0], row[1], row[2]
        ));
    }
    weight.push_str(&format!(
        "| **total** | {} KB | {} KB | {} KB |\n",
        totals[0] / 1024,
        totals[1] / 1024,
        totals[2] / 1024
    ));
    // The login page's first load: its HTML and the assets it names itself.
    let login_html = raw_client
        .get(format!("http://{POSTERN_ADDR}/login"))
        .send()
        .await?
        .text()
        .await?;
    let mut login_br = raw_client
        .get(format!("http://{POSTERN_ADDR}/login"))
        .header("accept-encoding", "br")
        .send()
        .await?
        .bytes()
        .await?
        .len();
    let mut login_assets = Vec::new();
    for asset in page_assets(&login_html) {
        login_br += raw_client
            .get(format!("http://{POSTERN_ADDR}{asset}"))
            .header("accept-encoding", "br")
            .send()
            .await?
            .bytes()
            .await?
            .len();
        login_assets.push(asset.rsplit('/').next().unwrap_or("").to_string());
    }
    weight.push_str(&format!(
        "\nThe login page's first load (its HTML and what it links to: {}; brotli): {:.1} KB. {}\n",
        login_assets.join(", "),
        login_br as f64 / 1024.0,
        if kept_for_good {
            "A second visit downloads only the HTML: the assets are served `Cache-Control: public, \
             max-age=31536000, immutable` under a directory named after their content \
             (`/pkg/<hash>/`)."
        } else {
            "The assets are revalidated on every visit (`no-cache`, no versioned address)."
        }
    ));

    // Paint and hydration in Chromium (when the browser and Playwright are installed).
    let timing = Command::new("node")
        .arg(repo().join("end2end/paint-timing.js"))
        .args([&format!("http://{POSTERN_ADDR}"), user, PASSWORD, "10"])
        .current_dir(repo().join("end2end"))
        .output();
    let paint = match timing {
        Ok(out) if out.status.success() => {
            let v: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
            format!(
                "| first contentful paint | message list in the page | hydrated (wasm loaded and running) |\n|---|---|---|\n| {:.0} ms | {:.0} ms | {:.0} ms |\n\nThe Inbox is readable (and usable: every action is a form) from the first paint; hydration only adds the page's script.\n",
                v["first_contentful_paint_ms"].as_f64().unwrap_or(f64::NAN),
                v["message_list_in_dom_ms"].as_f64().unwrap_or(f64::NAN),
                v["hydrated_ms"].as_f64().unwrap_or(f64::NAN)
            )
        }
        _ => "(not measured: Chromium or Playwright is not installed; `scripts/setup.sh` installs them)\n".to_string(),
    };
    // The same on an emulated slow mobile link, from a cold cache.
    let slow = Command::new("node")
        .arg(repo().join("end2end/slow-link.js"))
        .args([&format!("http://{POSTERN_ADDR}"), user, PASSWORD])
        .current_dir(repo().join("end2end"))
        .output();
    let paint = match slow {
        Ok(out) if out.status.success() => {
            let v: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
            let ms = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
            format!(
                "{paint}\n### On a slow mobile link (Chromium, 400 ms round trip, 400 kbit/s, cold cache)\n| login page usable | Inbox readable after submitting the login | Inbox interactive (islands running) | a message open |\n|---|---|---|---|\n| {:.1} s | {:.1} s | {:.1} s | {:.1} s |\n",
                ms("login_usable_ms") / 1000.0,
                ms("inbox_readable_ms") / 1000.0,
                ms("inbox_interactive_ms") / 1000.0,
                ms("message_open_ms") / 1000.0
            )
        }
        Ok(out) => format!(
            "{paint}\n(slow link not measured: {})\n",
            String::from_utf8_lossy(&out.stderr)
                .lines()
                .next()
                .unwrap_or("")
        ),
        Err(_) => paint,
    };
    Ok((weight, paint, totals))
}

/// `--weight`: measures [`weight_and_paint`] for this build (and an earlier one) and replaces
/// that part of docs/benchmarks.md, with the first-load row of its targets.
async fn weight_section(size: u32) -> Result<()> {
    let mut builds = vec![(
        "this build".to_string(),
        repo().join("target/release/postern"),
        repo().join("target/site"),
    )];
    if let (Some(bin), Some(site)) = (
        std::env::var_os("POSTERN_BENCH_BEFORE_BIN"),
        std::env::var_os("POSTERN_BENCH_BEFORE_SITE"),
    ) {
        let name = std::env::var("POSTERN_BENCH_BEFORE_NAME").unwrap_or_else(|_| "before".into());
        builds.push((name, bin.into(), site.into()));
    }
    let mut weights = String::new();
    let mut paints = String::new();
    let mut first_load = f64::NAN;
    for (i, (name, binary, site)) in builds.iter().enumerate() {
        let mut postern = start_postern_at(binary, site, &[])?;
        let measured = weight_and_paint(&user(size)).await;
        let _ = postern.kill();
        let _ = postern.wait();
        let (weight, paint, totals) = measured?;
        if i == 0 {
            first_load = totals[2] as f64 / 1024.0;
        }
        weights.push_str(&format!("### {name}\n{weight}\n"));
        paints.push_str(&format!("### {name}\n{paint}\n"));
    }
    let section = format!(
        "## Page weight of the first Inbox load\nMeasured by `scripts/bench.sh --weight` (each build \
         in the same run).\n\n{weights}## First paint and hydration in Chromium ({size} messages, \
         loopback, median of 10 loads)\n{paints}"
    );
    println!("{section}");
    let out = report_path();
    let old = std::fs::read_to_string(&out).unwrap_or_default();
    let start = old.find("## Page weight of the first Inbox load");
    let end = split_report(&old).0.len();
    let mut new = match start {
        Some(start) if start < end => format!("{}{section}\n{}", &old[..start], &old[end..]),
        _ => format!("{old}\n{section}"),
    };
    let row = "| first load ≤ 110 KB compressed |";
    if let Some(at) = new.find(row) {
        let line_end = new[at..].find('\n').map_or(new.len(), |n| at + n);
        let verdict = if first_load <= 110.0 {
            "met"
        } else {
            "**not met**"
        };
        new.replace_range(
            at..line_end,
            &format!("{row} {first_load:.0} KB (brotli) | {verdict} |"),
        );
    }
    std::fs::write(out, new)?;
    Ok(())
}
