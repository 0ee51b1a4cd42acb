//! `scripts/bench.sh --live`: how fast new mail reaches an open page, and what listening costs.
//!
//! Latency: one account, its Inbox open. Each of [`DELIVERIES`] messages is handed to Dovecot's
//! LMTP (as Postfix or Exim would) while two listeners wait: a raw IMAP client in IDLE on the
//! same Inbox (the floor: what any client of Dovecot can know) and Postern's `/events` stream.
//! Then the page is read again, as the page's script does after its 150 ms debounce. In Chromium
//! (`end2end/live-latency.js`) the same deliveries are timed until the row is in the open page.
//! Cost: [`SESSIONS`] distinct accounts log in and load their Inbox; Dovecot's `doveadm who` counts
//! the IMAP connections, then again with every session's page listening (a fifth of them with
//! five streams, as five tabs without the shared stream would be), and after the streams closed;
//! Postern's RSS before and after gives the memory of a watch.

use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};
use async_imap::extensions::idle::IdleResponse;
use async_imap::imap_proto::{MailboxDatum, Response};
use postern_tests::EventStream;
use tokio::sync::mpsc;
use zeroize::Zeroizing;

use super::{PASSWORD, POSTERN_ADDR, STACK, Stats, get_ok, login, mailstack, repo, rss_kib, stats};

const LMTP_PORT: u16 = 30024;
const LIVE_USER: &str = "live@example.test";
const DELIVERIES: usize = 60;
const SESSIONS: usize = 100;
/// Tabs of the sessions that open five streams.
const TABS: usize = 5;
/// The page script's pause before it reads the page (several changes make one read).
const DEBOUNCE_MS: f64 = 150.0;
/// The watch's linger in this run (60 s by default), so that the closing is seen quickly.
const LINGER: &str = "5";

fn session_user(i: usize) -> String {
    format!("live{i}@example.test")
}

fn message(n: usize) -> Vec<u8> {
    format!(
        "From: Bob <bob@example.test>\r\nTo: {LIVE_USER}\r\nSubject: Live bench {n}\r\n\
         Message-ID: <live-bench-{n}-{}@example.test>\r\n\
         Date: Fri, 4 Dec 2026 10:00:00 +0000\r\n\r\nHello {n}.\r\n",
        std::process::id()
    )
    .into_bytes()
}

/// The IMAP connections of the accounts `live…` now, as Dovecot counts them.
fn connections() -> Result<usize> {
    let config = std::path::PathBuf::from(format!("{STACK}/dovecot.conf"));
    postern_tests::dovecot_imap_connections(&config, |user| {
        // live0@ … live99@, not the latency account live@.
        user.strip_prefix("live")
            .is_some_and(|rest| rest.starts_with(|c: char| c.is_ascii_digit()))
    })
}

