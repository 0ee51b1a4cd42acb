use leptos::prelude::*;

use super::MoveTargets;
use crate::i18n::{t, t_with};
use crate::model::{
    FolderLabel, FolderName, MessagePage, MessageRef, MessageSummary, SortKey, UidValidity,
};
use crate::url::{compose_from, folder_page_n, message_page};

/// One page of a folder: a row per message, newest first, each a link to the message, each
/// with a checkbox. The whole list is one form: ticked messages and the button pressed go to
/// `/mail/action` (works without JavaScript).
#[component]
pub fn MessageList(
    folder: FolderName,
    page: MessagePage,
    /// Tick every row ("select all on this page").
    all_selected: bool,
    move_targets: Vec<(FolderName, FolderLabel)>,
    /// The folder holds drafts: a row opens the draft in the compose form.
    #[prop(optional)]
    drafts: bool,
) -> impl IntoView {
    if page.messages.is_empty() {
        return view! { <p class="empty" data-testid="message-list-empty">{t("list-empty")}</p> }
            .into_any();
    }
    let select_all = format!(
        "{}&select=all",
        folder_page_n(&folder, page.page, page.sort, page.default_sort)
    );
    view! {
        <form method="post" action="/mail/action" class="bulk">
            <input type="hidden" name="folder" value=folder.as_str().to_string() />
            <input type="hidden" name="v" value=validity_text(page.uid_validity) />
            <div class="bulk-actions">
                <a href=select_all data-testid="select-all">{t("list-select-all")}</a>
                <button type="submit" name="action" value="read" data-testid="mark-read">{t("action-mark-read")}</button>
                <button type="submit" name="action" value="unread" data-testid="mark-unread">{t("action-mark-unread")}</button>
                <button type="submit" name="action" value="flag" data-testid="flag">{t("action-flag")}</button>
                <button type="submit" name="action" value="unflag" data-testid="unflag">{t("action-unflag")}</button>
                <button type="submit" name="action" value="delete" data-testid="delete">{t("action-delete")}</button>
                <label>
                    {t("action-move-to")} " "
                    <MoveTargets targets=move_targets />
                </label>
                <button type="submit" name="action" value="move" data-testid="move-submit">{t("action-move")}</button>
            </div>
            <ul class="message-list" data-testid="message-list" data-uid-validity=validity_text(page.uid_validity)>
                {page
                    .messages
                    .into_iter()
                    .map(|message| {
                        view! { <MessageRow folder=folder.clone() uid_validity=page.uid_validity message checked=all_selected drafts /> }
                    })
                    .collect_view()}
            </ul>
        </form>
    }
    .into_any()
}

/// A UIDVALIDITY for a form field or a test attribute: empty when the server gave none.
fn validity_text(validity: Option<UidValidity>) -> String {
    validity.map(|v| v.to_string()).unwrap_or_default()
}

#[component]
fn MessageRow(
    folder: FolderName,
    uid_validity: Option<UidValidity>,
    message: MessageSummary,
    checked: bool,
    drafts: bool,
) -> impl IntoView {
    let stored = MessageRef::new(folder, message.uid, uid_validity);
    let href = if drafts {
        compose_from("draft", &stored)
    } else {
        message_page(&stored)
    };
    let subject_empty = message.subject.is_empty();
    let subject = if subject_empty {
        t("no-subject")
    } else {
        message.subject
    };
    let sender = if message.from.is_empty() {
        t("unknown-sender")
    } else {
        message.from
    };
    let mut markers = Vec::new();
    if message.unread {
        markers.push(t("marker-unread"));
    }
    if message.flagged {
        markers.push(t("marker-flagged"));
    }
    if message.answered {
        markers.push(t("marker-answered"));
    }
    view! {
        <li
            class="message-row"
            class:unread=message.unread
            class:flagged=message.flagged
            data-testid="message-row"
            data-uid=message.uid.to_string()
            data-unread=message.unread.to_string()
            data-flagged=message.flagged.to_string()
            data-answered=message.answered.to_string()
        >
            <input
                type="checkbox"
                name="uids"
                value=message.uid.to_string()
                checked=checked
                aria-label=t("list-select")
                data-testid="select-message"
                data-uid=message.uid.to_string()
            />
            <a href=href>
                <span class="markers" aria-label=markers.join(", ")>
                    <span class="marker-unread" aria-hidden="true">
                        {if message.unread { "●" } else { "" }}
                    </span>
                    <span class="marker-flagged" aria-hidden="true">
                        {if message.flagged { "★" } else { "" }}
                    </span>
                    <span class="marker-answered" aria-hidden="true">
                        {if message.answered { "↩" } else { "" }}
                    </span>
                </span>
                <span class="from" data-testid="message-from" title=message.from_address>
                    {sender}
                </span>
                <span class="subject" class:no-subject=subject_empty data-testid="message-subject">
                    {subject}
                </span>
                <span class="attachment-mark">
                    {message.has_attachment.then(|| view! { <PaperclipIcon /> })}
                </span>
                <time class="date" datetime=message.date_iso.clone() title=message.date_iso data-testid="message-date">
                    {message.date_label.words()}
                </time>
                <span class="size">{human_size(message.size)}</span>
            </a>
        </li>
    }
}

