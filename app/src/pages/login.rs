use leptos::prelude::*;

use crate::components::{LanguageChooser, PageTitle};
use crate::i18n::t;

use crate::api::fetch_login_form;

/// Full email address + password, posted as a plain form to `/login`: works with JavaScript off.
#[component]
pub fn LoginPage() -> impl IntoView {
    let state = Resource::new_blocking(|| (), |_| fetch_login_form());
    view! {
        <PageTitle text=t("login-title") />
        <main id="main" class="centered">
            <form class="login" method="post" action="/login" data-testid="login-form">
                <h1>"Postern"</h1>
                <p class="tagline">{t("login-tagline")}</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let state = state.await.unwrap_or_default();
                        view! {
                            {state.resume.then(|| view! {
                                <p class="notice" role="status" data-testid="login-resume">
                                    {t("login-resume")}
                                </p>
                            })}
                            {state
                                .error
                                .map(|error| {
                                    view! {
                                        <p class="error" role="alert" data-testid="login-error">
                                            {error.message()}
                                        </p>
                                    }
                                })}
                            <label for="login-email">{t("login-email")}</label>
                            // type=text, not email: the server explains a missing @domain in
                            // its own words instead of a browser tooltip.
                            <input
                                id="login-email"
                                type="text"
                                inputmode="email"
                                name="email"
                                autocomplete="username"
                                autocapitalize="off"
                                spellcheck="false"
                                required
                                placeholder="name@example.com"
                                value=state.email
                                data-testid="login-email"
                            />
                            <label for="login-password">{t("login-password")}</label>
                            <input
                                id="login-password"
                                type="password"
                                name="password"
                                autocomplete="current-password"
                                required
                                data-testid="login-password"
                            />
                            <button type="submit" data-testid="login-submit">
                                {t("login-submit")}
                            </button>
                        }
                    })}
                </Suspense>
            </form>
            <LanguageChooser back="/login".to_string() />
        </main>
    }
}
