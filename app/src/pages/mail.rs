use leptos::prelude::*;

use crate::components::group;
use crate::i18n::{t, t_with};
use leptos_router::hooks::use_query_map;

use crate::api::{fetch_mail_home, fetch_notice};
use crate::components::{
    AccountBar, ConfirmBox, FolderList, FolderManager, LiveMail, LiveWords, MessageList, Notice,
    PageTitle, Pager, QuotaBar, SearchForm, SortChooser,
};
use crate::error::AppError;
use crate::model::{FolderLabel, FolderName, MailHome, SortKey, Uid};

/// A folder of the logged-in account: `/mail?folder=<IMAP name>`, INBOX when none is given.
#[component]
pub fn MailPage() -> impl IntoView {
    let query = use_query_map();
    let folder = move || {
        query
            .with(|q| q.get("folder"))
            .filter(|f| !f.is_empty())
            .map(FolderName::new)
            .unwrap_or_else(FolderName::inbox)
    };
    let page = move || {
        query
            .with(|q| q.get("page"))
            .and_then(|p| p.parse::<u32>().ok())
            .unwrap_or(1)
    };
    let search = move || {
        query.with(|q| {
            q.get("q")
                .filter(|t| !t.trim().is_empty())
                .map(|t| (t, q.get("field").unwrap_or_default()))
        })
    };
    // No order named: the person's own (their settings), chosen by the server.
    let sort = move || {
        query
            .with(|q| q.get("sort"))
            .map(|p| SortKey::from_param(&p))
    };
    let home = Resource::new(
        move || (folder(), page(), sort(), search()),
        |(folder, page, sort, search)| fetch_mail_home(folder, page, sort, search),
    );
    let notice = Resource::new(|| (), |_| fetch_notice());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match home.await {
                    Ok(home) => {
                        let (confirm, all_selected, picked) = query.with(|q| {
                            let picked: Vec<Uid> = q
                                .get_all("uids")
                                .unwrap_or_default()
                                .iter()
                                .filter_map(|u| Uid::parse(u))
                                .collect();
                            (q.get("confirm"), q.get("select").as_deref() == Some("all"), picked)
                        });
                        view! { <MailLayout home confirm all_selected picked /> }.into_any()
                    }
                    Err(AppError::NotLoggedIn) => {
                        view! {
                            <main id="main" class="centered">
                                <h1>{t("mail-logged-out")}</h1>
                                <p data-testid="mail-error">{AppError::NotLoggedIn.message()}</p>
                                <a href="/login">{t("login-submit")}</a>
                            </main>
                        }
                            .into_any()
                    }
                    Err(error) => {
                        let notice = notice.await.ok().flatten();
                        view! {
                            <main id="main" class="centered">
                                <h1>{t("mail-cannot-show")}</h1>
                                <Notice notice=notice />
                                <p class="error" role="alert" data-testid="mail-error">
                                    {error.message()}
                                </p>
                                <a href="/mail">{t("mail-back-to-inbox")}</a>
                            </main>
                        }
                            .into_any()
                    }
                }
            })}
        </Suspense>
    }
}

