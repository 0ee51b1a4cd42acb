use leptos::prelude::*;

use super::{LanguageChooser, Shortcuts, ShortcutsHelp};
use crate::i18n::t;

/// Who is logged in, and the way out. Logout is a form POST so it works without JavaScript and
/// cannot be triggered by a link in a mail.
#[component]
pub fn AccountBar(
    address: String,
    /// The page has a folder list, which a phone keeps behind a "Folders" link (no script:
    /// the list is shown while it is the page's target, `#folders`).
    #[prop(optional)]
    folders: bool,
) -> impl IntoView {
    // A vacation reply that runs today is said on every page (as last set through Postern).
    #[cfg(feature = "ssr")]
    let away = use_context::<axum::http::request::Parts>()
        .and_then(|parts| {
            parts
                .extensions
                .get::<crate::port::RequestContext>()
                .cloned()
        })
        .and_then(|context| context.account)
        .is_some_and(|account| account.vacation_running());
    #[cfg(not(feature = "ssr"))]
    let away = false;
    view! {
        <header class="account-bar">
            <a class="brand" href="/mail">
                "Postern"
            </a>
            {folders.then(|| view! {
                <a class="folders-toggle" href="#folders" aria-controls="folders" data-testid="folders-toggle">
                    {t("account-folders")}
                </a>
            })}
            <a class="compose-new" href="/mail/compose" data-testid="compose-new">
                {t("account-compose")}
            </a>
            <span class="current-user" data-testid="current-user">
                {address}
            </span>
            <a class="settings-link" href="/settings" data-testid="settings-link">
                {t("account-settings")}
            </a>
            // The field is for text browsers: lynx sends a POST form without one as a GET.
            <form method="post" action="/logout">
                <input type="hidden" name="logout" value="1" />
                <button type="submit" data-testid="logout">
                    {t("account-logout")}
                </button>
            </form>
            <LanguageChooser back=String::new() />
            <ShortcutsHelp />
            <Shortcuts />
            {away.then(|| view! {
                <p class="vacation-banner" role="status" data-testid="vacation-banner">
                    {t("vacation-banner")} " "
                    <a href="/settings/rules" data-testid="vacation-banner-change">{t("vacation-banner-change")}</a>
                </p>
            })}
        </header>
    }
}
