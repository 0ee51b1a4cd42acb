//! Test fixtures: a real Dovecot + Postfix started by `scripts/mailstack.sh` in a temporary
//! directory on free loopback ports, and Postern itself served in-process on port 0.

use std::collections::HashMap;
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::Command;

use anyhow::{Context, Result, bail};

pub mod cluster;
pub mod hosting;
pub mod load;
pub mod proxy;

pub const ALICE: &str = "alice@example.test";
/// Spaces, quotes, `%`, `&`, `+` and non-ASCII: what a form encoder or IMAP quoting gets wrong.
pub const ALICE_PASSWORD: &str = "sp ace \"q\" 100%&+ é";
pub const BOB: &str = "bob@example.test";
pub const BOB_PASSWORD: &str = "bob-secret";
/// The name in the test certificate: neither 127.0.0.1 nor mail.<domain>.
pub const CERT_NAME: &str = "server17.hosting.test";

pub fn repo_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// A query value percent-encoded (RFC 3986 unreserved characters stay as they are).
pub fn url_component(text: &str) -> String {
    text.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

/// The value of `name` in a link's query, percent-decoded.
pub fn query_value(link: &str, name: &str) -> Option<String> {
    let query = link.split_once('?').map(|(_, q)| q)?;
    let (_, value) = query
        .split('&')
        .filter_map(|kv| kv.split_once('='))
        .find(|(k, _)| *k == name)?;
    let bytes = value.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = value
            .get(i + 1..i + 3)
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                out.push(byte);
                i += 3;
            }
            (byte, _) => {
                out.push(byte);
                i += 1;
            }
        }
    }
    Some(String::from_utf8_lossy(&out).into_owned())
}

/// Base64 in lines of 76 characters, CRLF after each, as mail carries it.
pub fn base64_lines(bytes: &[u8]) -> String {
    const ALPHABET: &[u8] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::new();
    for (n, chunk) in bytes.chunks(3).enumerate() {
        let b = [
            chunk[0],
            chunk.get(1).copied().unwrap_or(0),
            chunk.get(2).copied().unwrap_or(0),
        ];
        let v = (u32::from(b[0]) << 16) | (u32::from(b[1]) << 8) | u32::from(b[2]);
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(ALPHABET[((v >> (18 - 6 * i)) & 63) as usize] as char);
            } else {
                out.push('=');
            }
        }
        if n % 19 == 18 {
            out.push_str("\r\n");
        }
    }
    out.push_str("\r\n");
    out
}

/// A free loopback port below the kernel's ephemeral range (32768+), so that the outgoing
/// connections of other tests cannot take it between now and the server binding it.
pub fn free_port() -> u16 {
    use std::sync::atomic::{AtomicU16, Ordering};
    static NEXT: AtomicU16 = AtomicU16::new(0);
    let base = 12_000 + (std::process::id() % 500) as u16 * 32;
    let _ = NEXT.compare_exchange(0, base, Ordering::SeqCst, Ordering::SeqCst);
    loop {
        let mut port = NEXT.fetch_add(1, Ordering::SeqCst);
        if port >= 32_000 {
            NEXT.store(12_001, Ordering::SeqCst);
            port = 12_000;
        }
        if TcpListener::bind(("127.0.0.1", port)).is_ok() {
            return port;
        }
    }
}

/// One message as the mail server holds it ([`MailStack::index`]).
#[derive(Debug, Clone)]
pub struct Held {
    pub mailbox: String,
    pub uid: String,
    pub flags: String,
    pub message_id: String,
}

impl Held {
    pub fn flagged(&self) -> bool {
        self.flags.split(' ').any(|f| f == "\\Flagged")
    }
}

/// A running mail stack; stopped and deleted on drop.
pub struct MailStack {
    pub dir: tempfile::TempDir,
    ports: HashMap<&'static str, u16>,
    /// The shape of the servers' certificate (`CERT_SHAPE` of scripts/mailstack.sh).
    certificate: &'static str,
    /// `postfix` or `exim` (`SUBMISSION_SERVER` of scripts/mailstack.sh).
    submission: &'static str,
}

impl MailStack {
    /// Dovecot only (IMAP tests need no Postfix; it starts faster).
    pub fn imap_only() -> Result<Self> {
        Self::start(false)
    }

    pub fn full() -> Result<Self> {
        Self::start(true)
    }

    /// A stack whose servers present a certificate of another shape: `self-signed` (CA:TRUE),
    /// `snakeoil` (self-signed, CA:FALSE), `chain`, `chain-incomplete`, `expired`.
    pub fn with_certificate(shape: &'static str, with_postfix: bool) -> Result<Self> {
        Self::start_shaped(with_postfix, shape)
    }

    fn start(with_postfix: bool) -> Result<Self> {
        Self::start_shaped(with_postfix, "ca")
    }

