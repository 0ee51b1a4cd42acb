//! Opening an IMAP connection: TCP, TLS (implicit or STARTTLS, never plain), greeting, then
//! AUTHENTICATE PLAIN, which carries any password byte for byte (spaces, quotes, non-ASCII).

use std::time::Duration;

use async_imap::Client;
use postern_app::error::AppError;
use zeroize::Zeroizing;

use super::{Connection, ImapSession};
use crate::net::{connect, connect_error, tls_error};
use crate::tls::TlsClient;
use crate::upstream::{Security, Target, Upstream, check_domain_allowed, domain_of};

/// Everything needed to open a connection for a login address.
pub struct Connector {
    pub upstream: Upstream,
    pub tls: TlsClient,
    pub allowed_domains: Vec<String>,
    pub allow_internal: bool,
    pub timeout: Duration,
}

struct PlainAuth<'a> {
    address: &'a str,
    password: &'a str,
}

impl async_imap::Authenticator for PlainAuth<'_> {
    type Response = Vec<u8>;

    /// RFC 4616: authorization id (empty) NUL authentication id NUL password.
    fn process(&mut self, _challenge: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.address.len() + self.password.len() + 2);
        out.push(0);
        out.extend_from_slice(self.address.as_bytes());
        out.push(0);
        out.extend_from_slice(self.password.as_bytes());
        out
    }
}

impl Connector {
    /// The server for this address, or why there is none. Checked before any DNS lookup.
    pub fn target_for(&self, address: &str) -> Result<Target, AppError> {
        let domain = domain_of(address)?;
        check_domain_allowed(&domain, &self.allowed_domains)?;
        Ok(self.upstream.target_for(&domain))
    }

    /// Connects and logs in as `address`.
    pub async fn login(
        &self,
        address: &str,
        password: &Zeroizing<String>,
    ) -> Result<Connection, AppError> {
        let target = self.target_for(address)?;
        let host = target.host.clone();
        let work = async {
            let client = self.open(&target).await?;
            let auth = PlainAuth {
                address,
                password: password.as_str(),
            };
            let mut session: ImapSession = match client.authenticate("PLAIN", auth).await {
                Ok(session) => session,
                Err((async_imap::error::Error::No(reason), _)) => {
                    tracing::info!(%address, %host, %reason, "IMAP login refused");
                    return Err(login_refusal(&reason));
                }
                Err((error, _)) => return Err(imap_error(&host, "AUTHENTICATE", error)),
            };
            let capabilities = match session.capabilities().await {
                Ok(caps) => caps
                    .iter()
                    .filter_map(|c| match c {
                        async_imap::types::Capability::Atom(atom) => {
                            Some(atom.to_ascii_uppercase())
                        }
                        _ => None,
                    })
                    .collect(),
                Err(error) => return Err(imap_error(&host, "CAPABILITY", error)),
            };
            Ok(Connection {
                session,
                capabilities,
                sort_cache: None,
                selected: None,
                synced: false,
                quota_cache: None,
                folders_cache: None,
                changed_at: None,
                trash_size_cache: None,
                quirks: super::Quirks::default(),
                broken: false,
            })
        };
        let started = std::time::Instant::now();
        let result = match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result,
            Err(_) => Err(AppError::Timeout { host }),
        };
        crate::metrics::imap_login(started.elapsed());
        result
    }

    /// Checks that the server answers and its certificate is trusted (for /readyz): connects,
    /// reads the greeting, logs out.
    pub async fn probe(&self, target: &Target) -> Result<(), AppError> {
        let work = async {
            let mut client = self.open(target).await?;
            let _ = client.run_command_and_check_ok("LOGOUT", None).await;
            Ok(())
        };
        tokio::time::timeout(self.timeout, work)
            .await
            .unwrap_or_else(|_| {
                Err(AppError::Timeout {
                    host: target.host.clone(),
                })
            })
    }

    /// TCP + TLS + greeting, ready to authenticate.
    async fn open(
        &self,
        target: &Target,
    ) -> Result<Client<tokio_rustls::client::TlsStream<tokio::net::TcpStream>>, AppError> {
        let host = &target.host;
        let tcp = connect(target, self.allow_internal, self.timeout)
            .await
            .map_err(|error| connect_error(host, error))?;
        match target.security {
            Security::Implicit => {
                let tls = self
                    .tls
                    .connect(host, tcp)
                    .await
                    .map_err(|e| tls_error(host, e))?;
                let mut client = Client::new(tls);
                read_greeting(&mut client, host).await?;
                Ok(client)
            }
            Security::StartTls => {
                let mut plain = Client::new(tcp);
                read_greeting(&mut plain, host).await?;
                // RFC 3501 6.2.1: after OK, the TLS negotiation starts at once. A refusal ends
                // the attempt: there is no fallback to plain text.
                plain
                    .run_command_and_check_ok("STARTTLS", None)
                    .await
                    .map_err(|error| imap_error(host, "STARTTLS", error))?;
                let tls = self
                    .tls
                    .connect(host, plain.into_inner())
                    .await
                    .map_err(|e| tls_error(host, e))?;
                Ok(Client::new(tls))
            }
        }
    }
}

