use leptos::prelude::*;

use crate::error::AppError;
use crate::model::SettingsPage;

/// The settings page: the form kept from a save that did not go through if there is one, else
/// the settings as the mail server keeps them now.
#[server(endpoint = "fetch_settings")]
pub async fn fetch_settings() -> Result<SettingsPage, AppError> {
    let request = crate::port::request_context().await?;
    let account = request.account.ok_or(AppError::NotLoggedIn)?;
    let (settings, store) = account.load_settings().await?;
    // A kept form of another account (a shared browser) is not shown.
    let kept = request
        .settings_form
        .filter(|kept| kept.address.eq_ignore_ascii_case(account.address()));
    let mut page = match kept {
        Some(kept) => SettingsPage { store, ..kept },
        None => SettingsPage {
            settings,
            store,
            ..SettingsPage::default()
        },
    };
    page.address = account.address().to_string();
    page.default_page_size = account.default_page_size();
    page.extra_from = account.extra_from();
    page.address_book = account.address_book().await?;
    if page.notice.is_none() {
        page.notice = request.notice;
    }
    Ok(page)
}
