use leptos::prelude::*;

use crate::i18n::{Lang, t, use_lang};

/// The languages of the interface, each a link to `/language` (it sets the `postern_lang`
/// cookie and comes back to `back`): no script, and a text browser follows it like any link.
#[component]
pub fn LanguageChooser(
    /// Where to come back to; empty: the page being shown.
    back: String,
) -> impl IntoView {
    let current = use_lang();
    #[cfg(feature = "ssr")]
    let back = if back.is_empty() {
        use_context::<axum::http::request::Parts>()
            .and_then(|parts| parts.uri.path_and_query().map(|pq| pq.as_str().to_string()))
            .unwrap_or_else(|| "/mail".to_string())
    } else {
        back
    };
    let back = crate::url::encode_component(&back);
    view! {
        <details class="language" data-testid="language">
            <summary title=t("language")>
                <span class="visually-hidden">{t("language")} ": " {current.name()}</span>
                <span aria-hidden="true">{current.code().to_uppercase()}</span>
            </summary>
            <ul>
                {Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        let href = format!("/language?set={}&back={back}", lang.code());
                        view! {
                            <li>
                                <a
                                    href=href
                                    lang=lang.code()
                                    hreflang=lang.code()
                                    aria-current=(lang == current).then_some("true")
                                    data-testid=format!("language-{}", lang.code())
                                >
                                    {lang.name()}
                                </a>
                            </li>
                        }
                    })
                    .collect_view()}
            </ul>
        </details>
    }
}