    /// Dovecot with Exim as the submission server (cPanel's: ports 587 and 26, STARTTLS, then
    /// AUTH against Dovecot), instead of Postfix.
    pub fn with_exim() -> Result<Self> {
        Self::start_with(true, "ca", "exim")
    }

    fn start_shaped(with_postfix: bool, certificate: &'static str) -> Result<Self> {
        Self::start_with(with_postfix, certificate, "postfix")
    }

    fn start_with(
        with_postfix: bool,
        certificate: &'static str,
        submission: &'static str,
    ) -> Result<Self> {
        // A port can still be taken in the moment between choosing and binding: try again
        // with new ports.
        let mut last = None;
        for _ in 0..3 {
            match Self::start_once(with_postfix, certificate, submission) {
                Ok(stack) => return Ok(stack),
                Err(error) if error.to_string().contains("Address already in use") => {
                    last = Some(error)
                }
                Err(error) => return Err(error),
            }
        }
        Err(last.unwrap_or_else(|| anyhow::anyhow!("cannot start the mail stack")))
    }

    fn start_once(
        with_postfix: bool,
        certificate: &'static str,
        submission: &'static str,
    ) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("postern-mailstack-")
            .tempdir()?;
        let mut ports = HashMap::new();
        for name in [
            "IMAP_PORT",
            "IMAPS_PORT",
            "SUBMISSION_PORT",
            "SUBMISSION26_PORT",
            "SMTPS_PORT",
            "LMTP_PORT",
            "AUTH_PORT",
            "SIEVE_PORT",
            "INJECT_PORT",
        ] {
            ports.insert(name, free_port());
        }
        let stack = MailStack {
            dir,
            ports,
            certificate,
            submission,
        };
        stack.script(&["start"], !with_postfix)?;
        stack.add_user(ALICE, ALICE_PASSWORD)?;
        stack.add_user(BOB, BOB_PASSWORD)?;
        Ok(stack)
    }

    fn script(&self, args: &[&str], no_postfix: bool) -> Result<()> {
        let mut command = Command::new(repo_root().join("scripts/mailstack.sh"));
        command.arg(args[0]).arg(self.dir.path()).args(&args[1..]);
        for (name, port) in &self.ports {
            command.env(name, port.to_string());
        }
        command.env("CERT_NAME", CERT_NAME);
        command.env("CERT_SHAPE", self.certificate);
        command.env("SUBMISSION_SERVER", self.submission);
        command.env("IMAP_RAWLOG", "1");
        if no_postfix {
            command.env("NO_POSTFIX", "1");
        }
        let output = command
            .output()
            .context("cannot run scripts/mailstack.sh")?;
        if !output.status.success() {
            bail!(
                "mailstack.sh {:?} failed: {}{}",
                args,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }

    pub fn add_user(&self, address: &str, password: &str) -> Result<()> {
        self.script(&["adduser", address, password], false)
    }

    /// Stops the submission server (Postfix); Dovecot stays.
    pub fn stop_smtp(&self) -> Result<()> {
        self.script(&["stop-smtp"], false)
    }

    /// Starts the submission server again.
    pub fn start_smtp(&self) -> Result<()> {
        self.script(&["start-smtp"], false)
    }

    /// Stops Dovecot: IMAP, LMTP deliveries (Postfix queues them) and SMTP AUTH all fail.
    pub fn stop_imap(&self) -> Result<()> {
        self.script(&["stop-imap"], false)
    }

    pub fn start_imap(&self) -> Result<()> {
        self.script(&["start-imap"], false)
    }

    /// Every message of an account as Dovecot holds it (read on the mail store, so it works
    /// while the IMAP server is down): mailbox, UID, flags and Message-ID.
    pub fn index(&self, address: &str) -> Result<Vec<Held>> {
        let text = self.doveadm(&[
            "-f",
            "tab",
            "fetch",
            "-u",
            address,
            "mailbox uid flags hdr.message-id",
            "all",
        ])?;
        Ok(text
            .lines()
            .skip(1)
            .filter_map(|line| {
                let mut fields = line.split('\t');
                Some(Held {
                    mailbox: fields.next()?.to_string(),
                    uid: fields.next()?.to_string(),
                    flags: fields.next()?.to_string(),
                    message_id: fields.next()?.trim().to_string(),
                })
            })
            .collect())
    }

    /// Waits (up to 20 s) until `address` has at least `count` messages in `folder`, as
    /// Dovecot reports them; returns the raw messages. Deliveries go through Postfix's queue.
    pub fn wait_for_messages(
        &self,
        address: &str,
        folder: &str,
        count: usize,
    ) -> Result<Vec<Vec<u8>>> {
        for _ in 0..200 {
            let messages = self.raw_messages(address, folder)?;
            if messages.len() >= count {
                return Ok(messages);
            }
            std::thread::sleep(std::time::Duration::from_millis(100));
        }
        bail!("{address} has fewer than {count} messages in {folder} after 20 s")
    }

    /// Every message of a folder, byte for byte (in UID order).
    pub fn raw_messages(&self, address: &str, folder: &str) -> Result<Vec<Vec<u8>>> {
        let root = self.dir.path().join("mail");
        let (user, domain) = address.split_once('@').context("address")?;
        let maildir = root.join(domain).join(user).join("Maildir");
        let dir = if folder.eq_ignore_ascii_case("INBOX") {
            maildir
        } else {
            maildir.join(format!(".{folder}"))
        };
        let mut files = Vec::new();
        for sub in ["cur", "new"] {
            if let Ok(entries) = std::fs::read_dir(dir.join(sub)) {
                for entry in entries.flatten() {
                    files.push(entry.path());
                }
            }
        }
        files.sort();
        Ok(files.iter().filter_map(|p| std::fs::read(p).ok()).collect())
    }

    /// Asks Postfix to deliver now what it queued (a delivery deferred while Dovecot was down
    /// would otherwise wait minutes for the next try).
    pub fn flush_queue(&self) -> Result<()> {
        let status = Command::new("postqueue")
            .arg("-c")
            .arg(self.dir.path().join("postfix/etc"))
            .arg("-f")
            .status()?;
        if !status.success() {
            bail!("postqueue -f failed");
        }
        Ok(())
    }

    /// Stops and starts Dovecot: every open IMAP connection drops.
    pub fn restart_imap(&self) -> Result<()> {
        self.script(&["restart-imap"], false)
    }

    /// A new key and certificate, as after a server move; Dovecot restarted.
    pub fn new_certificate(&self) -> Result<()> {
        self.script(&["new-certificate"], false)
    }

    /// A file of the stack's `tls/` directory (`intermediate.crt`, say).
    pub fn tls_file(&self, name: &str) -> PathBuf {
        self.dir.path().join("tls").join(name)
    }

    pub fn port(&self, name: &str) -> u16 {
        self.ports.get(name).copied().unwrap_or(0)
    }

    pub fn imaps_url(&self, host: &str) -> String {
        format!("imaps://{host}:{}", self.port("IMAPS_PORT"))
    }

    /// What an operator gives as POSTERN_TLS_CA: the stack's private CA, or for a self-signed
    /// certificate the certificate itself.
    pub fn ca_path(&self) -> PathBuf {
        self.dir.path().join("tls/ca.crt")
    }

    pub fn cert_path(&self) -> PathBuf {
        self.dir.path().join("tls/server.crt")
    }

    /// SHA-256 fingerprint of the server certificate, as an operator would copy it from openssl.
    pub fn cert_fingerprint(&self) -> Result<String> {
        let output = Command::new("openssl")
            .args(["x509", "-noout", "-fingerprint", "-sha256", "-in"])
            .arg(self.cert_path())
            .output()?;
        let text = String::from_utf8(output.stdout)?;
        text.trim()
            .split_once('=')
            .map(|(_, f)| f.to_string())
            .context("no fingerprint from openssl")
    }

    /// Seeds the demo mail into a user's Maildir.
    pub fn seed_demo(&self, address: &str) -> Result<()> {
        self.seed(address, &[])
    }

    /// Adds `count` generated messages to a user's INBOX (written as files, not delivered).
    pub fn seed_bulk(&self, address: &str, count: u32) -> Result<()> {
        self.seed(address, &["--count".to_string(), count.to_string()])
    }

    /// [`Self::seed_bulk`] with `address` as the recipient (the others name Alice).
    pub fn seed_bulk_own(&self, address: &str, count: u32) -> Result<()> {
        let args = [
            "--count".to_string(),
            count.to_string(),
            "--address".into(),
            address.into(),
        ];
        self.seed(address, &args)
    }

    fn seed(&self, address: &str, args: &[String]) -> Result<()> {
        let (user, domain) = address.split_once('@').context("address")?;
        let home = self.dir.path().join("mail").join(domain).join(user);
        let status = Command::new("python3")
            .arg(repo_root().join("scripts/seed-mail.py"))
            .arg(&home)
            .args(args)
            .status()?;
        if !status.success() {
            bail!("seed-mail.py failed");
        }
        Ok(())
    }

    /// Puts one message file into its own folder `folder` (created) as UID 1, as a delivery
    /// would, but byte for byte as given: malformed messages stay malformed.
    pub fn put_message(&self, address: &str, folder: &str, bytes: &[u8]) -> Result<()> {
        use std::os::unix::fs::MetadataExt;
        let (user, domain) = address.split_once('@').context("address")?;
        let mail_root = self.dir.path().join("mail");
        let owner = std::fs::metadata(&mail_root)?;
        let home = mail_root.join(domain).join(user);
        let maildir = home.join("Maildir").join(format!(".{folder}"));
        for sub in ["cur", "new", "tmp"] {
            std::fs::create_dir_all(maildir.join(sub))?;
        }
        std::fs::write(maildir.join("maildirfolder"), b"")?;
        std::fs::write(maildir.join("cur").join("1700000000.M1P1.corpus:2,"), bytes)?;
        for path in [
            mail_root.join(domain),
            home.clone(),
            home.join("Maildir"),
            maildir.clone(),
        ] {
            std::os::unix::fs::chown(&path, Some(owner.uid()), Some(owner.gid()))?;
        }
        for sub in [
            "cur",
            "new",
            "tmp",
            "maildirfolder",
            "cur/1700000000.M1P1.corpus:2,",
        ] {
            std::os::unix::fs::chown(maildir.join(sub), Some(owner.uid()), Some(owner.gid()))?;
        }
        Ok(())
    }

    /// Delivers a message to `address`'s Inbox as the mail server would: over Dovecot's LMTP
    /// (sieve runs, IDLE connections hear of it).
    pub fn deliver(&self, address: &str, bytes: &[u8]) -> Result<()> {
        lmtp_deliver(self.port("LMTP_PORT"), address, bytes)
    }

    /// Saves a message into `folder` with `doveadm save` (another client, straight on the store).
    pub fn doveadm_save(&self, address: &str, folder: &str, bytes: &[u8]) -> Result<()> {
        use std::io::Write;
        let mut child = Command::new("doveadm")
            .arg("-c")
            .arg(self.dir.path().join("dovecot.conf"))
            .args(["save", "-u", address, "-m", folder])
            .stdin(std::process::Stdio::piped())
            .spawn()?;
        child.stdin.take().context("stdin")?.write_all(bytes)?;
        if !child.wait()?.success() {
            bail!("doveadm save into {folder} failed");
        }
        Ok(())
    }

    /// Runs `doveadm` against this stack (another client, straight on the mail store).
    pub fn doveadm(&self, args: &[&str]) -> Result<String> {
        let output = Command::new("doveadm")
            .arg("-c")
            .arg(self.dir.path().join("dovecot.conf"))
            .args(args)
            .output()?;
        if !output.status.success() {
            bail!(
                "doveadm {args:?}: {}",
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    /// Everything clients sent to Dovecot so far (its raw log of every IMAP session).
    pub fn imap_commands(&self) -> String {
        let mut out = String::new();
        if let Ok(entries) = std::fs::read_dir(self.dir.path().join("rawlog")) {
            let mut paths: Vec<PathBuf> =
                entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
            paths.sort();
            for path in paths
                .iter()
                .filter(|p| p.extension().is_some_and(|e| e == "in"))
            {
                out.push_str(&String::from_utf8_lossy(
                    &std::fs::read(path).unwrap_or_default(),
                ));
            }
        }
        out
    }

    /// Removes the raw logs, to look at what comes next alone.
    pub fn clear_imap_log(&self) {
        if let Ok(entries) = std::fs::read_dir(self.dir.path().join("rawlog")) {
            for entry in entries.flatten() {
                let _ = std::fs::write(entry.path(), b"");
            }
        }
    }

    /// Settings for a Postern that trusts this stack the hosting way: connect to 127.0.0.1, expect
    /// the certificate's own name, trust its self-signed certificate as a CA.
    pub fn postern_env(&self) -> Vec<(String, String)> {
        vec![
            ("POSTERN_IMAP".into(), self.imaps_url("127.0.0.1")),
            (
                "POSTERN_SMTP".into(),
                format!("smtp://127.0.0.1:{}", self.port("SUBMISSION_PORT")),
            ),
            ("POSTERN_ALLOWED_DOMAINS".into(), "example.test".into()),
            (
                "POSTERN_TLS_CA".into(),
                self.ca_path().to_string_lossy().into_owned(),
            ),
            ("POSTERN_TLS_SERVER_NAME".into(), CERT_NAME.into()),
            ("POSTERN_TIMEOUT_SECONDS".into(), "10".into()),
            (
                "POSTERN_MANAGESIEVE".into(),
                format!("sieve://127.0.0.1:{}", self.port("SIEVE_PORT")),
            ),
        ]
    }
}

impl Drop for MailStack {
    fn drop(&mut self) {
        let _ = self.script(&["stop"], false);
    }
}

/// Postern served in-process on a free port.
pub struct Postern {
    pub base: String,
    task: tokio::task::JoinHandle<()>,
}

/// The runtime all in-process Postern servers of this test process share.
fn server_runtime() -> &'static tokio::runtime::Runtime {
    static RUNTIME: std::sync::OnceLock<tokio::runtime::Runtime> = std::sync::OnceLock::new();
    RUNTIME.get_or_init(|| {
        tokio::runtime::Builder::new_multi_thread()
            .worker_threads(4)
            .enable_all()
            .thread_name("postern-under-test")
            .build()
            .unwrap_or_else(|error| panic!("cannot start the test server runtime: {error}"))
    })
}

/// A session store that keeps, besides working like the memory store, every record exactly as
/// a shared store (Redis, a database) would receive it: serialised. Tests read it as an
/// attacker who copied the store would.
#[derive(Clone, Debug, Default)]
pub struct DumpableStore {
    inner: tower_sessions::MemoryStore,
    pub saved: std::sync::Arc<std::sync::Mutex<Vec<String>>>,
}

#[async_trait::async_trait]
impl tower_sessions::SessionStore for DumpableStore {
    async fn save(
        &self,
        record: &tower_sessions::session::Record,
    ) -> tower_sessions::session_store::Result<()> {
        if let (Ok(json), Ok(mut saved)) = (serde_json::to_string(record), self.saved.lock()) {
            saved.push(json);
        }
        self.inner.save(record).await
    }

    async fn load(
        &self,
        id: &tower_sessions::session::Id,
    ) -> tower_sessions::session_store::Result<Option<tower_sessions::session::Record>> {
        self.inner.load(id).await
    }

    async fn delete(
        &self,
        id: &tower_sessions::session::Id,
    ) -> tower_sessions::session_store::Result<()> {
        self.inner.delete(id).await
    }
}

impl DumpableStore {
    /// Everything the store was ever given, one serialised record per line.
    pub fn dump(&self) -> String {
        self.saved.lock().map(|s| s.join("\n")).unwrap_or_default()
    }
}

/// Where panics outside the tests' own code are recorded (`scripts/test.sh` fails the run when
/// this file is not empty after the tests).
pub fn panic_log() -> PathBuf {
    repo_root().join("target/postern-panics.log")
}

/// Any panic in Postern or a crate it uses (not a failed assertion of a test) is appended to
/// [`panic_log`]: a server task that panics only drops a connection, which a test might not see.
fn record_panics() {
    static ONCE: std::sync::Once = std::sync::Once::new();
    ONCE.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            let location = info.location().map(|l| l.to_string()).unwrap_or_default();
            if !location.starts_with("tests/") {
                use std::io::Write;
                if let Ok(mut log) = std::fs::OpenOptions::new()
                    .create(true)
                    .append(true)
                    .open(panic_log())
                {
                    let message = info.payload_as_str().unwrap_or("(no message)");
                    let _ = writeln!(log, "panicked at {location}: {message}");
                }
            }
            previous(info);
        }));
    });
}

