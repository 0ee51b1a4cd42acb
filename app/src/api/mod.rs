//! Server functions: thin public endpoints. Each checks the session, calls the mail backend
//! through the port, and returns an [`AppError`](crate::error::AppError) a person can read.

mod auth;
mod compose;
mod folders;
mod messages;
mod rules;
mod settings;

pub use auth::fetch_login_form;
pub use compose::open_compose;
pub use folders::{fetch_mail_home, fetch_notice};
pub use messages::open_message;
pub use rules::fetch_rules;
pub use settings::fetch_settings;
