use leptos::prelude::*;

use crate::api::fetch_settings;
use crate::components::{AccountBar, CannotShow, Notice, PageTitle, group, textarea_text};
use crate::i18n::{Lang, t, t_with};
use crate::model::{PAGE_SIZES, SettingsPage, SettingsStore, SortKey};

/// `/settings`: the person's own settings — who they are when they write, how lists are shown
/// — as one plain form (`POST /settings`), kept on their mail server.
#[component]
pub fn SettingsPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| fetch_settings());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <SettingsLayout page /> }.into_any(),
                    Err(error) => view! {
                        <CannotShow title="settings-cannot-show" error back=("/mail", "mail-back-to-inbox") />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn SettingsLayout(page: SettingsPage) -> impl IntoView {
    let field_error = |field: &str| {
        page.field_error(field).map(|notice| {
            view! {
                <p class="field-error" role="alert" data-testid=format!("settings-error-{field}")>
                    {notice.words()}
                </p>
            }
        })
    };
    let errors = (
        field_error("display_name"),
        field_error("reply_to"),
        field_error("signature"),
        field_error("page_size"),
        field_error("language"),
        field_error("remote_images"),
        field_error("identities"),
    );
    let SettingsPage {
        address,
        settings,
        store,
        default_page_size,
        notice,
        extra_from,
        address_book,
        ..
    } = page;
    let not_kept = store == SettingsStore::NotOffered;
    let page_size = settings.page_size;
    let sort = settings.sort;
    let language = settings.language.clone().unwrap_or_default();
    let remote = settings.remote_images.join("\n");
    let identities: Vec<String> = settings.identities.iter().map(|i| i.display()).collect();
    let identities = identities.join("\n");
    let identities_error = errors.6;
    // Other From addresses only where the operator allows some (else the field would only
    // ever be refused).
    let other_addresses = (!extra_from.is_empty()).then(|| {
        view! {
            <label class="body">
                {t("settings-identities-list")}
                <textarea name="identities" rows="3" data-testid="identity-addresses">{textarea_text(identities)}</textarea>
            </label>
            <p class="hint" data-testid="identity-rule">
                {t_with("settings-identities-hint", &[("patterns", extra_from.join(", "))])}
            </p>
            {identities_error}
        }
    });
    view! {
        <PageTitle text=format!("{} · Postern", t("settings-title")) />
        <div class="mail settings-page">
            <AccountBar address=address.clone() />
            <nav class="folders" aria-label=t("account-folders")>
                <a class="back" href="/mail" data-testid="settings-back">{t("compose-back")}</a>
            </nav>
            <main id="main" class="compose settings" data-testid="settings">
                <h1>{t("settings-title")}</h1>
                <Notice notice=notice />
                <p><a href="/settings/rules" data-testid="settings-rules-link">{t("settings-rules-link")}</a></p>
                {not_kept.then(|| view! {
                    <p class="error" role="alert" data-testid="settings-not-kept">{t("settings-not-kept")}</p>
                })}
                <form method="post" action="/settings" class="compose-form settings-form" data-testid="settings-form">
                    <fieldset>
                        <legend>{t("settings-identity")}</legend>
                        <p class="hint">{t_with("settings-identity-address", &[("address", address)])}</p>
                        <label>
                            {t("settings-display-name")}
                            <input type="text" name="display_name" value=settings.display_name
                                maxlength=crate::model::DISPLAY_NAME_MAX.to_string()
                                autocomplete="name" data-testid="identity-name" />
                        </label>
                        {errors.0}
                        <label>
                            {t("settings-reply-to")}
                            <input type="email" name="reply_to" value=settings.reply_to
                                autocomplete="email" data-testid="identity-reply-to" />
                        </label>
                        {errors.1}
                        <label class="body">
                            {t("settings-signature")}
                            <textarea name="signature" rows="5" data-testid="signature">{textarea_text(settings.signature)}</textarea>
                        </label>
                        <p class="hint">{t("settings-signature-hint")}</p>
                        {errors.2}
                        {other_addresses}
                    </fieldset>
                    <fieldset>
                        <legend>{t("settings-lists")}</legend>
                        <label>
                            {t("settings-page-size")}
                            <select name="page_size" data-testid="settings-page-size">
                                <option value="" selected=page_size.is_none()>
                                    {t_with("settings-page-size-default", &[("count", group(default_page_size))])}
                                </option>
                                {PAGE_SIZES.into_iter().map(|n| view! {
                                    <option value=n.to_string() selected=page_size == Some(n)>{group(n)}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        {errors.3}
                        <label>
                            {t("settings-sort")}
                            <select name="sort" data-testid="settings-sort">
                                {SortKey::ALL.into_iter().map(|key| view! {
                                    <option value=key.param() selected=sort.unwrap_or_default() == key>
                                        {t_with("sort-key", &[("key", key.param().to_string())])}
                                    </option>
                                }).collect_view()}
                            </select>
                        </label>
                        <label>
                            {t("settings-language")}
                            <select name="language" data-testid="settings-language">
                                <option value="" selected=language.is_empty()>{t("settings-language-browser")}</option>
                                {Lang::ALL.into_iter().map(|lang| view! {
                                    <option value=lang.code() lang=lang.code() selected=language == lang.code()>{lang.name()}</option>
                                }).collect_view()}
                            </select>
                        </label>
                        {errors.4}
                    </fieldset>
                    <fieldset>
                        <legend>{t("settings-remote-images")}</legend>
                        <label class="body">
                            {t("settings-remote-images-list")}
                            <textarea name="remote_images" rows="4" data-testid="settings-remote-images">{textarea_text(remote)}</textarea>
                        </label>
                        <p class="hint">{t("settings-remote-images-hint")}</p>
                        {errors.5}
                    </fieldset>
                    <div class="compose-actions">
                        <button type="submit" class="primary" data-testid="settings-save" disabled=not_kept>
                            {t("settings-save")}
                        </button>
                    </div>
                </form>
                <form method="post" action="/settings/addresses" class="compose-form settings-form" data-testid="address-book-form">
                    <fieldset>
                        <legend>{t("settings-address-book")}</legend>
                        <p class="hint">{t("settings-address-book-hint")}</p>
                        {if address_book.is_empty() {
                            view! { <p data-testid="address-book-empty">{t("settings-address-book-empty")}</p> }.into_any()
                        } else {
                            view! {
                                <ul class="address-book" data-testid="address-book-list">
                                    {address_book.into_iter().map(|a| view! {
                                        <li data-testid="address-book-entry" data-address=a.address.clone()>
                                            <label>
                                                <input type="checkbox" name="forget" value=a.address.clone() />
                                                <span>{a.display()}</span>
                                            </label>
                                        </li>
                                    }).collect_view()}
                                </ul>
                                <div class="compose-actions">
                                    <button type="submit" data-testid="address-forget">{t("settings-address-forget")}</button>
                                </div>
                            }.into_any()
                        }}
                    </fieldset>
                </form>
            </main>
        </div>
    }
}
