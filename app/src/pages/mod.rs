//! One module per route.

mod compose;
mod login;
mod mail;
mod message;
mod not_found;
mod rules;
mod settings;

pub use compose::ComposePage;
pub use login::LoginPage;
pub use mail::MailPage;
pub use message::MessagePage;
pub use not_found::NotFoundPage;
pub use rules::RulesPage;
pub use settings::SettingsPage;
