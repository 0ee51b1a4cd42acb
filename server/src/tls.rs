//! Certificate trust for the mail servers, shared by IMAP and SMTP.
//!
//! The hosting case: Postern connects to `mail.customer.tld`, but the certificate names the
//! machine (`server17.hosting.tld`). The operator says once which name to expect, or pins the
//! certificate; people logging in never see certificate trouble.

use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::crypto::{CryptoProvider, verify_tls12_signature, verify_tls13_signature};
use rustls::{CertificateError, DigitallySignedStruct, SignatureScheme};
use rustls_pki_types::pem::PemObject;
use rustls_pki_types::{CertificateDer, ServerName, UnixTime};
use sha2::{Digest, Sha256};
use tokio::net::TcpStream;
use tokio_rustls::TlsConnector;
use tokio_rustls::client::TlsStream;

use crate::config::CertificateTrust;

/// A TLS client configured once from the settings.
#[derive(Clone)]
pub struct TlsClient {
    connector: TlsConnector,
    expected_name: Option<String>,
    trust: CertificateTrust,
}

#[derive(Debug, thiserror::Error)]
pub enum TlsError {
    /// The certificate was refused; the detail (names it carries, fingerprint) is for the log.
    #[error("certificate rejected: {detail}")]
    CertificateRejected {
        expected: String,
        reason: Rejection,
        detail: String,
    },
    #[error("TLS handshake failed: {0}")]
    Handshake(std::io::Error),
    #[error("{0:?} is not a valid TLS server name")]
    BadName(String),
}

/// What was wrong with a refused certificate, in terms an operator acts on.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// Not issued for the expected name, or by nobody trusted.
    Untrusted,
    /// Past its end date (a calendar date, UTC).
    Expired { on: String },
    /// Before its start date.
    NotYetValid { from: String },
    /// Not the pinned certificate (replaced, say, after a server move).
    NotPinned,
}

/// Reads `POSTERN_TLS_CA`: one or more PEM certificates (a private CA, an intermediate, or the
/// server's own self-signed certificate).
fn read_trust_file(path: &std::path::Path) -> Result<Vec<CertificateDer<'static>>, String> {
    let certs = CertificateDer::pem_file_iter(path)
        .map_err(|e| format!("POSTERN_TLS_CA: cannot read {}: {e}", path.display()))?
        .collect::<Result<Vec<_>, _>>()
        .map_err(|e| format!("POSTERN_TLS_CA: {}: {e}", path.display()))?;
    if certs.is_empty() {
        return Err(format!(
            "POSTERN_TLS_CA: {} holds no certificate",
            path.display()
        ));
    }
    Ok(certs)
}

/// Whether a certificate is a server's own (it carries a subjectAltName) rather than a CA's.
fn names_a_host(cert: &CertificateDer<'_>) -> bool {
    x509_parser::parse_x509_certificate(cert.as_ref())
        .ok()
        .and_then(|(_, c)| c.subject_alternative_name().ok().flatten().map(|_| ()))
        .is_some()
}

/// `2027-03-01` for a certificate time.
fn calendar_date(time: UnixTime) -> String {
    i64::try_from(time.as_secs())
        .ok()
        .and_then(|secs| chrono::DateTime::from_timestamp(secs, 0))
        .map(|t| t.format("%Y-%m-%d").to_string())
        .unwrap_or_else(|| "an unknown date".to_string())
}