impl Postern {
    pub async fn start(env: Vec<(String, String)>) -> Result<Self> {
        Self::start_with_store(env, DumpableStore::default()).await
    }

    /// Serves with `store` as the session store.
    pub async fn start_with_store(
        env: Vec<(String, String)>,
        store: DumpableStore,
    ) -> Result<Self> {
        record_panics();
        // Logs go through the test harness, shown only for a failing test.
        let _ = tracing_subscriber::fmt()
            .with_test_writer()
            .with_env_filter("info,tower_sessions=warn")
            .try_init();
        let map: HashMap<String, String> = env.into_iter().collect();
        let settings = postern_server::config::Settings::load(None, &|name| map.get(name).cloned())
            .map_err(|e| anyhow::anyhow!(e))?;
        let listener = std::net::TcpListener::bind("127.0.0.1:0")?;
        listener.set_nonblocking(true)?;
        let base = format!("http://{}", listener.local_addr()?);
        // Every in-process Postern runs on one runtime that lives as long as the test process:
        // Leptos keeps a process-wide task executor, and a test's own runtime ends with the
        // test, which would strand tasks spawned for the next one.
        let task = server_runtime().spawn(async move {
            let result = match tokio::net::TcpListener::from_std(listener) {
                Ok(listener) => {
                    postern_server::startup::serve_with_store(settings, listener, store).await
                }
                Err(error) => Err(error.into()),
            };
            if let Err(error) = result {
                eprintln!("postern stopped: {error}");
            }
        });
        Ok(Postern { base, task })
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    /// A browser-like client: keeps cookies, follows redirects.
    pub fn browser(&self) -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            // A hang fails the test instead of stalling the whole run.
            .timeout(std::time::Duration::from_secs(60))
            .build()
            .unwrap_or_default()
    }

