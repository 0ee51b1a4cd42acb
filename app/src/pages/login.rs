use leptos::prelude::*;

use crate::components::PageTitle;

use crate::api::fetch_login_form;

/// Full email address + password, posted as a plain form to `/login`: works with JavaScript off.
#[component]
pub fn LoginPage() -> impl IntoView {
    let state = Resource::new_blocking(|| (), |_| fetch_login_form());
    view! {
        <PageTitle text="Log in · Postern" />
        <main id="main" class="centered">
            <form class="login" method="post" action="/login" data-testid="login-form">
                <h1>"Postern"</h1>
                <p class="tagline">"Your mail, from any browser."</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let state = state.await.unwrap_or_default();
                        view! {
                            {state.resume.then(|| view! {
                                <p class="notice" role="status" data-testid="login-resume">
                                    "Your session ended before your message was sent. Log in \
                                     again to go back to it: everything you typed is kept."
                                </p>
                            })}
                            {state
                                .error
                                .map(|error| {
                                    view! {
                                        <p class="error" role="alert" data-testid="login-error">
                                            {error.to_string()}
                                        </p>
                                    }
                                })}
                            <label for="login-email">"Email address"</label>
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
                            <label for="login-password">"Password"</label>
                            <input
                                id="login-password"
                                type="password"
                                name="password"
                                autocomplete="current-password"
                                required
                                data-testid="login-password"
                            />
                            <button type="submit" data-testid="login-submit">
                                "Log in"
                            </button>
                        }
                    })}
                </Suspense>
            </form>
        </main>
    }
}