impl TlsClient {
    pub fn new(trust: &CertificateTrust) -> Result<Self, String> {
        let provider = Arc::new(rustls::crypto::ring::default_provider());
        let builder = rustls::ClientConfig::builder_with_provider(provider.clone())
            .with_safe_default_protocol_versions()
            .map_err(|e| format!("TLS set-up: {e}"))?;
        let (config, expected_name) = match trust {
            CertificateTrust::Chain {
                extra_roots_pem,
                expected_name,
            } => {
                let anchors = match extra_roots_pem {
                    Some(path) => read_trust_file(path)?,
                    None => Vec::new(),
                };
                let mut roots = rustls::RootCertStore::empty();
                roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                // A server's own certificate (it names a host) is trusted as itself only, never
                // as an issuer: whatever else its key signed stays untrusted.
                for cert in anchors.iter().filter(|c| !names_a_host(c)) {
                    roots
                        .add(cert.clone())
                        .map_err(|e| format!("POSTERN_TLS_CA: {e}"))?;
                }
                let chain = rustls::client::WebPkiServerVerifier::builder_with_provider(
                    Arc::new(roots),
                    provider.clone(),
                )
                .build()
                .map_err(|e| format!("TLS set-up: {e}"))?;
                let verifier = Arc::new(ChainOrAnchor {
                    chain,
                    anchors,
                    provider,
                });
                (
                    builder
                        .dangerous()
                        .with_custom_certificate_verifier(verifier)
                        .with_no_client_auth(),
                    expected_name.clone(),
                )
            }
            CertificateTrust::Pinned { sha256 } => {
                let verifier = Arc::new(PinnedCertificates {
                    pins: sha256.clone(),
                    provider,
                });
                (
                    builder
                        .dangerous()
                        .with_custom_certificate_verifier(verifier)
                        .with_no_client_auth(),
                    None,
                )
            }
            CertificateTrust::Insecure => {
                let verifier = Arc::new(AnyCertificate { provider });
                (
                    builder
                        .dangerous()
                        .with_custom_certificate_verifier(verifier)
                        .with_no_client_auth(),
                    None,
                )
            }
        };
        if let Some(name) = &expected_name {
            ServerName::try_from(name.clone())
                .map_err(|_| format!("POSTERN_TLS_SERVER_NAME: {name:?} is not a host name"))?;
        }
        Ok(TlsClient {
            connector: TlsConnector::from(Arc::new(config)),
            expected_name,
            trust: trust.clone(),
        })
    }

    /// What the certificate must show when connecting to `host`, in words for messages.
    pub fn expectation_for(&self, host: &str) -> String {
        match &self.trust {
            CertificateTrust::Pinned { .. } => "a pinned certificate".to_string(),
            CertificateTrust::Insecure => "any certificate".to_string(),
            CertificateTrust::Chain { .. } => self
                .expected_name
                .clone()
                .unwrap_or_else(|| host.to_string()),
        }
    }

    /// The name verified (and sent as SNI): the configured one, else the host dialled.
    pub fn server_name_for(&self, host: &str) -> Result<ServerName<'static>, TlsError> {
        let name = self.expected_name.as_deref().unwrap_or(host);
        ServerName::try_from(name.to_string()).map_err(|_| TlsError::BadName(name.to_string()))
    }

    /// Why a certificate was refused, from the handshake's error.
    fn rejection(&self, host: &str, detail: &CertificateError) -> TlsError {
        let expected = self.expectation_for(host);
        let reason = match (detail, &self.trust) {
            (CertificateError::ExpiredContext { not_after, .. }, _) => Rejection::Expired {
                on: calendar_date(*not_after),
            },
            (CertificateError::NotValidYetContext { not_before, .. }, _) => {
                Rejection::NotYetValid {
                    from: calendar_date(*not_before),
                }
            }
            (_, CertificateTrust::Pinned { .. }) => Rejection::NotPinned,
            _ => Rejection::Untrusted,
        };
        TlsError::CertificateRejected {
            expected,
            reason,
            detail: detail.to_string(),
        }
    }

    pub async fn connect(
        &self,
        host: &str,
        tcp: TcpStream,
    ) -> Result<TlsStream<TcpStream>, TlsError> {
        let name = self.server_name_for(host)?;
        self.connector.connect(name, tcp).await.map_err(|error| {
            let rustls_error = error
                .get_ref()
                .and_then(|e| e.downcast_ref::<rustls::Error>());
            match rustls_error {
                Some(rustls::Error::InvalidCertificate(detail)) => self.rejection(host, detail),
                _ => TlsError::Handshake(error),
            }
        })
    }
}

/// SHA-256 of a certificate in the usual colon form, for logs and for operators to pin.
pub fn fingerprint(cert: &CertificateDer<'_>) -> String {
    Sha256::digest(cert.as_ref())
        .iter()
        .map(|b| format!("{b:02X}"))
        .collect::<Vec<_>>()
        .join(":")
}

