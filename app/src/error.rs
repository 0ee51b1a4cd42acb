//! The one error type the user interface sees: each variant is something a person can act on,
//! worded for them. Internals (server replies, TLS details) go to the server log, never here.

use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, thiserror::Error)]
pub enum AppError {
    #[error("Use your full email address, for example name@example.com.")]
    NotFullAddress,
    #[error("This webmail does not serve addresses at {domain}.")]
    DomainNotServed { domain: String },
    #[error("Wrong email address or password.")]
    WrongCredentials,
    #[error("Cannot reach the mail server {host}. Please try again in a moment.")]
    ServerUnreachable { host: String },
    #[error("The mail server {host} did not answer in time. Please try again in a moment.")]
    Timeout { host: String },
    #[error(
        "The mail server's certificate was not accepted (expected {expected}). \
         Please tell the administrator of this webmail."
    )]
    CertificateRejected { expected: String },
    #[error(
        "The mail server's certificate expired on {date}. \
         Please tell the administrator of this webmail."
    )]
    CertificateExpired { date: String },
    #[error(
        "The mail server's certificate is not valid before {date}. \
         Please tell the administrator of this webmail."
    )]
    CertificateNotYetValid { date: String },
    #[error(
        "The mail server's certificate is not the one this webmail trusts (it may have been \
         replaced, for example after a server move). Please tell the administrator of this webmail."
    )]
    CertificateChanged,
    #[error(
        "Your mailbox has too many open connections right now (other devices or browser \
         windows). Log out there, or try again in a few minutes."
    )]
    MailboxBusy,
    #[error("Too many failed logins. Please try again in {minutes} minutes.")]
    TooManyAttempts { minutes: u32 },
    #[error("Your session has ended. Please log in again.")]
    NotLoggedIn,
    /// A form (move, flag, delete…) posted after the session ended: nothing was changed.
    #[error("Your session had ended, so that was not done. Please log in and try again.")]
    EndedBeforeAction,
    #[error("{}", folder_missing(name))]
    NoSuchFolder { name: String },
    #[error("This folder changed since the page was shown. Please reload it.")]
    FolderChanged,
    #[error("This message does not exist (any more). It may have been moved or deleted.")]
    NoSuchMessage,
    /// Input a person can correct (a folder name, say); the reason is already in words.
    #[error("{reason}")]
    Invalid { reason: String },
    /// Input a person can correct, said by the catalogue key `key`.
    #[error("{}", crate::i18n::translate(crate::i18n::Lang::En, key, &[]))]
    Said { key: String },
    /// Input a person can correct, said by a notice with arguments (worded in the page's
    /// language when shown; English in the log).
    #[error("{}", .0.words())]
    Told(Box<crate::model::Notice>),
    #[error("The mail server refused: {reason}")]
    ServerRefused { reason: String },
    #[error("Something went wrong on the server. Please try again.")]
    Internal,
    /// A part of the webmail itself (its session store) cannot be reached right now.
    #[error("The webmail is temporarily unavailable. Please try again in a minute.")]
    Unavailable,
    #[error("The request did not reach the server: {0}")]
    Transport(String),
}

impl FromServerFnError for AppError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        AppError::Transport(value.to_string())
    }
}

/// "The folder "Reisen" does not exist (any more).", or without a name when none is known.
fn folder_missing(name: &str) -> String {
    if name.is_empty() {
        "That folder does not exist (any more).".to_string()
    } else {
        format!("The folder \"{name}\" does not exist (any more).")
    }
}

impl AppError {
    /// Input a person can correct, in the words of catalogue key `key`.
    pub fn said(key: &str) -> Self {
        AppError::Said {
            key: key.to_string(),
        }
    }

    /// The error in the words of the page's language (`Display` gives the English ones, for
    /// the log and for notices kept as text).
    pub fn message(&self) -> String {
        use crate::i18n::{t, t_with};
        let one = |key: &str, name: &str, value: &str| t_with(key, &[(name, value.to_string())]);
        match self {
            AppError::NotFullAddress => t("error-not-full-address"),
            AppError::DomainNotServed { domain } => {
                one("error-domain-not-served", "domain", domain)
            }
            AppError::WrongCredentials => t("error-wrong-credentials"),
            AppError::ServerUnreachable { host } => one("error-server-unreachable", "host", host),
            AppError::Timeout { host } => one("error-timeout", "host", host),
            AppError::CertificateRejected { expected } => {
                one("error-certificate-rejected", "expected", expected)
            }
            AppError::CertificateExpired { date } => one("error-certificate-expired", "date", date),
            AppError::CertificateNotYetValid { date } => {
                one("error-certificate-not-yet-valid", "date", date)
            }
            AppError::CertificateChanged => t("error-certificate-changed"),
            AppError::MailboxBusy => t("error-mailbox-busy"),
            AppError::TooManyAttempts { minutes } => {
                one("error-too-many-attempts", "minutes", &minutes.to_string())
            }
            AppError::NotLoggedIn => t("error-not-logged-in"),
            AppError::EndedBeforeAction => t("error-ended-before-action"),
            AppError::NoSuchFolder { name } if name.is_empty() => t("error-folder-missing-unnamed"),
            AppError::NoSuchFolder { name } => one("error-folder-missing", "name", name),
            AppError::FolderChanged => t("error-folder-changed"),
            AppError::NoSuchMessage => t("error-no-such-message"),
            // Already in words (the server's or a check's).
            AppError::Invalid { reason } => reason.clone(),
            AppError::Said { key } => t(key),
            AppError::Told(notice) => notice.words(),
            AppError::ServerRefused { reason } => one("error-server-refused", "reason", reason),
            AppError::Internal => t("error-internal"),
            AppError::Unavailable => t("error-unavailable"),
            AppError::Transport(reason) => one("error-transport", "reason", reason),
        }
    }
}