    /// Posts the login form and returns the page the browser lands on.
    pub async fn login(
        &self,
        client: &reqwest::Client,
        email: &str,
        password: &str,
    ) -> Result<Page> {
        let response = client
            .post(self.url("/login"))
            .form(&[("email", email), ("password", password)])
            .send()
            .await?;
        Page::from(response).await
    }
}

impl Drop for Postern {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Posts an action form (`/mail/action`: flags, move, delete, folders) as a browser would.
pub async fn act(
    postern: &Postern,
    browser: &reqwest::Client,
    fields: &[(&str, &str)],
) -> Result<Page> {
    post_form(postern, browser, "/mail/action", fields).await
}

/// Posts a plain (urlencoded) form to `path` as a browser would, following the redirect.
pub async fn post_form(
    postern: &Postern,
    browser: &reqwest::Client,
    path: &str,
    fields: &[(&str, &str)],
) -> Result<Page> {
    Page::from(browser.post(postern.url(path)).form(fields).send().await?).await
}

/// A fetched page: where it ended up and its HTML.
pub struct Page {
    pub path: String,
    pub status: u16,
    pub html: String,
}

/// Posts the compose form as a browser does: `fields`, the send token of a fresh form (unless
/// given), and the empty file input.
pub async fn post_compose(
    postern: &Postern,
    browser: &reqwest::Client,
    fields: &[(&str, &str)],
) -> Result<Page> {
    let mut form = reqwest::multipart::Form::new();
    if !fields.iter().any(|(name, _)| *name == "send_token") {
        let fresh = Page::get(browser, &postern.url("/mail/compose")).await?;
        form = form.text("send_token", load::send_token(&fresh).unwrap_or_default());
    }
    for (name, value) in fields {
        form = form.text(name.to_string(), value.to_string());
    }
    form = form.part(
        "attach",
        reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
    );
    Page::from(
        browser
            .post(postern.url("/mail/compose"))
            .multipart(form)
            .send()
            .await?,
    )
    .await
}

impl Page {
    /// The value of the form field `name` (an input's value, a textarea's text), as a browser
    /// reads it: entities decoded, the line break right after `<textarea>` not part of it.
    pub fn field(&self, name: &str) -> String {
        let marker = format!("name=\"{name}\"");
        let Some(at) = self.html.find(&marker) else {
            return String::new();
        };
        let tag_start = self.html[..at].rfind('<').unwrap_or(0);
        let tag = &self.html[tag_start..];
        let value = if tag.starts_with("<textarea") {
            let mut open_end = tag.find('>').map(|i| i + 1).unwrap_or(0);
            let close = tag.find("</textarea>").unwrap_or(open_end);
            if tag[open_end..close].starts_with('\n') {
                open_end += 1;
            }
            &tag[open_end..close]
        } else {
            let tag = &tag[..tag.find('>').unwrap_or(tag.len())];
            match tag.find("value=\"") {
                Some(i) => {
                    let rest = &tag[i + 7..];
                    &rest[..rest.find('"').unwrap_or(rest.len())]
                }
                None => "",
            }
        };
        value
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&quot;", "\"")
            .replace("&#x27;", "'")
            .replace("&#39;", "'")
            .replace("&amp;", "&")
    }

