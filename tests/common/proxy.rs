//! A TCP link between Postern and a mail server that the tests can make slow or cut in the
//! middle of a response (no packaged tool does this on loopback): what a bad network, a
//! restarting server or a dropped connection does to a request under way.

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, AtomicU64, AtomicUsize, Ordering};
use std::time::Duration;

use anyhow::Result;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};

#[derive(Default)]
struct Faults {
    /// Delay added to every chunk, both ways (ms).
    latency_ms: AtomicU64,
    /// Bytes from the server still let through before the cut; negative: no cut armed.
    cut_in: AtomicI64,
    cuts: AtomicUsize,
    /// Cuts still to make after the armed one, each `cut_bytes` into a connection.
    cuts_left: AtomicUsize,
    cut_bytes: AtomicI64,
    /// Bytes from the server so far, all connections.
    from_server: AtomicU64,
}

/// Listens on a free loopback port and forwards each connection to `127.0.0.1:target`.
pub struct FaultyLink {
    pub port: u16,
    faults: Arc<Faults>,
    task: tokio::task::JoinHandle<()>,
}

impl FaultyLink {
    pub async fn start(target: u16) -> Result<Self> {
        let listener = TcpListener::bind("127.0.0.1:0").await?;
        let port = listener.local_addr()?.port();
        let faults = Arc::new(Faults::default());
        faults.cut_in.store(-1, Ordering::SeqCst);
        let shared = faults.clone();
        let task = tokio::spawn(async move {
            while let Ok((client, _)) = listener.accept().await {
                let faults = shared.clone();
                tokio::spawn(async move {
                    if let Ok(server) = TcpStream::connect(("127.0.0.1", target)).await {
                        relay(client, server, faults).await;
                    }
                });
            }
        });
        Ok(FaultyLink { port, faults, task })
    }

    /// Every chunk, both ways, waits this long.
    pub fn slow(&self, latency: Duration) {
        self.faults
            .latency_ms
            .store(latency.as_millis() as u64, Ordering::SeqCst);
    }

    /// The connection that carries the next `bytes` bytes from the server is cut there (once).
    pub fn cut_after(&self, bytes: u64) {
        self.cut_times(bytes, 1);
    }

    /// [`FaultyLink::cut_after`], `times` times in a row: the reconnection is cut too.
    pub fn cut_times(&self, bytes: u64, times: usize) {
        self.faults.cut_bytes.store(bytes as i64, Ordering::SeqCst);
        self.faults
            .cuts_left
            .store(times.saturating_sub(1), Ordering::SeqCst);
        self.faults.cut_in.store(bytes as i64, Ordering::SeqCst);
    }

    /// How many connections were cut.
    pub fn cuts(&self) -> usize {
        self.faults.cuts.load(Ordering::SeqCst)
    }

    /// Bytes the server sent so far.
    pub fn from_server(&self) -> u64 {
        self.faults.from_server.load(Ordering::SeqCst)
    }
}

impl Drop for FaultyLink {
    fn drop(&mut self) {
        self.task.abort();
    }
}

async fn relay(client: TcpStream, server: TcpStream, faults: Arc<Faults>) {
    let (mut client_read, mut client_write) = client.into_split();
    let (mut server_read, mut server_write) = server.into_split();
    let upstream = {
        let faults = faults.clone();
        async move {
            let mut buffer = vec![0u8; 16 * 1024];
            loop {
                let n = match client_read.read(&mut buffer).await {
                    Ok(0) | Err(_) => break,
                    Ok(n) => n,
                };
                delay(&faults).await;
                if server_write.write_all(&buffer[..n]).await.is_err() {
                    break;
                }
            }
            let _ = server_write.shutdown().await;
        }
    };
    let downstream = async move {
        let mut buffer = vec![0u8; 16 * 1024];
        loop {
            let n = match server_read.read(&mut buffer).await {
                Ok(0) | Err(_) => break,
                Ok(n) => n,
            };
            delay(&faults).await;
            faults.from_server.fetch_add(n as u64, Ordering::SeqCst);
            let left = faults.cut_in.load(Ordering::SeqCst);
            if left >= 0 {
                let take = faults.cut_in.fetch_sub(n as i64, Ordering::SeqCst);
                if take >= 0 && take <= n as i64 {
                    // The cut: what fits goes through, then the link is gone.
                    let _ = client_write.write_all(&buffer[..take as usize]).await;
                    let again = faults
                        .cuts_left
                        .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| n.checked_sub(1))
                        .is_ok();
                    let next = if again {
                        faults.cut_bytes.load(Ordering::SeqCst)
                    } else {
                        -1
                    };
                    faults.cut_in.store(next, Ordering::SeqCst);
                    faults.cuts.fetch_add(1, Ordering::SeqCst);
                    break;
                }
            }
            if client_write.write_all(&buffer[..n]).await.is_err() {
                break;
            }
        }
        let _ = client_write.shutdown().await;
    };
    // Either side ending (or the cut) ends the connection for both.
    tokio::select! {
        () = upstream => {},
        () = downstream => {},
    }
}

async fn delay(faults: &Faults) {
    let ms = faults.latency_ms.load(Ordering::SeqCst);
    if ms > 0 {
        tokio::time::sleep(Duration::from_millis(ms)).await;
    }
}
