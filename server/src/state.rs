//! What every handler may need: settings, the IMAP connection pool, TLS rules, submission,
//! cookie names and the login throttle. Built once by `startup`.

use std::sync::Arc;

use axum::extract::FromRef;
use leptos::prelude::LeptosOptions;

use crate::account::Submission;
use crate::config::Settings;
use crate::imap::ConnectionPool;
use crate::session::CookieNames;
use crate::throttle::LoginThrottle;
use crate::tls::TlsClient;

#[derive(Clone)]
pub struct AppState {
    pub leptos_options: LeptosOptions,
    pub settings: Arc<Settings>,
    pub pool: Arc<ConnectionPool>,
    /// Each session's watch for live mail (one more IMAP connection while a page listens).
    pub live: Arc<crate::imap::live::Live>,
    pub tls: TlsClient,
    /// Where the accounts submit mail.
    pub submission: Arc<Submission>,
    /// Where vacation replies and filters are managed; `None` where not offered.
    pub sieve: Option<Arc<crate::sieve::ManageSieve>>,
    /// Each compose form's one-time token: a message goes out at most once per form.
    pub send_tokens: Arc<crate::send_tokens::SendTokens>,
    /// Compose forms posted after their session ended, waiting for a login.
    pub carried: Arc<crate::carried::CarriedForms>,
    /// How many forms one client address may leave for a login (an hour).
    pub carry_limit: Arc<LoginThrottle>,
    pub cookies: CookieNames,
    pub throttle: Arc<LoginThrottle>,
    /// The shared store, when sessions are kept in Redis (for `/readyz`).
    pub redis: Option<crate::shared::Redis>,
}

impl FromRef<AppState> for LeptosOptions {
    fn from_ref(state: &AppState) -> Self {
        state.leptos_options.clone()
    }
}