    pub async fn from(response: reqwest::Response) -> Result<Self> {
        let path = response.url().path().to_string();
        let status = response.status().as_u16();
        let html = response.text().await?;
        Ok(Page { path, status, html })
    }

    pub async fn get(client: &reqwest::Client, url: &str) -> Result<Self> {
        Page::from(client.get(url).send().await?).await
    }

    /// The text inside the element carrying `data-testid="{id}"` (first one; tags stripped).
    pub fn testid_text(&self, id: &str) -> Option<String> {
        let marker = format!("data-testid=\"{id}\"");
        let start = self.html.find(&marker)?;
        let open_end = start + self.html[start..].find('>')? + 1;
        let rest = &self.html[open_end..];
        let mut depth = 0usize;
        let mut text = String::new();
        let mut chars = rest.char_indices().peekable();
        while let Some((_, c)) = chars.next() {
            if c == '<' {
                let tag: String = chars
                    .by_ref()
                    .map(|(_, c)| c)
                    .take_while(|c| *c != '>')
                    .collect();
                if tag.starts_with('/') {
                    if depth == 0 {
                        break;
                    }
                    depth -= 1;
                } else if !tag.ends_with('/') && !tag.starts_with('!') && !is_void(&tag) {
                    depth += 1;
                }
            } else {
                text.push(c);
            }
        }
        Some(decode_entities(text.trim()))
    }