#[component]
fn MailLayout(
    home: MailHome,
    /// `empty` (Empty Trash) or `purge` (the `picked` messages, for good): ask first.
    confirm: Option<String>,
    all_selected: bool,
    picked: Vec<Uid>,
) -> impl IntoView {
    let MailHome {
        address,
        folders,
        current,
        page,
        quota,
        trash,
        notice,
        search,
    } = home;
    let search_suffix = search
        .as_ref()
        .map(|(text, field)| {
            format!(
                "&q={}&field={}",
                crate::url::encode_component(text),
                crate::url::encode_component(field)
            )
        })
        .unwrap_or_default();
    // The wire name, for hidden fields and test attributes.
    let wire = current.name.as_str().to_string();
    let is_trash = trash.as_ref().is_some_and(|t| t.name == current.name);
    let in_drafts = folders
        .iter()
        .any(|f| f.name == current.name && f.special == Some(crate::model::SpecialUse::Drafts));
    let move_targets: Vec<(FolderName, FolderLabel)> = folders
        .iter()
        .filter(|f| f.selectable && f.name != current.name)
        .map(|f| (f.name.clone(), f.indented_label()))
        .collect();
    let confirm_purge = (confirm.as_deref() == Some("purge") && is_trash && !picked.is_empty()).then(|| {
        let count = picked.len();
        let question = t_with("confirm-purge", &[("n", count.to_string()), ("count", group(count as u32))]);
        let mut fields = vec![
            ("action", "purge".to_string()),
            ("folder", wire.clone()),
            (
                "v",
                page.uid_validity
                    .map(|v| v.to_string())
                    .unwrap_or_default(),
            ),
        ];
        fields.extend(picked.iter().map(|u| ("uids", u.to_string())));
        view! {
            <ConfirmBox question fields yes=t("confirm-purge-yes") cancel_href=crate::url::folder_page(&current.name) />
        }
    });
    let current_folder = folders.iter().find(|f| f.name == current.name).cloned();
    let confirm_delete_folder = (confirm.as_deref() == Some("delete-folder")
        && current_folder.as_ref().is_some_and(|f| !f.is_protected()))
    .then(|| {
        let question = t_with(
            "confirm-delete-folder",
            &[
                ("folder", current.label.to_string()),
                ("n", current.messages.to_string()),
                ("count", group(current.messages)),
            ],
        );
        view! {
            <ConfirmBox
                question
                fields=vec![("action", "folder-delete".to_string()), ("folder", wire.clone())]
                yes=t("confirm-delete-folder-yes")
                cancel_href=crate::url::folder_page(&current.name)
            />
        }
    });
    let manager =
        current_folder.map(|current| view! { <FolderManager folders=folders.clone() current /> });
    let confirm_empty = confirm.as_deref() == Some("empty");
    let confirm = (confirm_empty && is_trash && current.messages > 0).then(|| {
        let question = t_with(
            "confirm-empty-trash",
            &[
                ("folder", current.label.to_string()),
                ("n", current.messages.to_string()),
                ("count", group(current.messages)),
            ],
        );
        view! {
            <ConfirmBox
                question
                fields=vec![("action", "empty-trash".to_string()), ("folder", wire.clone())]
                yes=t("confirm-empty-trash-yes")
                cancel_href=crate::url::folder_page(&current.name)
            />
        }
    });
    // The unread count first, so that a tab among many says it ("(3) Inbox · Postern").
    let title = match current.unread {
        0 => format!("{} · Postern", current.label),
        n => format!("({}) {} · Postern", group(n), current.label),
    };
    let live_words = LiveWords {
        connecting: t("live-connecting"),
        live: t("live-on"),
        reconnecting: t("live-reconnecting"),
        off: t("live-off"),
        notify_on: t("live-notify-on"),
        notify_off: t("live-notify-off"),
        new_message: t("live-new-message"),
    };
    view! {
        <PageTitle text=title />
        <div class="mail">
            <AccountBar address folders=true />
            <nav id="folders" class="folders folder-nav" aria-label=t("account-folders")>
                <a class="folders-close" href="#main" data-testid="folders-close">{t("folders-close")}</a>
                <div data-live="folders">
                    <FolderList folders current=current.name.clone() />
                    <QuotaBar quota trash />
                </div>
                {manager}
            </nav>
            <main id="main" class="folder" data-testid="folder-view" data-folder=wire.clone()>
                <Notice notice=notice />
                {confirm}
                {confirm_purge}
                {confirm_delete_folder}
                <SearchForm folder=current.name.clone() search=search.clone() />
                {match &search {
                    Some((text, _)) => view! {
                        <h1 data-testid="folder-title">{t_with("search-title", &[("folder", current.label.to_string())])}</h1>
                        <p class="search-summary" data-testid="search-summary">
                            {t_with("search-found", &[("n", page.total.to_string()), ("count", group(page.total)), ("text", text.clone())])} " "
                            <a href=crate::url::folder_page(&current.name) data-testid="search-clear">{t("search-clear")}</a>
                        </p>
                    }.into_any(),
                    None => view! { <h1 data-testid="folder-title">{current.label.to_string()}</h1> }.into_any(),
                }}
                <div class="folder-head">
                    <p class="counts" data-testid="folder-counts" data-live="counts" data-messages=current.messages.to_string()>
                        {count_text(current.messages, current.unread)}
                    </p>
                    {page.sortable.then(|| view! { <SortChooser folder=current.name.clone() current=page.sort default=page.default_sort /> })}
                    <a class="export" href=crate::url::folder_export(&current.name) download="" data-testid="export-mbox">
                        {t("export-mbox")}
                    </a>
                    <div data-live="pager-top">
                        <Pager folder=current.name.clone() page=page.clone() extra=search_suffix.clone() />
                    </div>
                </div>
                <LiveMail folder=wire.clone() words=live_words />
                <div data-live="list">
                    <MessageList folder=current.name.clone() page=page.clone() all_selected move_targets drafts=in_drafts />
                </div>
                <div data-live="pager-bottom">
                    {(page.pages > 1).then(|| view! { <Pager folder=current.name.clone() page extra=search_suffix.clone() /> })}
                </div>
            </main>
        </div>
    }
}

fn count_text(messages: u32, unread: u32) -> String {
    let counts = [
        ("n", messages.to_string()),
        ("count", group(messages)),
        ("unread", group(unread)),
    ];
    match (messages, unread) {
        (0, _) => t("counts-empty"),
        (_, 0) => t_with("counts-all-read", &counts),
        _ => t_with("counts-unread", &counts),
    }
}
