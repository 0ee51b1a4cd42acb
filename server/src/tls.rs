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
    CertificateRejected { expected: String, detail: String },
    #[error("TLS handshake failed: {0}")]
    Handshake(std::io::Error),
    #[error("{0:?} is not a valid TLS server name")]
    BadName(String),
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
                let mut roots = rustls::RootCertStore::empty();
                roots.extend(webpki_roots::TLS_SERVER_ROOTS.iter().cloned());
                if let Some(path) = extra_roots_pem {
                    let mut added = 0;
                    for cert in CertificateDer::pem_file_iter(path).map_err(|e| {
                        format!("POSTERN_TLS_CA: cannot read {}: {e}", path.display())
                    })? {
                        let cert =
                            cert.map_err(|e| format!("POSTERN_TLS_CA: {}: {e}", path.display()))?;
                        roots
                            .add(cert)
                            .map_err(|e| format!("POSTERN_TLS_CA: {}: {e}", path.display()))?;
                        added += 1;
                    }
                    if added == 0 {
                        return Err(format!(
                            "POSTERN_TLS_CA: {} holds no certificate",
                            path.display()
                        ));
                    }
                }
                (
                    builder.with_root_certificates(roots).with_no_client_auth(),
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
                Some(rustls::Error::InvalidCertificate(detail)) => TlsError::CertificateRejected {
                    expected: self.expectation_for(host),
                    detail: detail.to_string(),
                },
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
}
