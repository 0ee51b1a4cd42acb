//! The outage-day deployment as tests run it: Redis (`scripts/redis.sh`), Postern instances as
//! separate processes (the built `postern` binary, so that one can be killed), and HAProxy
//! (`scripts/haproxy.sh`) in front of them, all on free loopback ports.

use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

use super::{MailStack, free_port, repo_root};

/// A Redis of its own; stopped on drop.
pub struct Redis {
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl Redis {
    pub fn start() -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("postern-redis-")
            .tempdir()?;
        let redis = Redis {
            dir,
            port: free_port(),
        };
        redis.script(&["start"])?;
        Ok(redis)
    }

    fn script(&self, args: &[&str]) -> Result<String> {
        let output = Command::new(repo_root().join("scripts/redis.sh"))
            .arg(args[0])
            .arg(self.dir.path())
            .args(&args[1..])
            .env("REDIS_PORT", self.port.to_string())
            .output()
            .context("cannot run scripts/redis.sh")?;
        if !output.status.success() {
            bail!(
                "redis.sh {args:?}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    pub fn url(&self) -> String {
        format!("redis://127.0.0.1:{}/0", self.port)
    }

    pub fn stop(&self) -> Result<()> {
        self.script(&["stop"]).map(|_| ())
    }

    pub fn start_again(&self) -> Result<()> {
        self.script(&["start"]).map(|_| ())
    }

    /// `redis-cli ARGS…`, its output.
    pub fn cli(&self, args: &[&str]) -> Result<String> {
        let mut all = vec!["cli"];
        all.extend_from_slice(args);
        self.script(&all)
    }

    /// Every key and its value as text (strings by GET, sorted sets by ZRANGE, the rest by
    /// DUMP): what someone who copied the store would read.
    pub fn dump(&self) -> Result<String> {
        let mut out = String::new();
        for key in self.cli(&["--scan"])?.lines().filter(|k| !k.is_empty()) {
            let kind = self.cli(&["TYPE", key])?;
            let value = match kind.trim() {
                "string" => self.cli(&["GET", key])?,
                "zset" => self.cli(&["ZRANGE", key, "0", "-1", "WITHSCORES"])?,
                _ => self.cli(&["DUMP", key])?,
            };
            out.push_str(&format!("{key} ({}): {value}\n", kind.trim()));
        }
        Ok(out)
    }
}

impl Drop for Redis {
    fn drop(&mut self) {
        let _ = self.script(&["stop"]);
    }
}

/// One Postern process.
pub struct Instance {
    pub port: u16,
    env: Vec<(String, String)>,
    child: Option<Child>,
    pub log: PathBuf,
    /// Run under `strace`, its file-system calls written here.
    trace: Option<PathBuf>,
}

/// The `postern` binary the tests run: POSTERN_BIN, else the debug build of scripts/build.sh.
fn postern_binary() -> Result<PathBuf> {
    let path = std::env::var_os("POSTERN_BIN")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("target/debug/postern"));
    if !path.is_file() {
        bail!(
            "{} is missing: run scripts/build.sh first (scripts/test.sh does)",
            path.display()
        );
    }
    Ok(path)
}

impl Instance {
    /// Starts Postern on a free port with `env` and waits until `/healthz` answers.
    pub fn start(env: Vec<(String, String)>, log_dir: &std::path::Path) -> Result<Self> {
        Self::start_with(env, log_dir, None)
    }

    /// [`Instance::start`] under `strace -f`: every call of Postern that names a file (open,
    /// create, rename, unlink, …), from its first instruction, is written to `trace`.
    pub fn start_traced(
        env: Vec<(String, String)>,
        log_dir: &std::path::Path,
        trace: PathBuf,
    ) -> Result<Self> {
        Self::start_with(env, log_dir, Some(trace))
    }

    fn start_with(
        env: Vec<(String, String)>,
        log_dir: &std::path::Path,
        trace: Option<PathBuf>,
    ) -> Result<Self> {
        let port = free_port();
        let log = log_dir.join(format!("postern-{port}.log"));
        let mut instance = Instance {
            port,
            env,
            child: None,
            log,
            trace,
        };
        instance.spawn()?;
        Ok(instance)
    }

    /// Postern's process id (under `strace`, its child).
    pub fn pid(&self) -> Option<u32> {
        let child = self.child.as_ref()?.id();
        if self.trace.is_none() {
            return Some(child);
        }
        let children =
            std::fs::read_to_string(format!("/proc/{child}/task/{child}/children")).ok()?;
        children.split_whitespace().next()?.parse().ok()
    }

