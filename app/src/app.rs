//! The HTML shell and the router: which page answers which path.

use leptos::prelude::*;
use leptos_meta::{MetaTags, provide_meta_context};
use leptos_router::{
    SsrMode,
    components::{Route, Router, Routes},
    path,
};

use crate::components::{HydrationMark, PageTitle};
use crate::pages::{
    ComposePage, LoginPage, MailPage, MessagePage, NotFoundPage, RulesPage, SettingsPage,
};

/// The document around every page. The islands' loader is the only script, and the pages are
/// complete without it: every action is a plain form. Assets come from `options.site_pkg_dir`,
/// a directory named after their content (`pkg/<hash>`), so a browser keeps them for good.
pub fn shell(options: LeptosOptions) -> impl IntoView {
    let stylesheet = format!("/{}/postern.css", options.site_pkg_dir);
    // The login page has nothing that needs a script (it is the first page of a bad day, often
    // on a phone): it loads no bundle at all.
    #[cfg(feature = "ssr")]
    let scripts = use_context::<axum::http::request::Parts>()
        .is_none_or(|parts| parts.uri.path() != "/login");
    #[cfg(not(feature = "ssr"))]
    let scripts = true;
    // The page's language, for every word of it (crate::i18n).
    #[cfg(feature = "ssr")]
    let lang = use_context::<axum::http::request::Parts>()
        .map(|parts| crate::i18n::request_lang(&parts.headers))
        .unwrap_or_default();
    #[cfg(not(feature = "ssr"))]
    let lang = crate::i18n::Lang::default();
    provide_context(lang);
    view! {
        <!DOCTYPE html>
        <html lang=lang.code()>
            <head>
                <meta charset="utf-8" />
                <meta name="viewport" content="width=device-width, initial-scale=1" />
                <link rel="icon" href="/favicon.ico" />
                <link rel="icon" href="/icon.svg" type="image/svg+xml" />
                <link rel="apple-touch-icon" href="/icon-192.png" />
                <link rel="manifest" href="/manifest.webmanifest" />
                <meta name="theme-color" media="(prefers-color-scheme: light)" content="#1d5fa8" />
                <meta name="theme-color" media="(prefers-color-scheme: dark)" content="#16181b" />
                <link rel="stylesheet" id="postern-style" href=stylesheet />
                {scripts.then(|| view! { <HydrationScripts options islands=true /> })}
                <MetaTags />
            </head>
            <body>
                <App />
            </body>
        </html>
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    // "false" in the server's HTML, "true" once the page's islands have come to life (the
    // last of them, `HydrationMark`, sets it): the browser tests use it to prove it happened.
    view! {
        <PageTitle text="Postern" />
        <div id="postern" data-hydrated="false">
            // The first thing a keyboard or a screen reader meets: straight to the page's content.
            <a class="skip-link" href="#main" data-testid="skip-link">{crate::i18n::t("skip-to-content")}</a>
            <Router>
            <Routes fallback=NotFoundPage>
                // Async: the page is sent once its data is ready, so it reads the same with
                // JavaScript off (no streamed fragments that only a script could put in place).
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async />
                <Route path=path!("/mail") view=MailPage ssr=SsrMode::Async />
                <Route path=path!("/mail/message") view=MessagePage ssr=SsrMode::Async />
                <Route path=path!("/mail/compose") view=ComposePage ssr=SsrMode::Async />
                <Route path=path!("/settings") view=SettingsPage ssr=SsrMode::Async />
                <Route path=path!("/settings/rules") view=RulesPage ssr=SsrMode::Async />
                </Routes>
            </Router>
            <HydrationMark />
        </div>
    }
}
