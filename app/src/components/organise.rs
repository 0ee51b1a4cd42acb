use leptos::prelude::*;

use crate::i18n::{t, t_with};

use crate::model::{FolderLabel, FolderName, MessageRef, QuotaInfo, TrashInfo};
use crate::url::folder_page;

/// A one-time message from the last action ("Moved to Trash."), in the page's language.
#[component]
pub fn Notice(notice: Option<crate::model::Notice>) -> impl IntoView {
    notice.map(|notice| {
        // The confirmation of a sent message has its own test id (part of the contract).
        let testid = if notice.tells_sent() {
            "compose-sent"
        } else {
            "notice"
        };
        view! { <p class="notice" role="status" data-testid=testid>{notice.words()}</p> }
    })
}

/// Storage used of the quota, with a warning from 90 %, and how much Trash holds with an
/// "Empty Trash" shortcut (accounts go over quota because nobody empties Trash).
#[component]
pub fn QuotaBar(quota: Option<QuotaInfo>, trash: Option<TrashInfo>) -> impl IntoView {
    let quota_view = quota.map(|q| {
        let percent = q.percent();
        let warn = percent >= 90;
        let text = t_with(
            "quota-used",
            &[
                ("used", kib(q.storage_used_kib)),
                ("limit", kib(q.storage_limit_kib)),
                ("percent", percent.to_string()),
            ],
        );
        let messages = q.messages_limit.map(|limit| {
            let used = q.messages_used.unwrap_or(0);
            t_with(
                "quota-messages",
                &[("used", super::group(used)), ("limit", super::group(limit))],
            )
        });
        view! {
            <div class="quota" class:warn=warn data-testid="quota" data-percent=percent.to_string()
                data-used-bytes=(q.storage_used_kib * 1024).to_string()
                data-limit-bytes=(q.storage_limit_kib * 1024).to_string()>
                <meter class="bar" min="0" max="100" low="0" high="89" optimum="0" value=percent.min(100).to_string()></meter>
                <p class="quota-text">{text}</p>
                {messages.map(|m| view! { <p class="quota-text">{m}</p> })}
                {warn.then(|| view! { <p class="quota-warning" data-testid="quota-warning">{t("quota-warning")}</p> })}
            </div>
        }
    });
    let trash_view = trash.filter(|t| t.messages > 0).map(|t| {
        let href = format!("{}&confirm=empty", folder_page(&t.name));
        let counts = vec![
            ("n", t.messages.to_string()),
            ("count", super::group(t.messages)),
            ("size", t.bytes.map(super::human_size).unwrap_or_default()),
        ];
        // The size is what matters when the mailbox is full: emptying Trash frees it.
        let text = match t.bytes {
            Some(_) => t_with("trash-holds", &counts),
            None => t_with("trash-count", &counts),
        };
        view! {
            <p class="trash-info">
                <span data-testid="trash-size" data-bytes=t.bytes.map(|b| b.to_string())>{text}</span>
                " · "
                <a href=href data-testid="empty-trash">{crate::i18n::t("confirm-empty-trash-yes")}</a>
            </p>
        }
    });
    view! { <div class="storage">{quota_view} {trash_view}</div> }
}

fn kib(value: u64) -> String {
    let mb = value as f64 / 1024.0;
    crate::i18n::decimal_sign(if mb >= 1024.0 {
        format!("{:.1} GB", mb / 1024.0)
    } else {
        format!("{mb:.1} MB")
    })
}

/// A hidden form field.
#[component]
fn Hidden(name: &'static str, value: String) -> impl IntoView {
    view! { <input type="hidden" name=name value=value /> }
}

/// What can be done with an open message. Every button is its own form POST: works without
/// JavaScript; the server answers with a redirect.
#[component]
pub fn MessageActions(
    message: MessageRef,
    flagged: bool,
    in_trash: bool,
    move_targets: Vec<(FolderName, FolderLabel)>,
) -> impl IntoView {
    let folder = message.folder.as_str().to_string();
    let uid = message.uid.to_string();
    let validity = message
        .uid_validity
        .map(|v| v.to_string())
        .unwrap_or_default();
    let (form_folder, form_uid, form_validity) = (folder.clone(), uid.clone(), validity.clone());
    let form = move |action: &'static str, label: String, testid: &'static str| {
        view! {
            <form method="post" action="/mail/action">
                <Hidden name="folder" value=form_folder.clone() />
                <Hidden name="uid" value=form_uid.clone() />
                <Hidden name="v" value=form_validity.clone() />
                <Hidden name="action" value=action.to_string() />
                <button type="submit" data-testid=testid>{label}</button>
            </form>
        }
    };
    let flag = if flagged {
        form("unflag", t("action-unflag"), "unflag")
    } else {
        form("flag", t("action-flag"), "flag")
    };
    let delete = if in_trash {
        form("purge", t("confirm-purge-yes"), "delete")
    } else {
        form("delete", t("action-delete"), "delete")
    };
    let unread = form("unread", t("action-mark-unread"), "mark-unread");
    view! {
        <div class="message-actions">
            {unread}
            {flag}
            {delete}
            <form method="post" action="/mail/action" class="move">
                <Hidden name="folder" value=folder />
                <Hidden name="uid" value=uid />
                <Hidden name="v" value=validity />
                <Hidden name="action" value="move".to_string() />
                <label>
                    {t("action-move-to")} " "
                    <MoveTargets targets=move_targets />
                </label>
                <button type="submit" data-testid="move-submit">{t("action-move")}</button>
            </form>
        </div>
    }
}