async fn read_greeting<T>(client: &mut Client<T>, host: &str) -> Result<(), AppError>
where
    T: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin + std::fmt::Debug + Send,
{
    match client.read_response().await {
        Ok(Some(_greeting)) => Ok(()),
        Ok(None) => {
            tracing::warn!(%host, "IMAP server closed the connection before its greeting");
            Err(AppError::ServerUnreachable {
                host: host.to_string(),
            })
        }
        Err(error) => {
            tracing::warn!(%host, %error, "cannot read the IMAP greeting");
            Err(AppError::ServerUnreachable {
                host: host.to_string(),
            })
        }
    }
}

/// What a NO to AUTHENTICATE means (RFC 5530 response codes): only a real authentication
/// failure is "wrong password"; a connection limit or an outage says so.
fn login_refusal(reason: &str) -> AppError {
    let upper = reason.to_ascii_uppercase();
    if upper.contains("[LIMIT]") || upper.contains("[INUSE]") {
        AppError::MailboxBusy
    } else if upper.contains("[UNAVAILABLE]") || upper.contains("[SERVERBUG]") {
        AppError::ServerRefused {
            reason: short_reason(reason),
        }
    } else {
        AppError::WrongCredentials
    }
}

/// Maps an IMAP failure to words for people; the server's own text goes to the log.
pub fn imap_error(host: &str, command: &str, error: async_imap::error::Error) -> AppError {
    tracing::warn!(%host, %command, %error, "IMAP command failed");
    match error {
        async_imap::error::Error::Io(_) | async_imap::error::Error::ConnectionLost => {
            AppError::ServerUnreachable {
                host: host.to_string(),
            }
        }
        async_imap::error::Error::No(reason) | async_imap::error::Error::Bad(reason) => {
            AppError::ServerRefused {
                reason: short_reason(&reason),
            }
        }
        _ => AppError::Internal,
    }
}

/// The human part of a server reply, without response codes, kept short.
fn short_reason(reason: &str) -> String {
    let text = reason.trim();
    let text = match text.strip_prefix('[') {
        Some(rest) => rest.split_once(']').map_or(text, |(_, after)| after.trim()),
        None => text,
    };
    text.chars().take(200).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refusals_say_what_they_mean() {
        assert_eq!(
            login_refusal("[AUTHENTICATIONFAILED] Authentication failed."),
            AppError::WrongCredentials
        );
        assert_eq!(
            login_refusal("[LIMIT] Maximum number of connections from user+IP exceeded"),
            AppError::MailboxBusy
        );
        assert!(matches!(
            login_refusal("[UNAVAILABLE] Temporary failure"),
            AppError::ServerRefused { .. }
        ));
        assert_eq!(
            login_refusal("Authentication failed."),
            AppError::WrongCredentials
        );
    }
}
