//! Who is logged in, kept so that a copy of the session store reveals no password.
//!
//! Postern must keep the password to reconnect to IMAP. It is stored only sealed (ChaCha20-
//! Poly1305) under a random per-session key that lives in the person's browser alone, in its own
//! cookie (split key). The address is bound into the seal, so a sealed password cannot be moved
//! to another session's record.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chacha20poly1305::aead::{Aead, KeyInit, Payload};
use chacha20poly1305::{ChaCha20Poly1305, Key, Nonce};
use rand::RngCore;
use serde::{Deserialize, Serialize};
use zeroize::Zeroizing;

/// Session record keys.
pub const ACCOUNT: &str = "account";
pub const LOGIN_FORM: &str = "login_form";
/// A one-time message for the next page ("Moved to Trash.").
pub const NOTICE: &str = "notice";
/// A compose form that could not be sent, shown once more with the reason.
pub const COMPOSE: &str = "compose";

/// What the session store holds for a logged-in person.
#[derive(Clone, Serialize, Deserialize)]
pub struct StoredAccount {
    pub address: String,
    /// Names this session's slot in the IMAP connection pool.
    pub connection_id: String,
    pub sealed_password: SealedPassword,
    /// The person's settings as read from their mail server at login (and after each save):
    /// read once per session. `None`: not read (the server could not be asked then).
    #[serde(default)]
    pub settings: Option<postern_app::model::Settings>,
}

/// A password sealed under a [`SessionKey`].
#[derive(Clone, Serialize, Deserialize)]
pub struct SealedPassword {
    nonce: String,
    ciphertext: String,
}

/// The browser's half: 32 random bytes, only ever in the key cookie and in memory.
#[derive(Clone)]
pub struct SessionKey(Zeroizing<[u8; 32]>);

#[derive(Debug, thiserror::Error)]
#[error("the sealed password cannot be opened with this key")]
pub struct OpenError;

impl SessionKey {
    pub fn generate() -> Self {
        let mut key = Zeroizing::new([0u8; 32]);
        rand::rngs::OsRng.fill_bytes(key.as_mut());
        SessionKey(key)
    }

    pub fn to_cookie_value(&self) -> String {
        URL_SAFE_NO_PAD.encode(self.0.as_ref())
    }

    pub fn from_cookie_value(value: &str) -> Option<Self> {
        let bytes = Zeroizing::new(URL_SAFE_NO_PAD.decode(value.trim()).ok()?);
        let array: [u8; 32] = bytes.as_slice().try_into().ok()?;
        Some(SessionKey(Zeroizing::new(array)))
    }

    fn cipher(&self) -> ChaCha20Poly1305 {
        ChaCha20Poly1305::new(Key::from_slice(self.0.as_ref()))
    }
}

impl std::fmt::Debug for SessionKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SessionKey(<redacted>)")
    }
}

impl SealedPassword {
    pub fn seal(key: &SessionKey, address: &str, password: &str) -> Self {
        let mut nonce = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut nonce);
        let payload = Payload {
            msg: password.as_bytes(),
            aad: address.as_bytes(),
        };
        // Encryption with a valid key and nonce cannot fail for in-memory input.
        let ciphertext = key
            .cipher()
            .encrypt(Nonce::from_slice(&nonce), payload)
            .unwrap_or_default();
        SealedPassword {
            nonce: URL_SAFE_NO_PAD.encode(nonce),
            ciphertext: URL_SAFE_NO_PAD.encode(ciphertext),
        }
    }

    pub fn open(&self, key: &SessionKey, address: &str) -> Result<Zeroizing<String>, OpenError> {
        let nonce = URL_SAFE_NO_PAD.decode(&self.nonce).map_err(|_| OpenError)?;
        let ciphertext = URL_SAFE_NO_PAD
            .decode(&self.ciphertext)
            .map_err(|_| OpenError)?;
        if nonce.len() != 12 {
            return Err(OpenError);
        }
        let payload = Payload {
            msg: &ciphertext,
            aad: address.as_bytes(),
        };
        let clear = Zeroizing::new(
            key.cipher()
                .decrypt(Nonce::from_slice(&nonce), payload)
                .map_err(|_| OpenError)?,
        );
        let text = std::str::from_utf8(&clear).map_err(|_| OpenError)?;
        Ok(Zeroizing::new(text.to_string()))
    }
}

