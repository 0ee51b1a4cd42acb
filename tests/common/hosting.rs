//! The other servers hosting companies run, each from Debian's packages and started by the
//! project's own script on free loopback ports: Courier-IMAP (`scripts/courier.sh`) and Cyrus
//! IMAP (`scripts/cyrus.sh`). Exim, the submission server beside them, is a [`MailStack`]
//! option (`MailStack::with_exim`). An IMAP client of its own ([`HostingImap::client`]) plays
//! "another mail program" for seeding and for checking what Postern did.

use std::collections::HashMap;
use std::process::Command;

use anyhow::{Context, Result, bail};
use futures::TryStreamExt;
use zeroize::Zeroizing;

use super::{ALICE, ALICE_PASSWORD, BOB, BOB_PASSWORD, CERT_NAME, free_port, repo_root};

/// An IMAP server other than Dovecot.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImapServer {
    Courier,
    Cyrus,
}

impl ImapServer {
    fn script(self) -> &'static str {
        match self {
            ImapServer::Courier => "scripts/courier.sh",
            ImapServer::Cyrus => "scripts/cyrus.sh",
        }
    }
}

/// A running Courier or Cyrus with alice and bob; stopped and deleted on drop.
pub struct HostingImap {
    pub server: ImapServer,
    pub dir: tempfile::TempDir,
    ports: HashMap<&'static str, u16>,
    /// Extra environment for the script (a capability list, say).
    env: Vec<(String, String)>,
}

impl HostingImap {
    pub fn start(server: ImapServer) -> Result<Self> {
        Self::start_with(server, &[])
    }

    /// With extra settings for the server's script (`IMAP_CAPABILITY` for Courier, say).
    pub fn start_with(server: ImapServer, env: &[(&str, &str)]) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("postern-hosting-")
            .tempdir_in("/tmp")?;
        let mut ports = HashMap::new();
        for name in ["IMAP_PORT", "IMAPS_PORT", "LMTP_PORT"] {
            ports.insert(name, free_port());
        }
        // Cyrus's ManageSieve (timsieved); Courier has none.
        if server == ImapServer::Cyrus {
            ports.insert("SIEVE_PORT", free_port());
        }
        let stack = HostingImap {
            server,
            dir,
            ports,
            env: env
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect(),
        };
        stack.script(&["start"])?;
        stack.add_user(ALICE, ALICE_PASSWORD)?;
        stack.add_user(BOB, BOB_PASSWORD)?;
        Ok(stack)
    }

    fn script(&self, args: &[&str]) -> Result<()> {
        let mut command = Command::new(repo_root().join(self.server.script()));
        command.arg(args[0]).arg(self.dir.path()).args(&args[1..]);
        for (name, port) in &self.ports {
            command.env(name, port.to_string());
        }
        command.env("CERT_NAME", CERT_NAME);
        command.env("CERT_SHAPE", "self-signed");
        command.envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())));
        let output = command
            .output()
            .with_context(|| format!("cannot run {}", self.server.script()))?;
        if !output.status.success() {
            bail!(
                "{} {:?} failed: {}{}",
                self.server.script(),
                args,
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }

    pub fn add_user(&self, address: &str, password: &str) -> Result<()> {
        self.script(&["adduser", address, password])
    }

    /// Postern trusting this server the hosting way (its self-signed certificate, its name);
    /// `smtp` the submission URL to send through.
    pub fn postern_env(&self, smtp: &str) -> Vec<(String, String)> {
        vec![
            (
                "POSTERN_IMAP".into(),
                format!("imaps://127.0.0.1:{}", self.ports["IMAPS_PORT"]),
            ),
            ("POSTERN_SMTP".into(), smtp.to_string()),
            ("POSTERN_ALLOWED_DOMAINS".into(), "example.test".into()),
            (
                "POSTERN_TLS_CA".into(),
                self.dir
                    .path()
                    .join("tls/ca.crt")
                    .to_string_lossy()
                    .into_owned(),
            ),
            ("POSTERN_TLS_SERVER_NAME".into(), CERT_NAME.into()),
            ("POSTERN_TIMEOUT_SECONDS".into(), "10".into()),
            // Courier waits 5 s after a failed login, Cyrus 3 s: tests log in a few times.
            ("POSTERN_LOGIN_MAX_FAILURES".into(), "100".into()),
            (
                "POSTERN_MANAGESIEVE".into(),
                match self.ports.get("SIEVE_PORT") {
                    Some(port) => format!("sieve://127.0.0.1:{port}"),
                    None => "off".into(),
                },
            ),
        ]
    }

    /// Another mail program, logged in as `address` (for seeding and checking).
    pub async fn client(
        &self,
        address: &str,
        password: &str,
    ) -> Result<postern_server::imap::Connection> {
        let env: HashMap<String, String> =
            self.postern_env("smtp://127.0.0.1:1").into_iter().collect();
        let settings = postern_server::config::Settings::load(None, &|name| env.get(name).cloned())
            .map_err(|e| anyhow::anyhow!(e))?;
        let connector = postern_server::imap::Connector {
            upstream: settings.imap.clone(),
            tls: postern_server::tls::TlsClient::new(&settings.trust)
                .map_err(|e| anyhow::anyhow!(e))?,
            allowed_domains: settings.allowed_domains.clone(),
            allow_internal: true,
            timeout: std::time::Duration::from_secs(30),
        };
        connector
            .login(address, &Zeroizing::new(password.to_string()))
            .await
            .map_err(|e| anyhow::anyhow!("{address} cannot log in: {e}"))
    }

    /// APPENDs `bytes` to `folder` of `address`, as another mail program would.
    pub async fn append(
        &self,
        address: &str,
        password: &str,
        folder: &str,
        bytes: &[u8],
    ) -> Result<()> {
        let mut conn = self.client(address, password).await?;
        conn.session.append(folder, None, None, bytes).await?;
        let _ = conn.session.logout().await;
        Ok(())
    }

    /// Every folder name the server lists for `address`.
    pub async fn folders(&self, address: &str, password: &str) -> Result<Vec<String>> {
        let mut conn = self.client(address, password).await?;
        let names: Vec<String> = conn
            .session
            .list(Some(""), Some("*"))
            .await?
            .map_ok(|n| n.name().to_string())
            .try_collect()
            .await?;
        let _ = conn.session.logout().await;
        Ok(names)
    }

    /// The messages of `folder`, raw, in UID order (flags unchanged).
    pub async fn messages(
        &self,
        address: &str,
        password: &str,
        folder: &str,
    ) -> Result<Vec<Vec<u8>>> {
        let mut conn = self.client(address, password).await?;
        let mailbox = conn.session.examine(folder).await?;
        let mut out = Vec::new();
        if mailbox.exists > 0 {
            let fetches: Vec<_> = conn
                .session
                .fetch("1:*", "(UID BODY.PEEK[])")
                .await?
                .try_collect()
                .await?;
            let mut rows: Vec<(u32, Vec<u8>)> = fetches
                .iter()
                .filter_map(|f| Some((f.uid?, f.body()?.to_vec())))
                .collect();
            rows.sort_by_key(|(uid, _)| *uid);
            out = rows.into_iter().map(|(_, body)| body).collect();
        }
        let _ = conn.session.logout().await;
        Ok(out)
    }
}

impl Drop for HostingImap {
    fn drop(&mut self) {
        let _ = self.script(&["stop"]);
    }
}
