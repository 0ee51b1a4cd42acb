use leptos::prelude::*;

use crate::i18n::{t, t_with};
use leptos_router::hooks::use_query_map;

use crate::api::{fetch_notice, open_message};
use crate::components::{AccountBar, ConfirmBox, MessageActions, Notice, PageTitle, human_size};
use crate::error::AppError;
use crate::model::{FolderName, MessageBody, MessageRef, MessageView, TextLine, TextPiece};
use crate::url::{
    compose_from, folder_page, message_body, message_page, message_part, message_raw,
};

/// One message: `/mail/message?folder=…&uid=…&v=<uidvalidity>`.
#[component]
pub fn MessagePage() -> impl IntoView {
    let query = use_query_map();
    let folder = move || {
        query
            .with(|q| q.get("folder"))
            .filter(|f| !f.is_empty())
            .map(FolderName::new)
            .unwrap_or_else(FolderName::inbox)
    };
    let remote = move || query.with(|q| q.get("remote").as_deref() == Some("1"));
    let message = Resource::new(
        move || {
            query.with(|q| {
                MessageRef::from_params(
                    &q.get("folder").unwrap_or_default(),
                    &q.get("uid").unwrap_or_default(),
                    q.get("v").as_deref(),
                )
            })
        },
        |wanted| async move {
            match wanted {
                Some(wanted) => open_message(wanted).await,
                None => Err(AppError::NoSuchMessage),
            }
        },
    );
    let notice = Resource::new(|| (), |_| fetch_notice());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t("loading")}</p> }>
            {move || Suspend::new(async move {
                let remote = remote();
                let confirm_purge = query.with(|q| q.get("confirm")).as_deref() == Some("purge");
                match message.await {
                    Ok(view) => view! { <MessageLayout view remote confirm_purge /> }.into_any(),
                    Err(error) => {
                        let folder = folder();
                        let notice = notice.await.ok().flatten();
                        view! {
                            <main id="main" class="centered">
                                <h1>{t("message-cannot-show")}</h1>
                                <Notice notice=notice />
                                <p class="error" role="alert" data-testid="mail-error">{error.message()}</p>
                                {match error {
                                    AppError::NotLoggedIn => view! { <a href="/login">{t("login-submit")}</a> }.into_any(),
                                    _ => view! { <a href=folder_page(&folder)>{t("search-clear")}</a> }.into_any(),
                                }}
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
fn MessageLayout(view: MessageView, remote: bool, confirm_purge: bool) -> impl IntoView {
    let MessageView {
        address,
        message,
        folder_label,
        subject,
        from,
        sender_address,
        remote_always,
        to,
        cc,
        reply_to,
        date_label,
        date_iso,
        body,
        attachments,
        flagged,
        in_trash,
        in_drafts,
        move_targets,
        notice,
    } = view;
    let uid = message.uid;
    // Remote images of a sender the person listed are shown without asking.
    let remote = remote || remote_always;
    let answer = |mode: &str| compose_from(mode, &message);
    let answer_links = if in_drafts {
        view! {
            <p class="answer-actions">
                <a class="button primary" href=answer("draft") data-testid="edit-draft">{t("message-edit-draft")}</a>
            </p>
        }
        .into_any()
    } else {
        view! {
            <p class="answer-actions">
                <a class="button" href=answer("reply") data-testid="reply">{t("shortcut-reply")}</a>
                <a class="button" href=answer("reply-all") data-testid="reply-all">{t("shortcut-reply-all")}</a>
                <a class="button" href=answer("forward") data-testid="forward">{t("shortcut-forward")}</a>
            </p>
        }
        .into_any()
    };
    let confirm = (confirm_purge && in_trash).then(|| {
        view! {
            <ConfirmBox
                question=t("confirm-purge-this")
                fields=vec![
                    ("action", "purge".to_string()),
                    ("folder", message.folder.as_str().to_string()),
                    ("uid", uid.to_string()),
                    ("v", message.uid_validity.map(|v| v.to_string()).unwrap_or_default()),
                ]
                yes=crate::i18n::t("confirm-purge-yes")
                cancel_href=message_page(&message)
            />
        }
    });

    let title = if subject.is_empty() {
        t("no-subject")
    } else {
        subject.clone()
    };
    let back = folder_page(&message.folder);
    let raw = message_raw(&message);
    view! {
        <PageTitle text=format!("{title} · Postern") />
        <div class="mail message-page">
            <AccountBar address />
            <nav class="folders" aria-label=t("account-folders")>
                <a class="back" href=back data-testid="back-to-folder">
                    "‹ " {folder_label.to_string()}
                </a>
            </nav>
            <main id="main" class="message" data-testid="message-view" data-uid=uid.to_string()>
                <Notice notice=notice />
                {confirm}
                {answer_links}
                <MessageActions message=message.clone() flagged in_trash move_targets />
                <h1 class="subject" class:no-subject=subject.is_empty() data-testid="message-header-subject">
                    {title}
                </h1>
                <dl class="headers">
                    <dt>{t("search-from")}</dt>
                    <dd data-testid="message-header-from">{from}</dd>
                    <dt>{t("search-to")}</dt>
                    <dd data-testid="message-header-to">{to}</dd>
                    {(!cc.is_empty()).then(|| view! { <dt>"Cc"</dt><dd data-testid="message-header-cc">{cc}</dd> })}
                    {(!reply_to.is_empty()).then(|| view! { <dt>"Reply-To"</dt><dd data-testid="message-header-reply-to">{reply_to}</dd> })}
                    <dt>{t("message-date")}</dt>
                    <dd>
                        <time datetime=date_iso data-testid="message-header-date">{date_label.words()}</time>
                    </dd>
                </dl>
                {(!attachments.is_empty()).then(|| view! {
                    <ul class="attachments" aria-label="Attachments">
                        {attachments.into_iter().map(|a| {
                            let href = message_part(&message, &a.part);
                            let name = a.filename.clone();
                            view! {
                            <li>
                                <a href=href download=name.clone() data-testid="attachment" data-filename=name>
                                    <span class="name">{a.filename}</span>
                                    <span class="meta">{a.mime_type} ", " {human_size(a.size)}</span>
                                </a>
                            </li>
                        }}).collect_view()}
                    </ul>
                })}
                {match body {
                    MessageBody::Plain(lines) => view! { <PlainBody lines /> }.into_any(),
                    MessageBody::Html { remote_content } => {
                        let src = message_body(&message, remote);
                        let page = message_page(&message);
                        let show_remote = (remote_content && !remote).then(|| format!("{page}&remote=1"));
                        // Always (or no longer) for this sender: a form, kept in the settings.
                        let sender_form = (remote_content && !sender_address.is_empty()).then(|| {
                            let (show, key, testid) = if remote_always {
                                ("0", "message-remote-never", "remote-images-stop")
                            } else {
                                ("1", "message-remote-always", "remote-images-always")
                            };
                            view! {
                                <form method="post" action="/settings/remote-images" class="remote-sender">
                                    <input type="hidden" name="sender" value=sender_address.clone() />
                                    <input type="hidden" name="show" value=show />
                                    <input type="hidden" name="back" value=page.clone() />
                                    <button type="submit" data-testid=testid>
                                        {t_with(key, &[("sender", sender_address.clone())])}
                                    </button>
                                </form>
                            }
                        });
                        view! {
                            {show_remote.map(|href| view! {
                                <p class="remote-notice">
                                    {t("message-remote-blocked")} " "
                                    <a href=href data-testid="show-remote-images">{t("message-remote-show")}</a>
                                </p>
                            })}
                            {sender_form}
                            <iframe
                                class="html-body"
                                title=t("message-frame")
                                src=src
                                sandbox="allow-popups allow-popups-to-escape-sandbox"
                                referrerpolicy="no-referrer"
                                data-testid="message-html"
                            ></iframe>
                        }.into_any()
                    }
                    MessageBody::Empty => view! { <p class="empty" data-testid="message-body">{t("message-no-text")}</p> }.into_any(),
                }}
                <p class="message-tools">
                    <a href=raw download=format!("message-{uid}.eml") data-testid="download-eml">{t("message-download-eml")}</a>
                </p>
            </main>
        </div>
    }
}

/// Plain text: each line escaped, quoted lines set apart, links opened in a new tab.
#[component]
fn PlainBody(lines: Vec<TextLine>) -> impl IntoView {
    view! {
        <div class="plain-body" data-testid="message-body">
            {lines.into_iter().map(|line| {
                let depth = line.quote_depth.min(6);
                let quoted = depth > 0;
                view! {
                    <div class="line" class:quoted=quoted data-depth=depth.to_string()>
                        {line.pieces.into_iter().map(|piece| match piece {
                            TextPiece::Text(text) => view! { <span>{text}</span> }.into_any(),
                            TextPiece::Link(url) => {
                                let href = url.clone();
                                view! { <a href=href target="_blank" rel="noopener noreferrer">{url}</a> }.into_any()
                            }
                        }).collect_view()}
                    </div>
                }
            }).collect_view()}
        </div>
    }
}
