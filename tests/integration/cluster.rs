//! The outage-day deployment: Postern instances sharing Redis behind HAProxy. A session made
//! on one instance works on the others; an instance killed or restarted while someone works goes
//! unnoticed; the login throttle and the send tokens hold across instances; Redis down is said
//! clearly and recovered from without a restart; what Redis holds reveals no secret.

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

use anyhow::Result;
use postern_tests::cluster::Cluster;
use postern_tests::{ALICE, ALICE_PASSWORD, BOB, MailStack, Page};
use reqwest::cookie::CookieStore;
use reqwest::multipart::{Form, Part};

fn browser_with(jar: Arc<reqwest::cookie::Jar>) -> reqwest::Client {
    reqwest::Client::builder()
        .cookie_provider(jar)
        .timeout(Duration::from_secs(60))
        .build()
        .unwrap_or_default()
}

async fn login(client: &reqwest::Client, url: &str, password: &str) -> Result<Page> {
    Page::from(
        client
            .post(url)
            .form(&[("email", ALICE), ("password", password)])
            .send()
            .await?,
    )
    .await
}

/// The first message link of a folder page.
fn first_message_link(page: &Page) -> Option<String> {
    let start = page.html.find("href=\"/mail/message?")? + 6;
    let end = start + page.html[start..].find('"')?;
    Some(page.html[start..end].replace("&amp;", "&"))
}

/// What a person working sees: each request either shows the page it should, or is an error.
struct Worker {
    stop: Arc<AtomicBool>,
    task: tokio::task::JoinHandle<(usize, Vec<String>)>,
}

impl Worker {
    /// Alternates the Inbox and a message through `base`, as fast as answers come (a few ms of
    /// "think time" between clicks).
    fn start(client: reqwest::Client, base: String, message: String) -> Self {
        let stop = Arc::new(AtomicBool::new(false));
        let stopping = stop.clone();
        let task = tokio::spawn(async move {
            let mut done = 0;
            let mut errors = Vec::new();
            while !stopping.load(Ordering::SeqCst) {
                let (path, expected, marker) = if done % 2 == 0 {
                    ("/mail".to_string(), "/mail", "data-testid=\"message-row\"")
                } else {
                    (
                        message.clone(),
                        "/mail/message",
                        "data-testid=\"message-body\"",
                    )
                };
                match Page::get(&client, &format!("{base}{path}")).await {
                    Ok(page)
                        if page.status == 200
                            && page.path == expected
                            && page.html.contains(marker) => {}
                    Ok(page) => errors.push(format!(
                        "request {done} ({path}): status {} at {}: {}",
                        page.status,
                        page.path,
                        page.html.chars().take(300).collect::<String>()
                    )),
                    Err(error) => errors.push(format!("request {done} ({path}): {error}")),
                }
                done += 1;
                tokio::time::sleep(Duration::from_millis(20)).await;
            }
            (done, errors)
        });
        Worker { stop, task }
    }

    async fn finish(self) -> Result<(usize, Vec<String>)> {
        self.stop.store(true, Ordering::SeqCst);
        Ok(self.task.await?)
    }
}