/// A random identifier (128 bits, URL-safe).
pub fn random_id() -> String {
    let mut bytes = [0u8; 16];
    rand::rngs::OsRng.fill_bytes(&mut bytes);
    URL_SAFE_NO_PAD.encode(bytes)
}

/// Cookie names: `__Host-` prefixed over https, where browsers enforce Secure, Path=/ and no
/// Domain for them.
#[derive(Clone, Debug)]
pub struct CookieNames {
    pub session: &'static str,
    pub key: &'static str,
    /// Reads back a compose form posted after its session ended (`crate::carried`).
    pub carry: &'static str,
    pub secure: bool,
}

impl CookieNames {
    pub fn new(https: bool) -> Self {
        if https {
            CookieNames {
                session: "__Host-postern_session",
                key: "__Host-postern_key",
                carry: "__Host-postern_carry",
                secure: true,
            }
        } else {
            CookieNames {
                session: "postern_session",
                key: "postern_key",
                carry: "postern_carry",
                secure: false,
            }
        }
    }

    /// `Set-Cookie` for the key cookie; `None` clears it.
    pub fn key_cookie(&self, key: Option<&SessionKey>) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        match key {
            Some(key) => format!(
                "{}={}; Path=/; HttpOnly; SameSite=Lax{secure}",
                self.key,
                key.to_cookie_value()
            ),
            None => format!(
                "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
                self.key
            ),
        }
    }

    /// The key cookie of a request, if it is well-formed.
    pub fn key_from(&self, headers: &axum::http::HeaderMap) -> Option<SessionKey> {
        cookie(headers, self.key).and_then(|value| SessionKey::from_cookie_value(&value))
    }

    /// `Set-Cookie` for the carry cookie (an hour); `None` clears it.
    pub fn carry_cookie(&self, value: Option<&str>) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        let max_age = crate::carried::KEEP.as_secs();
        match value {
            Some(value) => format!(
                "{}={value}; Path=/; HttpOnly; SameSite=Lax; Max-Age={max_age}{secure}",
                self.carry
            ),
            None => format!(
                "{}=; Path=/; HttpOnly; SameSite=Lax; Max-Age=0{secure}",
                self.carry
            ),
        }
    }

    /// The carry cookie of a request.
    pub fn carry_from(&self, headers: &axum::http::HeaderMap) -> Option<String> {
        cookie(headers, self.carry).filter(|value| !value.is_empty())
    }
}

/// The value of the cookie `name` in a request.
fn cookie(headers: &axum::http::HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(axum::http::header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(found, _)| *found == name)
        .map(|(_, value)| value.trim().to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sealed_password_opens_only_with_its_key_and_address() {
        let key = SessionKey::generate();
        let sealed = SealedPassword::seal(&key, "a@example.org", "sp ace\"q%&+é");
        assert_eq!(
            sealed.open(&key, "a@example.org").unwrap().as_str(),
            "sp ace\"q%&+é"
        );
        assert!(
            sealed
                .open(&SessionKey::generate(), "a@example.org")
                .is_err()
        );
        assert!(sealed.open(&key, "b@example.org").is_err());
        let stored = serde_json::to_string(&sealed).unwrap();
        assert!(!stored.contains("sp ace"));
    }

    #[test]
    fn key_cookie_round_trip() {
        let names = CookieNames::new(false);
        let key = SessionKey::generate();
        let mut headers = axum::http::HeaderMap::new();
        let cookie = format!("other=1; {}={}", names.key, key.to_cookie_value());
        headers.insert(axum::http::header::COOKIE, cookie.parse().unwrap());
        let read = names.key_from(&headers).unwrap();
        assert_eq!(read.to_cookie_value(), key.to_cookie_value());
        assert!(
            CookieNames::new(true)
                .key_cookie(Some(&key))
                .contains("Secure")
        );
        assert!(format!("{read:?}").contains("redacted"));
    }
}