    /// The `<title>` text as a browser reads it.
    pub fn title(&self) -> String {
        let start = self.html.find("<title>").map(|i| i + 7).unwrap_or(0);
        let end = start + self.html[start..].find("</title>").unwrap_or(0);
        decode_entities(&self.html[start..end])
    }

    /// The plain-text body as lines, each prefixed with `>` per quote level.
    pub fn body_lines(&self) -> Vec<String> {
        let Some(start) = self.html.find("data-testid=\"message-body\"") else {
            return Vec::new();
        };
        let body = &self.html[start..];
        let end = body
            .find("</div></main>")
            .or_else(|| body.find("</main>"))
            .unwrap_or(body.len());
        body[..end]
            .split("<div ")
            .skip(1)
            .filter_map(|chunk| {
                let tag_end = chunk.find('>')?;
                let tag = &chunk[..tag_end];
                if !tag.contains("class=\"line") {
                    return None;
                }
                let depth: usize = tag
                    .split("data-depth=\"")
                    .nth(1)
                    .and_then(|d| d.split('"').next())
                    .and_then(|d| d.parse().ok())
                    .unwrap_or(0);
                let inner = &chunk[tag_end + 1..];
                let inner = &inner[..inner.find("</div>").unwrap_or(inner.len())];
                let mut text = String::new();
                let mut in_tag = false;
                for c in inner.chars() {
                    match c {
                        '<' => in_tag = true,
                        '>' => in_tag = false,
                        c if !in_tag => text.push(c),
                        _ => {}
                    }
                }
                Some(format!("{}{}", "> ".repeat(depth), decode_entities(&text)))
            })
            .collect()
    }

