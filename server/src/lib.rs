//! Postern's server: the adapters behind the app's port.
//!
//! `account` answers the port (`postern_app::port::MailAccount`) with `imap` (the mail store,
//! one connection per session, reused) and `smtp` (submission); `compose` is the sending flow
//! over the port; `mime` reads and writes mail formats; `config` reads the settings; `tls` and
//! `net` decide which servers and certificates are trusted; `session` keeps who is logged in
//! without keeping a readable password; `routes` and `security` are the HTTP side; `state` and
//! `startup` put them together.

#![recursion_limit = "256"]

pub mod account;
pub mod carried;
pub mod compose;
pub mod config;
pub mod imap;
pub mod metrics;
pub mod mime;
pub mod net;
pub mod routes;
pub mod security;
pub mod send_tokens;
pub mod session;
pub mod shared;
pub mod sieve;
pub mod smtp;
pub mod startup;
pub mod state;
pub mod throttle;
pub mod tls;
pub mod upstream;
