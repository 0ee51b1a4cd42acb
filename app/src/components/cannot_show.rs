use leptos::prelude::*;

use crate::error::AppError;
use crate::i18n::t;

/// A page that cannot show what it was asked for: its heading (catalogue key), why, and the
/// way on — the login page when the session has ended, else `back` (a path, a catalogue key).
#[component]
pub fn CannotShow(
    title: &'static str,
    error: AppError,
    back: (&'static str, &'static str),
) -> impl IntoView {
    let (href, label) = match error {
        AppError::NotLoggedIn => ("/login", "login-submit"),
        _ => back,
    };
    view! {
        <main id="main" class="centered">
            <h1>{t(title)}</h1>
            <p class="error" role="alert" data-testid="mail-error">{error.message()}</p>
            <a href=href>{t(label)}</a>
        </main>
    }
}
