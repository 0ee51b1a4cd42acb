use leptos::prelude::*;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main id="main" class="centered">
            <h1>"Page not found"</h1>
            <p>
                <a href="/mail">"Go to your Inbox"</a>
            </p>
        </main>
    }
}
