//! Opening TCP connections to mail servers, with the SSRF rule for template hosts: an address
//! derived from what someone typed into the login form must not be internal; and what a failed
//! connection or TLS handshake means for people, for both adapters.

use std::net::{IpAddr, SocketAddr};
use std::time::Duration;

use postern_app::error::AppError;
use tokio::net::TcpStream;

use crate::tls::{Rejection, TlsError};
use crate::upstream::Target;

#[derive(Debug, thiserror::Error)]
pub enum ConnectError {
    #[error("cannot resolve {host}: {source}")]
    Resolve {
        host: String,
        source: std::io::Error,
    },
    #[error("{host} resolves only to internal addresses")]
    InternalAddress { host: String },
    #[error("cannot connect to {host}: {source}")]
    Connect {
        host: String,
        source: std::io::Error,
    },
    #[error("connecting to {host} timed out")]
    Timeout { host: String },
}

/// Connects to the target, trying each resolved address in turn.
pub async fn connect(
    target: &Target,
    allow_internal: bool,
    timeout: Duration,
) -> Result<TcpStream, ConnectError> {
    let host = &target.host;
    let work = async {
        let addresses: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), target.port))
            .await
            .map_err(|source| ConnectError::Resolve {
                host: host.clone(),
                source,
            })?
            .filter(|a| allow_internal || !target.from_template || is_public(a.ip()))
            .collect();
        if addresses.is_empty() {
            return Err(ConnectError::InternalAddress { host: host.clone() });
        }
        let mut last_error = None;
        for address in addresses {
            match TcpStream::connect(address).await {
                Ok(stream) => {
                    let _ = stream.set_nodelay(true);
                    return Ok(stream);
                }
                Err(error) => last_error = Some(error),
            }
        }
        Err(ConnectError::Connect {
            host: host.clone(),
            source: last_error.unwrap_or_else(|| std::io::Error::other("no address")),
        })
    };
    tokio::time::timeout(timeout, work)
        .await
        .map_err(|_| ConnectError::Timeout { host: host.clone() })?
}

/// False for loopback, private, link-local, shared, documentation and other special ranges.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => {
            let [a, b, ..] = v4.octets();
            !(v4.is_loopback()
                || v4.is_private()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_broadcast()
                || v4.is_documentation()
                || v4.is_multicast()
                || a == 0
                || (a == 100 && (64..128).contains(&b))
                || (a == 192 && b == 0)
                || (a == 198 && (b == 18 || b == 19))
                || a >= 240)
        }
        IpAddr::V6(v6) => {
            if let Some(v4) = v6.to_ipv4_mapped() {
                return is_public(IpAddr::V4(v4));
            }
            let first = v6.segments()[0];
            !(v6.is_loopback()
                || v6.is_unspecified()
                || v6.is_multicast()
                || (first & 0xfe00) == 0xfc00
                || (first & 0xffc0) == 0xfe80
                || first == 0x2001 && v6.segments()[1] == 0x0db8
                || first == 0x0064)
        }
    }
}

/// What a failed connection means for people (the detail goes to the log). Both adapters,
/// IMAP and SMTP, answer with these.
pub fn connect_error(host: &str, error: ConnectError) -> AppError {
    tracing::warn!(%host, %error, "cannot connect to the mail server");
    match error {
        ConnectError::Timeout { host } => AppError::Timeout { host },
        _ => AppError::ServerUnreachable {
            host: host.to_string(),
        },
    }
}

pub fn tls_error(host: &str, error: TlsError) -> AppError {
    match error {
        TlsError::CertificateRejected {
            expected,
            reason,
            detail,
        } => {
            tracing::error!(%host, %expected, %detail, "mail server certificate rejected");
            match reason {
                Rejection::Expired { on } => AppError::CertificateExpired { date: on },
                Rejection::NotYetValid { from } => AppError::CertificateNotYetValid { date: from },
                Rejection::NotPinned => AppError::CertificateChanged,
                Rejection::Untrusted => AppError::CertificateRejected { expected },
            }
        }
        other => {
            tracing::warn!(%host, error = %other, "TLS with the mail server failed");
            AppError::ServerUnreachable {
                host: host.to_string(),
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn internal_addresses_are_not_public() {
        for ip in [
            "127.0.0.1",
            "10.1.2.3",
            "172.16.0.1",
            "192.168.1.1",
            "169.254.169.254",
            "100.64.0.1",
            "0.0.0.0",
            "::1",
            "fe80::1",
            "fd00::1",
            "::ffff:127.0.0.1",
        ] {
            assert!(
                !is_public(ip.parse().unwrap()),
                "{ip} must count as internal"
            );
        }
        for ip in ["93.184.216.34", "2a00:1450:4001::1"] {
            assert!(is_public(ip.parse().unwrap()), "{ip} is public");
        }
    }
}