/// The handshake-signature half of a certificate verifier, the same for every rule here: the
/// server must prove it holds the key of the certificate it sent, checked with the provider's
/// algorithms (`self.provider`).
macro_rules! handshake_signatures {
    () => {
        fn verify_tls12_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            verify_tls12_signature(
                message,
                cert,
                dss,
                &self.provider.signature_verification_algorithms,
            )
        }

        fn verify_tls13_signature(
            &self,
            message: &[u8],
            cert: &CertificateDer<'_>,
            dss: &DigitallySignedStruct,
        ) -> Result<HandshakeSignatureValid, rustls::Error> {
            verify_tls13_signature(
                message,
                cert,
                dss,
                &self.provider.signature_verification_algorithms,
            )
        }

        fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
            self.provider
                .signature_verification_algorithms
                .supported_schemes()
        }
    };
}

/// The usual check (a chain to a trusted root, issued for the expected name, within its dates),
/// plus the hosting case webpki alone refuses: a server certificate that is byte for byte one of
/// the certificates in `POSTERN_TLS_CA` — a self-signed certificate, which `openssl req -x509`
/// marks `CA:TRUE` — is accepted as its own anchor once its name and dates are right.
#[derive(Debug)]
struct ChainOrAnchor {
    chain: Arc<rustls::client::WebPkiServerVerifier>,
    anchors: Vec<CertificateDer<'static>>,
    provider: Arc<CryptoProvider>,
}

impl ChainOrAnchor {
    fn verify_anchor(
        end_entity: &CertificateDer<'_>,
        server_name: &ServerName<'_>,
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
        rustls::client::verify_server_name(&parsed, server_name)?;
        let (_, cert) = x509_parser::parse_x509_certificate(end_entity.as_ref())
            .map_err(|_| rustls::Error::InvalidCertificate(CertificateError::BadEncoding))?;
        let validity = cert.validity();
        let at = |t: &x509_parser::time::ASN1Time| {
            UnixTime::since_unix_epoch(std::time::Duration::from_secs(
                u64::try_from(t.timestamp()).unwrap_or(0),
            ))
        };
        let (not_before, not_after) = (at(&validity.not_before), at(&validity.not_after));
        if now.as_secs() > not_after.as_secs() {
            return Err(rustls::Error::InvalidCertificate(
                CertificateError::ExpiredContext {
                    time: now,
                    not_after,
                },
            ));
        }
        if now.as_secs() < not_before.as_secs() {
            return Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidYetContext {
                    time: now,
                    not_before,
                },
            ));
        }
        Ok(ServerCertVerified::assertion())
    }
}

impl ServerCertVerifier for ChainOrAnchor {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp_response: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        if self
            .anchors
            .iter()
            .any(|anchor| anchor.as_ref() == end_entity.as_ref())
        {
            return Self::verify_anchor(end_entity, server_name, now).inspect_err(|_| {
                tracing::warn!(fingerprint = %fingerprint(end_entity), "configured server certificate refused");
            });
        }
        self.chain
            .verify_server_cert(end_entity, intermediates, server_name, ocsp_response, now)
            .inspect_err(|_| {
                tracing::warn!(fingerprint = %fingerprint(end_entity), "server certificate refused");
            })
    }

    handshake_signatures!();
}

/// Accepts exactly the pinned certificates; the handshake signature is still verified, so the
/// server must hold the pinned certificate's key.
#[derive(Debug)]
struct PinnedCertificates {
    pins: Vec<[u8; 32]>,
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for PinnedCertificates {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let digest = Sha256::digest(end_entity.as_ref());
        if self.pins.iter().any(|pin| pin[..] == digest[..]) {
            Ok(ServerCertVerified::assertion())
        } else {
            tracing::warn!(fingerprint = %fingerprint(end_entity), "server certificate is not pinned");
            Err(rustls::Error::InvalidCertificate(
                CertificateError::ApplicationVerificationFailure,
            ))
        }
    }

    handshake_signatures!();
}

/// `POSTERN_TLS_INSECURE=true`: any certificate. Encrypts, authenticates nobody.
#[derive(Debug)]
struct AnyCertificate {
    provider: Arc<CryptoProvider>,
}

impl ServerCertVerifier for AnyCertificate {
    fn verify_server_cert(
        &self,
        _end_entity: &CertificateDer<'_>,
        _intermediates: &[CertificateDer<'_>],
        _server_name: &ServerName<'_>,
        _ocsp_response: &[u8],
        _now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        Ok(ServerCertVerified::assertion())
    }

    handshake_signatures!();
}