/// Lets the worker make some requests.
async fn work_for(duration: Duration) {
    tokio::time::sleep(duration).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_session_outlives_the_instance_that_made_it() -> Result<()> {
    let stack = MailStack::full()?;
    stack.seed_demo(ALICE)?;
    let mut cluster = Cluster::start(&stack, 2, &[])?;
    let browser = Cluster::browser();
    let landed = login(&browser, &cluster.balancer.url("/login"), ALICE_PASSWORD).await?;
    assert_eq!(landed.path, "/mail", "logged in through the balancer");

    // Each instance serves the session, whichever made it (the second logs in to IMAP from the
    // sealed password the first time).
    let mut inbox = None;
    for instance in &cluster.instances {
        let page = Page::get(&browser, &instance.url("/mail")).await?;
        assert_eq!(
            page.path, "/mail",
            "instance {} knows the session",
            instance.port
        );
        assert!(page.html.contains("data-testid=\"message-row\""));
        inbox = Some(page);
    }
    let message = inbox
        .as_ref()
        .and_then(first_message_link)
        .expect("a message link");

    // Someone works through the balancer while one instance is killed: nothing shows.
    let worker = Worker::start(browser.clone(), cluster.balancer.url(""), message.clone());
    work_for(Duration::from_secs(1)).await;
    cluster.instances[0].kill()?;
    work_for(Duration::from_secs(3)).await;
    let (requests, errors) = worker.finish().await?;
    assert!(requests >= 20, "only {requests} requests made");
    assert!(
        errors.is_empty(),
        "{} of {requests} requests failed after a SIGKILL:\n{}\nHAProxy:\n{}",
        errors.len(),
        errors.join("\n"),
        cluster.balancer.log_text()
    );

    // A rolling restart: each instance in turn stopped (SIGTERM drains, exit 0) and started
    // again while the person keeps working. No error, no new login.
    cluster.instances[0].restart()?;
    let worker = Worker::start(browser.clone(), cluster.balancer.url(""), message.clone());
    for i in 0..cluster.instances.len() {
        work_for(Duration::from_secs(2)).await;
        let logouts_before = stack.imap_commands().matches("LOGOUT").count();
        let status = cluster.instances[i].terminate()?;
        assert!(status.success(), "SIGTERM: exit {status}");
        assert!(
            stack.imap_commands().matches("LOGOUT").count() > logouts_before,
            "a stopping instance logs its IMAP connections out"
        );
        work_for(Duration::from_secs(1)).await;
        cluster.instances[i].restart()?;
    }
    work_for(Duration::from_secs(2)).await;
    let (requests, errors) = worker.finish().await?;
    assert!(
        errors.is_empty(),
        "{} of {requests} requests failed during a rolling restart:\n{}",
        errors.len(),
        errors.join("\n")
    );
    assert!(
        cluster.instances[0].log_text().contains("stopped"),
        "drained and stopped"
    );
    cluster.assert_no_panic();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn a_sticky_session_moves_when_its_instance_dies() -> Result<()> {
    let stack = MailStack::full()?;
    stack.seed_demo(ALICE)?;
    let mut cluster = Cluster::start_with(&stack, 2, &[], true)?;
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let browser = browser_with(jar.clone());
    let landed = login(&browser, &cluster.balancer.url("/login"), ALICE_PASSWORD).await?;
    assert_eq!(landed.path, "/mail");
    let message = first_message_link(&landed).expect("a message link");
    let cookies = jar
        .cookies(&reqwest::Url::parse(&cluster.balancer.url("/"))?)
        .and_then(|h| h.to_str().ok().map(str::to_string))
        .unwrap_or_default();
    // HAProxy's cookie names the instance this browser is kept on.
    let sticky = (1..=cluster.instances.len())
        .find(|n| cookies.contains(&format!("postern_instance=postern{n}")))
        .expect("HAProxy's stickiness cookie");
    let worker = Worker::start(browser.clone(), cluster.balancer.url(""), message);
    work_for(Duration::from_secs(1)).await;
    cluster.instances[sticky - 1].kill()?;
    work_for(Duration::from_secs(3)).await;
    let (requests, errors) = worker.finish().await?;
    assert!(requests >= 20, "only {requests} requests made");
    assert!(
        errors.is_empty(),
        "{} of {requests} requests failed after the sticky instance died:\n{}",
        errors.len(),
        errors.join("\n")
    );
    cluster.assert_no_panic();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_login_throttle_counts_every_instance() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let cluster = Cluster::start(&stack, 2, &[("POSTERN_LOGIN_MAX_FAILURES", "3")])?;
    // Wrong passwords spread over both instances (as round-robin would spread them).
    for attempt in 0..3 {
        let instance = &cluster.instances[attempt % 2];
        let page = login(&Cluster::browser(), &instance.url("/login"), "wrong").await?;
        assert_eq!(
            page.testid_text("login-error").as_deref(),
            Some("Wrong email address or password.")
        );
    }
    // The right password, on the instance that saw only one failure: the account is locked.
    let page = login(
        &Cluster::browser(),
        &cluster.instances[1].url("/login"),
        ALICE_PASSWORD,
    )
    .await?;
    assert_eq!(page.path, "/login");
    let error = page.testid_text("login-error").unwrap_or_default();
    assert!(
        error.starts_with("Too many failed logins"),
        "the cap holds across instances: {error:?}"
    );
    cluster.assert_no_panic();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn redis_down_is_said_and_recovered_from_and_holds_no_secret() -> Result<()> {
    let stack = MailStack::full()?;
    stack.seed_demo(ALICE)?;
    let cluster = Cluster::start(&stack, 2, &[])?;
    let jar = Arc::new(reqwest::cookie::Jar::default());
    let browser = browser_with(jar.clone());
    let base = cluster.balancer.url("");
    let landed = login(&browser, &format!("{base}/login"), ALICE_PASSWORD).await?;
    assert_eq!(landed.path, "/mail");
    let message = first_message_link(&landed).expect("a message link");
    let opened = Page::get(&browser, &format!("{base}{message}")).await?;
    assert_eq!(opened.path, "/mail/message");

    // Redis stops.
    cluster.redis.stop()?;
    let page = Page::get(&browser, &format!("{base}/mail")).await?;
    assert_eq!(page.status, 503);
    assert_eq!(
        page.testid_text("unavailable").as_deref(),
        Some("The webmail is temporarily unavailable. Please try again in a minute.")
    );
    let newcomer = Cluster::browser();
    let refused = login(&newcomer, &format!("{base}/login"), ALICE_PASSWORD).await?;
    assert_eq!(refused.path, "/login");
    assert_eq!(
        refused.testid_text("login-error").as_deref(),
        Some("The webmail is temporarily unavailable. Please try again in a minute."),
        "not \"wrong password\""
    );
    let ready = reqwest::get(cluster.instances[0].url("/readyz")).await?;
    assert_eq!(ready.status().as_u16(), 503);
    let body: serde_json::Value = serde_json::from_str(&ready.text().await?)?;
    assert_eq!(body["session_store"]["status"], "error", "{body}");
    assert_eq!(body["session_store"]["kind"], "redis");

    // Redis is back: the same session works again, no instance restarted.
    cluster.redis.start_again()?;
    let mut back = None;
    for _ in 0..50 {
        let page = Page::get(&browser, &format!("{base}/mail")).await?;
        if page.status == 200 {
            back = Some(page);
            break;
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    let back = back.expect("the session works again once Redis is back");
    assert_eq!(back.path, "/mail", "still logged in");
    let ready = reqwest::get(cluster.instances[1].url("/readyz")).await?;
    assert_eq!(ready.status().as_u16(), 200);

    // A send that fails (submission down): the form comes back through the session.
    stack.stop_smtp()?;
    let compose = Page::get(&browser, &format!("{base}/mail/compose")).await?;
    assert_eq!(compose.path, "/mail/compose");
    let form = Form::new()
        .text("to", BOB)
        .text("subject", "Kept while the server is down")
        .text("body", "Typed text")
        .text("action", "send")
        .part("attach", Part::bytes(Vec::new()).file_name(""));
    let failed = Page::from(
        browser
            .post(format!("{base}/mail/compose"))
            .multipart(form)
            .send()
            .await?,
    )
    .await?;
    assert!(
        failed.testid_text("compose-error").is_some(),
        "the send failed visibly"
    );

    // What Redis holds: the session (address, sealed password); never the password nor the
    // browser's key.
    let dump = cluster.redis.dump()?;
    assert!(dump.contains("postern:session:"), "{dump}");
    assert!(
        dump.contains(ALICE) && dump.contains("sealed_password"),
        "the session record is in Redis: {dump}"
    );
    let cookies = jar
        .cookies(&reqwest::Url::parse(&base)?)
        .and_then(|h| h.to_str().ok().map(str::to_string))
        .unwrap_or_default();
    let key = cookies
        .split(';')
        .filter_map(|c| c.trim().split_once('='))
        .find(|(name, _)| *name == "postern_key")
        .map(|(_, value)| value.to_string())
        .expect("the key cookie");
    assert!(key.len() >= 40);
    for secret in [ALICE_PASSWORD, &key] {
        assert!(!dump.contains(secret), "Redis holds a secret: {dump}");
    }
    cluster.assert_no_panic();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_form_posted_to_two_instances_sends_once() -> Result<()> {
    let stack = MailStack::full()?;
    let cluster = Cluster::start(&stack, 2, &[])?;
    let browser = Cluster::browser();
    let landed = login(
        &browser,
        &cluster.instances[0].url("/login"),
        ALICE_PASSWORD,
    )
    .await?;
    assert_eq!(landed.path, "/mail");
    let compose = Page::get(&browser, &cluster.instances[0].url("/mail/compose")).await?;
    let token = {
        let at = compose
            .html
            .find("name=\"send_token\"")
            .expect("a send token");
        let tag_start = compose.html[..at].rfind('<').unwrap_or(0);
        let tag = &compose.html[tag_start..];
        let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
        let value = &tag[tag.find("value=\"").expect("a value") + 7..];
        value[..value.find('"').unwrap_or(value.len())].to_string()
    };
    let post = |port_url: String| {
        let browser = browser.clone();
        let token = token.clone();
        async move {
            let form = Form::new()
                .text("to", BOB)
                .text("subject", "Retried by the balancer")
                .text("body", "Once.")
                .text("send_token", token)
                .text("action", "send")
                .part("attach", Part::bytes(Vec::new()).file_name(""));
            Page::from(browser.post(port_url).multipart(form).send().await?).await
        }
    };
    let (first, second) = tokio::join!(
        post(cluster.instances[0].url("/mail/compose")),
        post(cluster.instances[1].url("/mail/compose"))
    );
    for page in [first?, second?] {
        assert_eq!(page.path, "/mail");
        assert_eq!(
            page.testid_text("compose-sent").as_deref(),
            Some("Message sent.")
        );
    }
    stack.wait_for_messages(BOB, "INBOX", 1)?;
    std::thread::sleep(Duration::from_secs(2));
    assert_eq!(stack.raw_messages(BOB, "INBOX")?.len(), 1, "delivered once");
    assert_eq!(stack.raw_messages(ALICE, "Sent")?.len(), 1, "one Sent copy");
    cluster.assert_no_panic();
    Ok(())
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn metrics_and_json_logs_name_no_person() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.seed_demo(ALICE)?;
    let logs = tempfile::tempdir()?;
    let metrics_port = postern_tests::free_port();
    let mut env = stack.postern_env();
    env.push((
        "POSTERN_METRICS_ADDR".into(),
        format!("127.0.0.1:{metrics_port}"),
    ));
    env.push(("POSTERN_LOG_FORMAT".into(), "json".into()));
    let instance = postern_tests::cluster::Instance::start(env, logs.path())?;
    let wrong = login(&Cluster::browser(), &instance.url("/login"), "wrong").await?;
    assert_eq!(wrong.path, "/login");
    let browser = Cluster::browser();
    let landed = login(&browser, &instance.url("/login"), ALICE_PASSWORD).await?;
    assert_eq!(landed.path, "/mail");

    let metrics = reqwest::get(format!("http://127.0.0.1:{metrics_port}/metrics"))
        .await?
        .text()
        .await?;
    for expected in [
        "postern_logins_total{outcome=\"ok\"} 1",
        "postern_logins_total{outcome=\"wrong_password\"} 1",
        "postern_http_requests_total{route=\"/mail\",method=\"GET\",status=\"200\"} 1",
        "postern_http_request_duration_seconds_count{route=\"/login\",method=\"POST\"} 2",
        "postern_imap_duration_seconds_count{kind=\"login\"} 2",
        "postern_imap_connections 1",
        "postern_sessions 1",
    ] {
        assert!(
            metrics.contains(expected),
            "{expected} missing from:\n{metrics}"
        );
    }
    assert!(!metrics.contains("example.test"), "an address in a label");

    let log = instance.log_text();
    let lines: Vec<&str> = log.lines().filter(|l| !l.trim().is_empty()).collect();
    assert!(lines.len() >= 3, "{log}");
    for line in &lines {
        let event: serde_json::Value =
            serde_json::from_str(line).map_err(|e| anyhow::anyhow!("not JSON ({e}): {line}"))?;
        assert!(event["timestamp"].is_string() && event["level"].is_string());
    }
    assert!(log.contains("\"message\":\"logged in\""), "{log}");
    assert!(!log.contains(ALICE_PASSWORD), "a password in the log");
    instance.assert_no_panic();
    Ok(())
}

/// Live mail through the balancer: a page's stream is served by one instance, which holds the
/// session's watch; when that instance stops, the stream ends at once (it does not hold the
/// drain open), the page's next stream lands on the other instance, and new mail is heard there.
#[tokio::test]
async fn live_mail_moves_to_another_instance_when_its_own_stops() -> Result<()> {
    use postern_tests::{EventStream, imap_connections};
    const WAIT: Duration = Duration::from_secs(20);
    let message = |subject: &str| {
        format!(
            "From: Bob <bob@example.test>\r\nTo: {ALICE}\r\nSubject: {subject}\r\n\
             Message-ID: <{}@example.test>\r\n\r\nHello.\r\n",
            subject.replace(' ', ".")
        )
        .into_bytes()
    };
    let stack = MailStack::full()?;
    let mut cluster = Cluster::start(&stack, 2, &[("POSTERN_LIVE_LINGER_SECONDS", "2")])?;
    let browser = Cluster::browser();
    let landed = login(&browser, &cluster.balancer.url("/login"), ALICE_PASSWORD).await?;
    assert_eq!(landed.path, "/mail");
    let open = |browser: reqwest::Client, url: String| async move {
        let response = browser
            .get(url)
            .header("accept", "text/event-stream")
            .send()
            .await?;
        EventStream::from_response(response)
    };
    let events = cluster.balancer.url("/events?folder=INBOX");
    let mut stream = open(browser.clone(), events.clone()).await?;
    assert!(stream.wait_for("ready", WAIT).await?.is_some(), "listens");
    stack.deliver(ALICE, &message("Through the balancer"))?;
    assert_eq!(
        stream.wait_for("change", WAIT).await?.as_deref(),
        Some("INBOX"),
        "heard through HAProxy"
    );

    // Stop the instances in turn until the one serving the stream has stopped.
    let mut moved = false;
    for i in 0..cluster.instances.len() {
        let stopping = std::time::Instant::now();
        let status = cluster.instances[i].terminate()?;
        let took = stopping.elapsed();
        assert!(status.success(), "SIGTERM: exit {status}");
        assert!(
            took < Duration::from_secs(8),
            "an open stream does not hold the drain open: {took:?}"
        );
        if stream.ends_within(Duration::from_secs(3)).await? {
            // The page's script opens the next stream, through the balancer.
            let mut next = open(browser.clone(), events.clone()).await?;
            assert!(
                next.wait_for("ready", WAIT).await?.is_some(),
                "the other instance listens"
            );
            stack.deliver(ALICE, &message("After the move"))?;
            assert_eq!(
                next.wait_for("change", WAIT).await?.as_deref(),
                Some("INBOX"),
                "new mail is heard on the other instance"
            );
            moved = true;
            drop(next);
            break;
        }
        cluster.instances[i].restart()?;
        // HAProxy takes it back after two good health checks (about 1 s apart).
        tokio::time::sleep(Duration::from_secs(3)).await;
    }
    assert!(moved, "one of the instances served the stream");
    // The stopped instance's watch logged out: the session's connections on the running
    // instance (its page connection and, for 2 s more, its watch) are all Dovecot counts.
    let connections = imap_connections(&stack, ALICE)?;
    assert!(connections <= 2, "{connections} IMAP connections left");
    cluster.assert_no_panic();
    Ok(())
}