/// Waits until Dovecot counts `n` connections (up to `wait`); how long it took, if it did.
async fn connections_become(n: usize, wait: Duration) -> Result<Option<Duration>> {
    let started = Instant::now();
    while started.elapsed() < wait {
        if connections()? == n {
            return Ok(Some(started.elapsed()));
        }
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    Ok(None)
}

async fn open_stream(client: &reqwest::Client) -> Result<EventStream> {
    let response = client
        .get(format!("http://{POSTERN_ADDR}/events?folder=INBOX"))
        .header("accept", "text/event-stream")
        .send()
        .await?;
    let mut stream = EventStream::from_response(response)?;
    if stream
        .wait_for("ready", Duration::from_secs(30))
        .await?
        .is_none()
    {
        bail!("the stream never said ready");
    }
    Ok(stream)
}

/// A raw IMAP client in IDLE on the live account's Inbox: the moment of each EXISTS.
async fn raw_idle(exists: mpsc::UnboundedSender<Instant>) -> Result<()> {
    let connector = super::connector()?;
    let mut conn = connector
        .login(LIVE_USER, &Zeroizing::new(PASSWORD.to_string()))
        .await
        .map_err(|e| anyhow::anyhow!("{e}"))?;
    conn.session.select("INBOX").await?;
    let mut idle = conn.session.idle();
    idle.init().await?;
    loop {
        let (waiting, stop) = idle.wait_with_timeout(Duration::from_secs(20 * 60));
        let result = waiting.await;
        drop(stop);
        match result? {
            IdleResponse::NewData(data) => {
                if matches!(
                    data.parsed(),
                    Response::MailboxData(MailboxDatum::Exists(_))
                ) && exists.send(Instant::now()).is_err()
                {
                    return Ok(());
                }
            }
            _ => return Ok(()),
        }
    }
}

/// Postern's stream for the live account: the moment of each `change`.
async fn stream_changes(mut stream: EventStream, changes: mpsc::UnboundedSender<Instant>) {
    while let Ok(Some((event, _))) = stream.next(Duration::from_secs(20 * 60)).await {
        if event == "change" && changes.send(Instant::now()).is_err() {
            return;
        }
    }
}

fn drain(rx: &mut mpsc::UnboundedReceiver<Instant>) {
    while rx.try_recv().is_ok() {}
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn row(name: &str, s: &Stats) -> String {
    format!(
        "| {name} | {:.1} ms | {:.1} ms | {:.1} ms |\n",
        s.median, s.p95, s.p99
    )
}

/// Delivery → event → page, against raw IDLE on the same deliveries. The table, and the median
/// of delivery → visible.
async fn latency() -> Result<(String, f64)> {
    let client = login(LIVE_USER).await?;
    get_ok(&client, "/mail").await?;
    let (raw_tx, mut raw_rx) = mpsc::unbounded_channel();
    let raw = tokio::spawn(raw_idle(raw_tx));
    let (sse_tx, mut sse_rx) = mpsc::unbounded_channel();
    let stream = open_stream(&client).await?;
    let listener = tokio::spawn(stream_changes(stream, sse_tx));
    // Both listen before the first delivery.
    tokio::time::sleep(Duration::from_millis(500)).await;

    let (mut delivery, mut raw_ms, mut event_ms, mut page_ms, mut visible_ms, mut behind) =
        (vec![], vec![], vec![], vec![], vec![], vec![]);
    for n in 0..DELIVERIES {
        drain(&mut raw_rx);
        drain(&mut sse_rx);
        let bytes = message(n);
        let started = Instant::now();
        tokio::task::spawn_blocking(move || {
            postern_tests::lmtp_deliver(LMTP_PORT, LIVE_USER, &bytes)
        })
        .await??;
        let delivered = started.elapsed();
        let wait = Duration::from_secs(10);
        let raw_at = tokio::time::timeout(wait, raw_rx.recv())
            .await
            .context("raw IDLE heard nothing")?
            .context("raw IDLE ended")?;
        let event_at = loop {
            let at = tokio::time::timeout(wait, sse_rx.recv())
                .await
                .context("the stream heard nothing")?
                .context("the stream ended")?;
            // A late event of the previous delivery is not this one's.
            if at >= started {
                break at;
            }
        };
        let read = Instant::now();
        get_ok(&client, "/mail").await?;
        let page = read.elapsed();
        delivery.push(ms(delivered));
        raw_ms.push(ms(raw_at - started));
        event_ms.push(ms(event_at - started));
        behind.push(ms(event_at.saturating_duration_since(raw_at)));
        page_ms.push(ms(page));
        visible_ms.push(ms(event_at - started) + DEBOUNCE_MS + ms(page));
        // The flags and counts that follow a delivery are reported too; let them pass.
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    listener.abort();
    raw.abort();
    let mut table = String::from(
        "| from the start of the LMTP delivery to … | median | p95 | p99 |\n|---|---|---|---|\n",
    );
    table.push_str(&row("LMTP's 250 (the message is stored)", &stats(delivery)));
    table.push_str(&row(
        "**raw IMAP**: EXISTS in IDLE (the floor)",
        &stats(raw_ms),
    ));
    table.push_str(&row(
        "**Postern**: `change` on the page's stream",
        &stats(event_ms),
    ));
    table.push_str(&row(
        "… the stream after raw IDLE (Postern's own delay)",
        &stats(behind),
    ));
    table.push_str(&row(
        "reading the page again (`GET /mail`)",
        &stats(page_ms),
    ));
    let visible = stats(visible_ms);
    table.push_str(&row(
        "**visible**: change + 150 ms debounce + page read",
        &visible,
    ));
    Ok((table, visible.median))
}

/// The same in Chromium: delivery → the row in the open page (no reload). The table, and the
/// median when measured.
fn in_chromium() -> (String, Option<f64>) {
    let out = Command::new("node")
        .arg(repo().join("end2end/live-latency.js"))
        .args([
            &format!("http://{POSTERN_ADDR}"),
            LIVE_USER,
            PASSWORD,
            &LMTP_PORT.to_string(),
            &DELIVERIES.to_string(),
        ])
        .current_dir(repo().join("end2end"))
        .output();
    match out {
        Ok(out) if out.status.success() => {
            let v: serde_json::Value =
                serde_json::from_slice(&out.stdout).unwrap_or(serde_json::Value::Null);
            let f = |k: &str| v[k].as_f64().unwrap_or(f64::NAN);
            let table = format!(
                "| deliveries | median | p95 | max | reloads |\n|---|---|---|---|---|\n| {} | {:.0} ms | {:.0} ms | {:.0} ms | {} |\n",
                v["deliveries"].as_u64().unwrap_or(0),
                f("median_ms"),
                f("p95_ms"),
                f("max_ms"),
                v["reloads"].as_u64().unwrap_or(u64::MAX)
            );
            (table, v["median_ms"].as_f64())
        }
        Ok(out) => {
            let stderr = String::from_utf8_lossy(&out.stderr);
            eprintln!("live-latency.js failed:\n{stderr}");
            let table = format!(
                "(not measured: {})\n",
                stderr
                    .lines()
                    .find(|l| l.contains("Error"))
                    .unwrap_or("the browser script failed")
                    .trim()
            );
            (table, None)
        }
        Err(_) => (
            "(not measured: Node.js is not installed; `scripts/setup.sh` installs it)\n"
                .to_string(),
            None,
        ),
    }
}

/// Connections and memory for SESSIONS sessions, without and with pages listening.
async fn cost(pid: u32) -> Result<String> {
    let mut clients = Vec::new();
    for i in 0..SESSIONS {
        let client = login(&session_user(i)).await?;
        get_ok(&client, "/mail").await?;
        clients.push(client);
    }
    tokio::time::sleep(Duration::from_millis(500)).await;
    let without = connections()?;
    let rss_without = rss_kib(pid);

    let mut streams = Vec::new();
    let started = Instant::now();
    for (i, client) in clients.iter().enumerate() {
        let tabs = if i % 5 == 0 { TABS } else { 1 };
        for _ in 0..tabs {
            streams.push(open_stream(client).await?);
        }
    }
    let opening = started.elapsed();
    // Each session's connection and its watch (Dovecot may count a login a moment late).
    let _ = connections_become(2 * SESSIONS, Duration::from_secs(10)).await?;
    let with = connections()?;
    let rss_with = rss_kib(pid);
    let stream_count = streams.len();
    drop(streams);
    let closed = connections_become(without, Duration::from_secs(30)).await?;
    let per_watch = rss_with.saturating_sub(rss_without) as f64 / SESSIONS as f64;
    Ok(format!(
        "| | IMAP connections (Dovecot) | per session | Postern RSS |\n|---|---|---|---|\n\
         | {SESSIONS} sessions, Inbox loaded, no page listening | {without} | {:.2} | {} MiB |\n\
         | the same, every session listening ({stream_count} streams: a fifth of the sessions with {TABS}) | {with} | {:.2} | {} MiB |\n\
         | {LINGER} s (the linger set for this run) after the last stream closed | {} | | |\n\n\
         Opening the {stream_count} streams (each until its `ready`, one after another): {:.0} ms. Memory per watch \
         (IMAP connection in IDLE, its task and its streams): {:.0} KiB. The watches closed {} after the last \
         stream (linger {LINGER} s).\n",
        without as f64 / SESSIONS as f64,
        rss_without / 1024,
        with as f64 / SESSIONS as f64,
        rss_with / 1024,
        if closed.is_some() {
            without.to_string()
        } else {
            connections()?.to_string()
        },
        ms(opening),
        per_watch,
        closed.map_or("not within 30 s".to_string(), |d| format!(
            "{:.1} s",
            d.as_secs_f64()
        )),
    ))
}

pub async fn run() -> Result<String> {
    mailstack(&["start", STACK])?;
    mailstack(&["adduser", STACK, LIVE_USER, PASSWORD])?;
    for i in 0..SESSIONS {
        mailstack(&["adduser", STACK, &session_user(i), PASSWORD])?;
    }
    let mut postern = super::start_postern_with(&[("POSTERN_LIVE_LINGER_SECONDS", LINGER)])?;
    let pid = postern.id();
    let result = async {
        let latency = latency().await?;
        let chromium = in_chromium();
        let cost = cost(pid).await?;
        Ok::<_, anyhow::Error>((latency, chromium, cost))
    }
    .await;
    let _ = postern.kill();
    let _ = postern.wait();
    let ((latency, visible), (chromium, seen), cost) = result?;
    let median = seen.unwrap_or(visible);
    let verdict = if median <= 2000.0 {
        "met"
    } else {
        "**not met**"
    };
    let target = format!(
        "Target: a delivered message visible in the open page within 2 s (median): {median:.0} ms \
         ({}): {verdict}.\n\n",
        if seen.is_some() {
            "in Chromium"
        } else {
            "stream + debounce + page read"
        }
    );
    Ok(format!(
        "## Live mail: delivery → page ({DELIVERIES} deliveries over LMTP, release build, loopback)\n\n\
         Both listeners hear the same deliveries; the raw client is an IMAP IDLE on the same Inbox \
         (what a desktop client would know, and when).\n\n{latency}\n\
         In Chromium (`end2end/live-latency.js`): from the start of each delivery until its row is \
         in the open Inbox, without a reload:\n\n{chromium}\n\
         {target}\
         Most of the time is Dovecot's: it tells IDLE clients of new mail a few hundred ms after \
         storing it (the raw row); Postern adds its own delay, the page's 150 ms debounce (several \
         changes make one read) and a page read.\n\n\
         ## Live mail: what listening costs\n\n{cost}"
    ))
}
