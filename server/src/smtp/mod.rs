//! The submission server: a readiness probe (`probe`) and sending (`submit`). Both secure the
//! connection themselves (implicit TLS, or STARTTLS done here) with the same certificate rules
//! as IMAP — lettre cannot take a custom certificate verifier, so it gets an already secured
//! stream and speaks SMTP over it.

pub mod submit;

use std::time::Duration;

use postern_app::error::AppError;
use tokio::io::{AsyncBufReadExt, AsyncRead, AsyncWrite, AsyncWriteExt, BufReader};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use crate::net::{connect, connect_error, tls_error};
use crate::tls::TlsClient;
use crate::upstream::{Security, Target};

/// Connects, checks TLS (and STARTTLS), says QUIT.
pub async fn probe(
    target: &Target,
    tls: &TlsClient,
    allow_internal: bool,
    timeout: Duration,
) -> Result<(), AppError> {
    let host = target.host.clone();
    let work = async {
        let (stream, greeted) = secure(target, tls, allow_internal, timeout).await?;
        let mut stream = BufReader::new(stream);
        if greeted {
            // After STARTTLS the server waits for a new EHLO.
            stream
                .get_mut()
                .write_all(b"EHLO postern\r\n")
                .await
                .map_err(|_| unreachable(&target.host))?;
            expect_reply(&mut stream, "250", &target.host).await?;
        } else {
            expect_reply(&mut stream, "220", &target.host).await?;
        }
        quit(&mut stream).await;
        Ok(())
    };
    tokio::time::timeout(timeout, work)
        .await
        .unwrap_or(Err(AppError::Timeout { host }))
}

/// TCP, then TLS with Postern's certificate rules: implicit, or STARTTLS spoken here before the
/// handshake (never plain text). `true` when the server's greeting was read before TLS
/// (STARTTLS): no new one follows on the secured stream.
pub(crate) async fn secure(
    target: &Target,
    tls: &TlsClient,
    allow_internal: bool,
    timeout: Duration,
) -> Result<(TlsStream<TcpStream>, bool), AppError> {
    let host = &target.host;
    let tcp = connect(target, allow_internal, timeout)
        .await
        .map_err(|e| connect_error(host, e))?;
    match target.security {
        Security::Implicit => {
            let stream = tls
                .connect(host, tcp)
                .await
                .map_err(|e| tls_error(host, e))?;
            Ok((stream, false))
        }
        Security::StartTls => {
            let mut plain = BufReader::new(tcp);
            expect_reply(&mut plain, "220", host).await?;
            for (command, reply) in [("EHLO postern\r\n", "250"), ("STARTTLS\r\n", "220")] {
                plain
                    .get_mut()
                    .write_all(command.as_bytes())
                    .await
                    .map_err(|_| unreachable(host))?;
                expect_reply(&mut plain, reply, host).await?;
            }
            let stream = tls
                .connect(host, plain.into_inner())
                .await
                .map_err(|e| tls_error(host, e))?;
            Ok((stream, true))
        }
    }
}

pub(crate) fn unreachable(host: &str) -> AppError {
    AppError::ServerUnreachable {
        host: host.to_string(),
    }
}

/// Reads one (possibly multi-line) SMTP reply and checks its code.
pub(crate) async fn expect_reply<S: AsyncRead + AsyncWrite + Unpin>(
    stream: &mut BufReader<S>,
    code: &str,
    host: &str,
) -> Result<(), AppError> {
    loop {
        let mut line = String::new();
        let n = stream
            .read_line(&mut line)
            .await
            .map_err(|_| unreachable(host))?;
        if n == 0 || line.len() < 4 {
            return Err(unreachable(host));
        }
        if !line.starts_with(code) {
            tracing::warn!(%host, reply = %line.trim_end(), expected = code, "unexpected SMTP reply");
            return Err(AppError::ServerRefused {
                reason: line.trim_end().chars().take(200).collect(),
            });
        }
        if line.as_bytes()[3] == b' ' {
            return Ok(());
        }
    }
}

async fn quit<S: AsyncRead + AsyncWrite + Unpin>(stream: &mut BufReader<S>) {
    let _ = stream.get_mut().write_all(b"QUIT\r\n").await;
    let _ = stream.get_mut().flush().await;
}
