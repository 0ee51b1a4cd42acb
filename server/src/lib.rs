//! Postern's server: the adapters behind the app's port.
//!
//! `config` reads the settings; `tls` decides which certificates are trusted; `imap` talks to
//! the mail store (one connection per session, reused); `session` keeps who is logged in
//! without keeping a readable password; `routes` and `security` are the HTTP side; `startup`
//! puts them together.

#![recursion_limit = "256"]

pub mod account;
pub mod compose;
pub mod config;
pub mod imap;
pub mod mime;
pub mod net;
pub mod routes;
pub mod security;
pub mod session;
pub mod smtp;
pub mod startup;
pub mod throttle;
pub mod tls;
pub mod upstream;