/// Search in the current folder: a GET form, so results have a URL (deep link, Back works).
#[component]
pub fn SearchForm(folder: FolderName, search: Option<(String, String)>) -> impl IntoView {
    let (text, field) = search.unwrap_or_default();
    let options = [
        ("all", t("search-everywhere")),
        ("from", t("search-from")),
        ("to", t("search-to")),
        ("subject", t("search-subject")),
        ("body", t("search-text")),
    ];
    view! {
        <form method="get" action="/mail" class="search" role="search">
            <input type="hidden" name="folder" value=folder.as_str().to_string() />
            <input type="search" name="q" value=text placeholder=t("search-placeholder") aria-label=t("search-label") data-testid="search-input" />
            <select name="field" aria-label=t("search-in") data-testid="search-field">
                {options
                    .into_iter()
                    .map(|(value, label)| view! { <option value=value selected=field == value>{label}</option> })
                    .collect_view()}
            </select>
            <button type="submit" data-testid="search-submit">{t("search-submit")}</button>
        </form>
    }
}

/// A paperclip drawn inline, so it shows without an emoji font.
#[component]
fn PaperclipIcon() -> impl IntoView {
    view! {
        <svg class="icon" viewBox="0 0 16 16" width="14" height="14" role="img" aria-label=t("has-attachments")>
            <path
                d="M10.5 3.5v7a2.5 2.5 0 0 1-5 0V3a1.5 1.5 0 0 1 3 0v7a.5.5 0 0 1-1 0V4"
                fill="none"
                stroke="currentColor"
                stroke-width="1.3"
                stroke-linecap="round"
            />
        </svg>
    }
}

/// Previous / next and "1–50 of 10,000". Plain links: paging works without JavaScript and
/// every page has its own URL.
#[component]
pub fn Pager(
    folder: FolderName,
    page: MessagePage,
    /// Query kept on every page link (a search).
    #[prop(optional)]
    extra: String,
) -> impl IntoView {
    let position = if page.total == 0 {
        t("pager-none")
    } else {
        t_with(
            "pager-position",
            &[
                ("first", group(page.first)),
                ("last", group(page.last)),
                ("total", group(page.total)),
            ],
        )
    };
    let link = |n: u32| {
        format!(
            "{}{extra}",
            folder_page_n(&folder, n, page.sort, page.default_sort)
        )
    };
    let prev = (page.page > 1).then(|| link(page.page - 1));
    let next = (page.page < page.pages).then(|| link(page.page + 1));
    view! {
        <nav class="pager" aria-label=t("pager-label")>
            {match prev {
                Some(href) => view! { <a href=href rel="prev" data-testid="page-prev">{t("pager-newer")}</a> }.into_any(),
                None => view! { <span class="disabled">{t("pager-newer")}</span> }.into_any(),
            }}
            <span class="position" data-testid="page-position">{position}</span>
            {match next {
                Some(href) => view! { <a href=href rel="next" data-testid="page-next">{t("pager-older")}</a> }.into_any(),
                None => view! { <span class="disabled">{t("pager-older")}</span> }.into_any(),
            }}
        </nav>
    }
}

/// Links to the same folder in another order (page 1). Plain links: no JavaScript needed.
#[component]
pub fn SortChooser(
    folder: FolderName,
    current: SortKey,
    /// The person's own order: its link is the folder's plain URL.
    default: SortKey,
) -> impl IntoView {
    view! {
        <nav class="sort" aria-label=t("sort-label")>
            <span class="label">{t("sort-title")}</span>
            {SortKey::ALL
                .into_iter()
                .map(|key| {
                    let testid = format!("sort-{}", key.param());
                    view! {
                        <a
                            href=folder_page_n(&folder, 1, key, default)
                            aria-current=(key == current).then_some("true")
                            class:active=key == current
                            data-testid=testid
                        >
                            {t_with("sort-key", &[("key", key.param().to_string())])}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}

/// 10000 → "10,000" (English), "10.000" (German, Spanish), "10 000" (French).
pub fn group(n: impl Into<u64>) -> String {
    crate::i18n::group_digits(crate::i18n::use_lang(), n.into())
}

/// Sizes as people read them: "812 B", "14 KB", "3.2 MB".
pub fn human_size(bytes: impl Into<u64>) -> String {
    let bytes: u64 = bytes.into();
    let b = bytes as f64;
    let text = if bytes < 1024 {
        format!("{bytes} B")
    } else if b < 1024.0 * 1024.0 {
        format!("{:.0} KB", b / 1024.0)
    } else if b < 1024.0 * 1024.0 * 1024.0 {
        format!("{:.1} MB", b / (1024.0 * 1024.0))
    } else {
        format!("{:.1} GB", b / (1024.0 * 1024.0 * 1024.0))
    };
    crate::i18n::decimal_sign(text)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_for_people() {
        assert_eq!(group(0u32), "0");
        assert_eq!(group(999u32), "999");
        assert_eq!(group(10_000u32), "10,000");
        assert_eq!(group(1_234_567u32), "1,234,567");
        assert_eq!(human_size(812u32), "812 B");
        assert_eq!(human_size(14u32 * 1024), "14 KB");
        assert_eq!(human_size(3_355_443u32), "3.2 MB");
        assert_eq!(human_size(5u64 << 30), "5.0 GB");
    }
}
