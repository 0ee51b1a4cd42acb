//! Server functions: thin public endpoints. Each checks the session, calls the mail backend
//! through the port, and returns an [`AppError`](crate::error::AppError) a person can read.

mod auth;
mod folders;

pub use auth::fetch_login_form;
pub use folders::fetch_mail_home;
