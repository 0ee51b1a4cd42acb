//! Sending one message through the submission server as the logged-in person: connect, secure
//! (TLS is never skipped), authenticate (always), MAIL / RCPT for each recipient (so a refused
//! one can be named), DATA.

use std::pin::Pin;
use std::task::{Context, Poll};
use std::time::Duration;

use lettre::transport::smtp::authentication::{Credentials, Mechanism};
use lettre::transport::smtp::client::{AsyncSmtpConnection, AsyncTokioStream};
use lettre::transport::smtp::commands::{Data, Mail, Rcpt};
use lettre::transport::smtp::extension::{ClientId, Extension, MailBodyParameter, MailParameter};
use postern_app::error::AppError;
pub use postern_app::port::SendError;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::TcpStream;
use tokio_rustls::client::TlsStream;

use super::unreachable;
use crate::tls::TlsClient;
use crate::upstream::Target;

/// Where and how to submit.
pub struct Submitter<'a> {
    pub target: &'a Target,
    pub tls: &'a TlsClient,
    pub allow_internal: bool,
    pub timeout: Duration,
}

impl Submitter<'_> {
    /// Sends `bytes` from `from` to `recipients`, logged in as `login`.
    pub async fn send(
        &self,
        login: &str,
        password: &str,
        from: &lettre::Address,
        recipients: &[lettre::Address],
        bytes: &[u8],
    ) -> Result<(), SendError> {
        let host = self.target.host.clone();
        // Generous: a large message over a slow link takes a while after connecting.
        let budget = self.timeout * 4 + Duration::from_secs(bytes.len() as u64 / 100_000);
        tokio::time::timeout(
            budget,
            self.send_inner(login, password, from, recipients, bytes),
        )
        .await
        .unwrap_or(Err(SendError::Connection(AppError::Timeout { host })))
    }

    async fn send_inner(
        &self,
        login: &str,
        password: &str,
        from: &lettre::Address,
        recipients: &[lettre::Address],
        bytes: &[u8],
    ) -> Result<(), SendError> {
        let host = &self.target.host;
        let stream = self.secure().await.map_err(SendError::Connection)?;
        let mut conn =
            AsyncSmtpConnection::connect_with_transport(Box::new(stream), &ClientId::default())
                .await
                .map_err(|e| {
                    tracing::warn!(%host, error = %e, "SMTP greeting failed");
                    SendError::Connection(unreachable(host))
                })?;
        let credentials = Credentials::new(login.to_string(), password.to_string());
        if let Err(error) = conn
            .auth(&[Mechanism::Plain, Mechanism::Login], &credentials)
            .await
        {
            conn.abort().await;
            if error.is_transient() {
                tracing::warn!(%host, error = %error, "SMTP authentication cannot be checked now");
                return Err(SendError::AuthenticationUnavailable);
            }
            tracing::info!(%host, error = %error, "SMTP authentication refused");
            return Err(SendError::AuthenticationRefused);
        }
        let mut parameters = Vec::new();
        if !bytes.is_ascii() && conn.server_info().supports_feature(Extension::EightBitMime) {
            parameters.push(MailParameter::Body(MailBodyParameter::EightBitMime));
        }
        if let Err(error) = conn
            .command(Mail::new(Some(from.clone()), parameters))
            .await
        {
            conn.abort().await;
            return Err(classify(&error));
        }
        let mut refused = Vec::new();
        for recipient in recipients {
            if let Err(error) = conn.command(Rcpt::new(recipient.clone(), vec![])).await {
                refused.push((recipient.to_string(), reason(&error)));
            }
        }
        if !refused.is_empty() {
            // Nothing goes out unless every recipient can have it.
            conn.abort().await;
            return Err(SendError::RecipientsRefused(refused));
        }
        if let Err(error) = conn.command(Data).await {
            conn.abort().await;
            return Err(classify(&error));
        }
        if let Err(error) = conn.message(bytes).await {
            conn.abort().await;
            return Err(classify(&error));
        }
        let _ = conn.quit().await;
        Ok(())
    }

    /// The secured link ([`super::secure`]) as lettre's stream.
    async fn secure(&self) -> Result<Secured, AppError> {
        let (inner, greeted) =
            super::secure(self.target, self.tls, self.allow_internal, self.timeout).await?;
        // After STARTTLS the server waits for EHLO without a new greeting; lettre's connection
        // starts by reading one, so it is given a greeting in its place.
        let replay = if greeted {
            b"220 secured by STARTTLS\r\n".to_vec()
        } else {
            Vec::new()
        };
        Ok(Secured {
            inner,
            replay,
            replayed: 0,
        })
    }
}

fn reason(error: &lettre::transport::smtp::Error) -> String {
    let text = error.to_string();
    let text = text.split_once(": ").map(|(_, r)| r).unwrap_or(&text);
    text.trim()
        .chars()
        .filter(|c| !c.is_control())
        .take(200)
        .collect()
}

fn classify(error: &lettre::transport::smtp::Error) -> SendError {
    let code = error.status().map(|c| c.to_string()).unwrap_or_default();
    if code == "552" || code == "523" || reason(error).to_ascii_lowercase().contains("size") {
        SendError::TooLarge
    } else {
        SendError::Refused(reason(error))
    }
}

/// The secured stream handed to lettre; replays a greeting after our own STARTTLS.
struct Secured {
    inner: TlsStream<TcpStream>,
    replay: Vec<u8>,
    replayed: usize,
}

impl std::fmt::Debug for Secured {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secured(TLS)")
    }
}

impl AsyncRead for Secured {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<std::io::Result<()>> {
        if self.replayed < self.replay.len() {
            let n = (self.replay.len() - self.replayed).min(buf.remaining());
            let start = self.replayed;
            buf.put_slice(&self.replay[start..start + n]);
            self.replayed += n;
            return Poll::Ready(Ok(()));
        }
        Pin::new(&mut self.inner).poll_read(cx, buf)
    }
}

impl AsyncWrite for Secured {
    fn poll_write(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &[u8],
    ) -> Poll<std::io::Result<usize>> {
        Pin::new(&mut self.inner).poll_write(cx, buf)
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<std::io::Result<()>> {
        Pin::new(&mut self.inner).poll_shutdown(cx)
    }
}

impl AsyncTokioStream for Secured {
    fn peer_addr(&self) -> std::io::Result<std::net::SocketAddr> {
        self.inner.get_ref().0.peer_addr()
    }
}