    /// Every `data-{attribute}` value of elements with `data-testid="{id}"`, in page order.
    pub fn testid_attributes(&self, id: &str, attribute: &str) -> Vec<String> {
        let marker = format!("data-testid=\"{id}\"");
        let mut out = Vec::new();
        let mut offset = 0;
        while let Some(found) = self.html[offset..].find(&marker) {
            let at = offset + found;
            let tag_start = self.html[..at].rfind('<').unwrap_or(at);
            let tag_end = at + self.html[at..].find('>').unwrap_or(0);
            let tag = &self.html[tag_start..tag_end];
            let key = format!("data-{attribute}=\"");
            if let Some(v) = tag.find(&key) {
                let value = &tag[v + key.len()..];
                out.push(decode_entities(
                    &value[..value.find('"').unwrap_or(value.len())],
                ));
            }
            offset = at + marker.len();
        }
        out
    }
}

fn is_void(tag: &str) -> bool {
    let name = tag.split_whitespace().next().unwrap_or("");
    matches!(name, "input" | "br" | "img" | "meta" | "link" | "hr")
}

fn decode_entities(text: &str) -> String {
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&#39;", "'")
        .replace("&amp;", "&")
}

/// A TCP listener that counts connection attempts: proves Postern did not connect.
pub struct ConnectionCounter {
    pub port: u16,
    count: std::sync::Arc<std::sync::atomic::AtomicUsize>,
}

impl ConnectionCounter {
    pub async fn start() -> Result<Self> {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let count = std::sync::Arc::new(std::sync::atomic::AtomicUsize::new(0));
        let counter = count.clone();
        tokio::spawn(async move {
            // Sockets are kept open and never written to: a server that accepts and stays silent.
            let mut open = Vec::new();
            while let Ok((socket, _)) = listener.accept().await {
                counter.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
                open.push(socket);
            }
        });
        Ok(ConnectionCounter { port, count })
    }

    pub fn connections(&self) -> usize {
        self.count.load(std::sync::atomic::Ordering::SeqCst)
    }
}

/// A live-mail stream (`/events`) read as a browser's EventSource would.
pub struct EventStream {
    response: reqwest::Response,
    buffer: String,
}

impl EventStream {
    /// Opens the stream of the folder page showing `folder`.
    pub async fn open(postern: &Postern, browser: &reqwest::Client, folder: &str) -> Result<Self> {
        let response = browser
            .get(postern.url(&format!("/events?folder={}", url_component(folder))))
            .header("Accept", "text/event-stream")
            .send()
            .await?;
        Self::from_response(response)
    }

    /// Reads the stream an `/events` request answered.
    pub fn from_response(response: reqwest::Response) -> Result<Self> {
        if response.status() != 200 {
            bail!("/events answered {}", response.status());
        }
        Ok(EventStream {
            response,
            buffer: String::new(),
        })
    }