/// The folder choice of a move: option values and `data-folder` are IMAP names.
#[component]
pub fn MoveTargets(targets: Vec<(FolderName, FolderLabel)>) -> impl IntoView {
    view! {
        <select name="target" data-testid="move-to">
            {targets
                .into_iter()
                .map(|(name, label)| {
                    let name = name.as_str().to_string();
                    view! { <option value=name.clone() data-folder=name>{label.to_string()}</option> }
                })
                .collect_view()}
        </select>
    }
}

/// "Are you sure?" as a page section: a POST with `confirm=1`, or back.
#[component]
pub fn ConfirmBox(
    question: String,
    fields: Vec<(&'static str, String)>,
    yes: String,
    cancel_href: String,
) -> impl IntoView {
    view! {
        <div class="confirm" role="alertdialog" data-testid="confirm">
            <p>{question}</p>
            <form method="post" action="/mail/action">
                {fields
                    .into_iter()
                    .map(|(name, value)| view! { <Hidden name value /> })
                    .collect_view()}
                <Hidden name="confirm" value="1".to_string() />
                <button type="submit" class="danger" data-testid="confirm-yes">{yes}</button>
                " "
                <a href=cancel_href data-testid="confirm-cancel">{t("confirm-cancel")}</a>
            </form>
        </div>
    }
}

/// New folder (anywhere), and rename / delete of the folder being looked at unless it is the
/// Inbox or a special-use folder. A `<details>` section: opens without JavaScript.
#[component]
pub fn FolderManager(
    folders: Vec<crate::model::Folder>,
    current: crate::model::Folder,
) -> impl IntoView {
    let parents: Vec<(FolderName, FolderLabel)> = folders
        .iter()
        // Nesting needs a hierarchy delimiter.
        .filter(|f| !f.delimiter.is_empty())
        .map(|f| (f.name.clone(), f.indented_label()))
        .collect();
    let editable = !current.is_protected();
    let name = current.name.as_str().to_string();
    let label = current.label.to_string();
    view! {
        <details class="manage-folders" data-testid="manage-folders">
            <summary>{t("folders-manage")}</summary>
            <form method="post" action="/mail/action">
                <input type="hidden" name="action" value="folder-create" />
                <input type="hidden" name="folder" value=name.clone() />
                <label>
                    {t("folders-new")} " "
                    <input type="text" name="name" required maxlength="100" data-testid="folder-name" />
                </label>
                <label>
                    {t("folders-in")} " "
                    <select name="parent" data-testid="folder-parent">
                        <option value="">{t("folders-top-level")}</option>
                        {parents
                            .into_iter()
                            .map(|(name, label)| {
                                let name = name.as_str().to_string();
                                view! { <option value=name.clone() data-folder=name>{label.to_string()}</option> }
                            })
                            .collect_view()}
                    </select>
                </label>
                <button type="submit" data-testid="folder-create">{t("folders-create")}</button>
            </form>
            {editable.then(|| view! {
                <form method="post" action="/mail/action">
                    <input type="hidden" name="action" value="folder-rename" />
                    <input type="hidden" name="folder" value=name.clone() />
                    <label>
                        {t_with("folders-rename-to", &[("folder", label.clone())])} " "
                        <input type="text" name="name" required maxlength="100" value=label.clone() data-testid="folder-new-name" />
                    </label>
                    <button type="submit" data-testid="folder-rename">{t("folders-rename")}</button>
                </form>
                <form method="post" action="/mail/action">
                    <input type="hidden" name="action" value="folder-delete" />
                    <input type="hidden" name="folder" value=name.clone() />
                    <button type="submit" class="danger" data-testid="folder-delete">{t("folders-delete")}</button>
                </form>
            })}
        </details>
    }
}
