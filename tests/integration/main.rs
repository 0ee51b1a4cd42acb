//! Postern against a real Dovecot (and Postfix): login, sessions, certificates, folders.
//! Each test starts its own mail stack, so tests are independent and may run in parallel.

mod cluster;
mod corpus;
mod faults;
mod hostile;
mod live;
mod login;
mod messages;
mod organise;
mod send;
mod servers;
mod session;
mod settings;
mod text_browser;
mod tls;