    /// The next event (name, data), or `None` when the stream ended or nothing came within
    /// `wait`. Keep-alive comments are skipped.
    pub async fn next(&mut self, wait: std::time::Duration) -> Result<Option<(String, String)>> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            while let Some(end) = self.buffer.find("\n\n") {
                let block: String = self.buffer.drain(..end + 2).collect();
                let mut name = String::from("message");
                let mut data = Vec::new();
                for line in block.lines() {
                    if let Some(value) = line.strip_prefix("event:") {
                        name = value.trim_start().to_string();
                    } else if let Some(value) = line.strip_prefix("data:") {
                        data.push(value.strip_prefix(' ').unwrap_or(value).to_string());
                    }
                }
                if block
                    .lines()
                    .any(|l| l.starts_with("event:") || l.starts_with("data:"))
                {
                    return Ok(Some((name, data.join("\n"))));
                }
            }
            let chunk = match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return Ok(None),
                Ok(chunk) => chunk?,
            };
            match chunk {
                Some(bytes) => self
                    .buffer
                    .push_str(&String::from_utf8_lossy(&bytes).replace("\r\n", "\n")),
                None => return Ok(None),
            }
        }
    }

    /// Reads and forgets whatever comes within `quiet` of the last event (what an earlier step
    /// caused), so that the next wait hears only what comes after.
    pub async fn drain(&mut self, quiet: std::time::Duration) -> Result<()> {
        while self.next(quiet).await?.is_some() {}
        Ok(())
    }

    /// Whether the server ends the stream (not just falls silent) within `wait`, skipping events.
    pub async fn ends_within(&mut self, wait: std::time::Duration) -> Result<bool> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            match tokio::time::timeout_at(deadline, self.response.chunk()).await {
                Err(_) => return Ok(false),
                Ok(Ok(None)) | Ok(Err(_)) => return Ok(true),
                Ok(Ok(Some(_))) => continue,
            }
        }
    }

    /// Waits up to `wait` for an event named `name` (others are passed over); its data.
    pub async fn wait_for(
        &mut self,
        name: &str,
        wait: std::time::Duration,
    ) -> Result<Option<String>> {
        let deadline = tokio::time::Instant::now() + wait;
        loop {
            let left = deadline.saturating_duration_since(tokio::time::Instant::now());
            match self.next(left).await? {
                Some((event, data)) if event == name => return Ok(Some(data)),
                Some(_) => continue,
                None => return Ok(None),
            }
        }
    }
}

/// How many IMAP connections `address` has open now, as Dovecot counts them.
pub fn imap_connections(stack: &MailStack, address: &str) -> Result<usize> {
    dovecot_imap_connections(&stack.dir.path().join("dovecot.conf"), |user| {
        user == address
    })
}

/// The IMAP connections of the Dovecot run by `config` (`doveadm who -1`: one line per
/// connection) whose user `counts`.
pub fn dovecot_imap_connections(
    config: &std::path::Path,
    counts: impl Fn(&str) -> bool,
) -> Result<usize> {
    let output = Command::new("doveadm")
        .arg("-c")
        .arg(config)
        .args(["who", "-1"])
        .output()?;
    if !output.status.success() {
        bail!("doveadm who: {}", String::from_utf8_lossy(&output.stderr));
    }
    Ok(String::from_utf8_lossy(&output.stdout)
        .lines()
        .filter(|line| {
            let mut fields = line.split_whitespace();
            fields.next().is_some_and(&counts) && fields.next() == Some("imap")
        })
        .count())
}

/// Delivers a message to `address`'s Inbox over the LMTP listener on loopback `port`, as a mail
/// server hands mail to Dovecot.
pub fn lmtp_deliver(port: u16, address: &str, bytes: &[u8]) -> Result<()> {
    use std::io::{BufRead, BufReader, Write};
    let stream = std::net::TcpStream::connect(("127.0.0.1", port))?;
    stream.set_read_timeout(Some(std::time::Duration::from_secs(20)))?;
    let mut reader = BufReader::new(stream.try_clone()?);
    let mut writer = stream;
    // Reads one reply (all its lines) and checks its code.
    let mut expect = |code: char| -> Result<()> {
        loop {
            let mut line = String::new();
            reader.read_line(&mut line)?;
            if !line.starts_with(code) {
                bail!("LMTP said {line:?}");
            }
            if line.as_bytes().get(3) != Some(&b'-') {
                return Ok(());
            }
        }
    };
    expect('2')?;
    writer.write_all(b"LHLO tests.example.test\r\n")?;
    expect('2')?;
    writer.write_all(b"MAIL FROM:<bob@example.test>\r\n")?;
    expect('2')?;
    writer.write_all(format!("RCPT TO:<{address}>\r\n").as_bytes())?;
    expect('2')?;
    writer.write_all(b"DATA\r\n")?;
    expect('3')?;
    let mut data = Vec::with_capacity(bytes.len() + 8);
    for line in bytes.split_inclusive(|b| *b == b'\n') {
        if line.starts_with(b".") {
            data.push(b'.');
        }
        data.extend_from_slice(line);
    }
    if !data.ends_with(b"\r\n") {
        data.extend_from_slice(b"\r\n");
    }
    data.extend_from_slice(b".\r\n");
    writer.write_all(&data)?;
    // One reply per recipient.
    expect('2')?;
    writer.write_all(b"QUIT\r\n")?;
    Ok(())
}