    fn spawn(&mut self) -> Result<()> {
        let log = std::fs::OpenOptions::new()
            .create(true)
            .append(true)
            .open(&self.log)?;
        let mut command = match &self.trace {
            Some(trace) => {
                let mut strace = Command::new("strace");
                strace
                    .args(["-f", "-qq", "-e", "trace=%file,ftruncate", "-ff", "-o"])
                    .arg(trace)
                    .arg(postern_binary()?);
                strace
            }
            None => Command::new(postern_binary()?),
        };
        let child = command
            .envs(self.env.iter().map(|(k, v)| (k.as_str(), v.as_str())))
            .env("LEPTOS_SITE_ADDR", format!("127.0.0.1:{}", self.port))
            .env("LEPTOS_SITE_ROOT", repo_root().join("target/site"))
            .stdout(Stdio::from(log.try_clone()?))
            .stderr(Stdio::from(log))
            .spawn()
            .context("cannot start postern")?;
        self.child = Some(child);
        self.wait_healthy()
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    fn wait_healthy(&mut self) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(20) {
            if let Some(child) = self.child.as_mut()
                && let Some(status) = child.try_wait()?
            {
                bail!("postern exited at start ({status}): {}", self.log_text());
            }
            if std::net::TcpStream::connect(("127.0.0.1", self.port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        bail!("postern did not listen within 20 s: {}", self.log_text())
    }

    pub fn log_text(&self) -> String {
        std::fs::read_to_string(&self.log).unwrap_or_default()
    }

    /// SIGKILL: gone at once, nothing finished, nothing logged out.
    pub fn kill(&mut self) -> Result<()> {
        // strace killed would leave Postern running, untraced.
        if self.trace.is_some()
            && let Some(pid) = self.pid()
        {
            let _ = Command::new("kill")
                .args(["-KILL", &pid.to_string()])
                .status();
        }
        if let Some(mut child) = self.child.take() {
            child.kill()?;
            child.wait()?;
        }
        Ok(())
    }

    /// SIGTERM, then waits for the exit; its status.
    pub fn terminate(&mut self) -> Result<std::process::ExitStatus> {
        let pid = self.pid().context("not running")?;
        let Some(mut child) = self.child.take() else {
            bail!("not running");
        };
        let status = Command::new("kill")
            .args(["-TERM", &pid.to_string()])
            .status()?;
        if !status.success() {
            bail!("kill -TERM failed");
        }
        let started = Instant::now();
        loop {
            if let Some(status) = child.try_wait()? {
                return Ok(status);
            }
            if started.elapsed() > Duration::from_secs(60) {
                let _ = child.kill();
                bail!("postern did not stop within 60 s of SIGTERM");
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Starts it again on the same port (after a kill or a stop).
    pub fn restart(&mut self) -> Result<()> {
        self.spawn()
    }

    /// A panic in the log fails the test that reads it.
    pub fn assert_no_panic(&self) {
        let log = self.log_text();
        assert!(!log.contains("panicked at"), "postern panicked:\n{log}");
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        let _ = self.kill();
    }
}

/// HAProxy in front of some instances; stopped on drop.
pub struct Balancer {
    pub dir: tempfile::TempDir,
    pub port: u16,
}

impl Balancer {
    /// `sticky`: HAProxy's cookie keeps a browser on one instance (scripts/haproxy.sh STICKY).
    pub fn start(backends: &[u16], sticky: bool) -> Result<Self> {
        let dir = tempfile::Builder::new()
            .prefix("postern-haproxy-")
            .tempdir()?;
        let balancer = Balancer {
            dir,
            port: free_port(),
        };
        let list: Vec<String> = backends.iter().map(|p| format!("127.0.0.1:{p}")).collect();
        balancer.script("start", &list.join(" "), sticky)?;
        Ok(balancer)
    }

    fn script(&self, command: &str, backends: &str, sticky: bool) -> Result<()> {
        let output = Command::new(repo_root().join("scripts/haproxy.sh"))
            .arg(command)
            .arg(self.dir.path())
            .env("HAPROXY_PORT", self.port.to_string())
            .env("BACKENDS", backends)
            .env("STICKY", if sticky { "1" } else { "0" })
            .output()
            .context("cannot run scripts/haproxy.sh")?;
        if !output.status.success() {
            bail!(
                "haproxy.sh {command}: {}{}",
                String::from_utf8_lossy(&output.stdout),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(())
    }

    pub fn url(&self, path: &str) -> String {
        format!("http://127.0.0.1:{}{path}", self.port)
    }

    /// HAProxy's log of every request (which server, status, retries).
    pub fn log_text(&self) -> String {
        std::fs::read_to_string(self.dir.path().join("haproxy.log")).unwrap_or_default()
    }
}

impl Drop for Balancer {
    fn drop(&mut self) {
        let _ = self.script("stop", "", false);
    }
}

/// Redis, `count` Postern instances on it against `stack`, and HAProxy in front.
pub struct Cluster {
    pub redis: Redis,
    pub instances: Vec<Instance>,
    pub balancer: Balancer,
    pub logs: tempfile::TempDir,
}

impl Cluster {
    /// Without stickiness: every request may land on any instance.
    pub fn start(stack: &MailStack, count: usize, extra: &[(&str, &str)]) -> Result<Self> {
        Self::start_with(stack, count, extra, false)
    }

    pub fn start_with(
        stack: &MailStack,
        count: usize,
        extra: &[(&str, &str)],
        sticky: bool,
    ) -> Result<Self> {
        let redis = Redis::start()?;
        let logs = tempfile::Builder::new().prefix("postern-logs-").tempdir()?;
        let mut env = stack.postern_env();
        env.push(("POSTERN_SESSION_STORE".into(), redis.url()));
        // HAProxy (on loopback) names the client in X-Forwarded-For.
        env.push(("POSTERN_TRUSTED_PROXY".into(), "127.0.0.1".into()));
        env.push(("POSTERN_DRAIN_SECONDS".into(), "10".into()));
        for (name, value) in extra {
            env.push((name.to_string(), value.to_string()));
        }
        let instances = (0..count)
            .map(|_| Instance::start(env.clone(), logs.path()))
            .collect::<Result<Vec<_>>>()?;
        let ports: Vec<u16> = instances.iter().map(|i| i.port).collect();
        let balancer = Balancer::start(&ports, sticky)?;
        Ok(Cluster {
            redis,
            instances,
            balancer,
            logs,
        })
    }

    /// The login page through the balancer, as a browser: cookies kept, redirects followed.
    pub fn browser() -> reqwest::Client {
        reqwest::Client::builder()
            .cookie_store(true)
            .timeout(Duration::from_secs(60))
            .build()
            .unwrap_or_default()
    }

    pub fn assert_no_panic(&self) {
        for instance in &self.instances {
            instance.assert_no_panic();
        }
    }
}
