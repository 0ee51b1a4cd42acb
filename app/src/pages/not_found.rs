use leptos::prelude::*;

use crate::i18n::t;

#[component]
pub fn NotFoundPage() -> impl IntoView {
    #[cfg(feature = "ssr")]
    if let Some(response) = use_context::<leptos_axum::ResponseOptions>() {
        response.set_status(axum::http::StatusCode::NOT_FOUND);
    }
    view! {
        <main id="main" class="centered">
            <h1>{t("not-found-title")}</h1>
            <p>
                <a href="/mail">{t("not-found-inbox")}</a>
            </p>
        </main>
    }
}
