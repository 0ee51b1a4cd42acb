use leptos::prelude::*;

use crate::error::AppError;
use crate::model::RulesPage;

/// The rules page: the form kept from a save that did not go through if there is one, else the
/// rules as the mail server runs them, and the folders a filter can move into.
#[server(endpoint = "fetch_rules")]
pub async fn fetch_rules() -> Result<RulesPage, AppError> {
    let request = crate::port::request_context().await?;
    let account = request.account.ok_or(AppError::NotLoggedIn)?;
    let (rules, foreign, store) = account.load_rules().await?;
    let folders = account
        .folders()
        .await?
        .iter()
        .filter(|f| f.selectable)
        .map(|f| (f.name.clone(), f.indented_label()))
        .collect();
    // A kept form of another account (a shared browser) is not shown.
    let kept = request
        .rules_form
        .filter(|kept| kept.address.eq_ignore_ascii_case(account.address()));
    let mut page = match kept {
        Some(kept) => RulesPage {
            foreign,
            store,
            ..kept
        },
        None => RulesPage {
            rules,
            foreign,
            store,
            ..RulesPage::default()
        },
    };
    page.address = account.address().to_string();
    page.folders = folders;
    if page.notice.is_none() {
        page.notice = request.notice;
    }
    Ok(page)
}
