use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

use crate::api::open_compose;
use crate::components::{
    AccountBar, AddressSuggest, CannotShow, ComposeScript, Notice, PageTitle, human_size,
    textarea_text,
};
use crate::i18n::{t, t_with};
use crate::model::{ComposeForm, ComposeStart, MessageRef};
use crate::url::folder_page;

/// Writing a message: `/mail/compose` (new, `?to=`), `?mode=reply|reply-all|forward|draft`
/// with `folder`, `uid` and `v` naming the message it starts from.
#[component]
pub fn ComposePage() -> impl IntoView {
    let query = use_query_map();
    let start = move || {
        query.with(|q| {
            let source = || {
                MessageRef::from_params(&q.get("folder")?, &q.get("uid")?, q.get("v").as_deref())
            };
            match (q.get("mode").as_deref(), source()) {
                (Some("reply"), Some(source)) => ComposeStart::Reply { source, all: false },
                (Some("reply-all"), Some(source)) => ComposeStart::Reply { source, all: true },
                (Some("forward"), Some(source)) => ComposeStart::Forward { source },
                (Some("draft"), Some(draft)) => ComposeStart::Draft { draft },
                _ => ComposeStart::New {
                    to: q.get("to").unwrap_or_default(),
                },
            }
        })
    };
    let form = Resource::new(start, open_compose);
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match form.await {
                    Ok(form) => view! { <ComposeLayout form /> }.into_any(),
                    Err(error) => view! {
                        <CannotShow title="compose-cannot-open" error back=("/mail", "mail-back-to-inbox") />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn ComposeLayout(form: ComposeForm) -> impl IntoView {
    let field_error = |field: &str| {
        form.field_error(field).map(|message| {
            view! { <p class="field-error" role="alert" data-testid=format!("compose-error-{field}")>{message.words()}</p> }
        })
    };
    let (to_error, cc_error, bcc_error, subject_error, attach_error) = (
        field_error("to"),
        field_error("cc"),
        field_error("bcc"),
        field_error("subject"),
        field_error("attach"),
    );
    let from_error = field_error("from");
    let ComposeForm {
        address,
        from_name,
        from,
        identities,
        suggestions,
        to,
        cc,
        bcc,
        subject,
        body,
        in_reply_to,
        references,
        attachments,
        draft,
        answers,
        limit_bytes,
        error,
        notice,
        send_token,
        ..
    } = form;
    let back = answers
        .as_ref()
        .map(|(_, m)| folder_page(&m.folder))
        .unwrap_or_else(|| "/mail".to_string());
    let title = if subject.is_empty() {
        t("compose-new")
    } else {
        subject.clone()
    };
    let limit = human_size(u32::try_from(limit_bytes).unwrap_or(u32::MAX));
    let own = if from_name.is_empty() {
        address.clone()
    } else {
        format!("{from_name} <{address}>")
    };
    view! {
        <PageTitle text=format!("{title} · Postern") />
        <div class="mail compose-page">
            <AccountBar address=address.clone() />
            <nav class="folders" aria-label=t("account-folders")>
                <a class="back" href=back data-testid="compose-cancel">{t("compose-back")}</a>
            </nav>
            <main id="main" class="compose">
                <h1 class="compose-title" data-testid="compose-title">{title.clone()}</h1>
                <Notice notice=notice />
                {error.map(|e| view! { <p class="error" role="alert" data-testid="compose-error">{e.words()}</p> })}
                <form
                    method="post"
                    action=crate::components::upload::COMPOSE_URL
                    enctype="multipart/form-data"
                    data-testid="compose"
                    class="compose-form"
                >
                    <input type="hidden" name="draft" value=draft.map(|d| d.to_field()).unwrap_or_default() />
                    <input type="hidden" name="answers" value=answers.as_ref().map(|(k, _)| k.param()).unwrap_or_default() />
                    <input type="hidden" name="source" value=answers.as_ref().map(|(_, m)| m.to_field()).unwrap_or_default() />
                    <input type="hidden" name="in_reply_to" value=in_reply_to />
                    <input type="hidden" name="references" value=references />
                    <input type="hidden" name="send_token" value=send_token />
                    <input type="hidden" name="account" value=address.clone() />
                    {if identities.is_empty() {
                        view! {
                            <p class="from">{t("compose-from")} " " <span data-testid="compose-from">{own}</span></p>
                        }.into_any()
                    } else {
                        view! {
                            <label>
                                {t("compose-from")}
                                <select name="from" data-testid="identity-from">
                                    <option value="" selected=from.is_empty()>{own}</option>
                                    {identities.into_iter().map(|i| {
                                        let chosen = i.address == from;
                                        let shown = if i.name.is_empty() && !from_name.is_empty() {
                                            format!("{from_name} <{}>", i.address)
                                        } else {
                                            i.display()
                                        };
                                        view! { <option value=i.address.clone() selected=chosen>{shown}</option> }
                                    }).collect_view()}
                                </select>
                            </label>
                        }.into_any()
                    }}
                    {from_error}
                    <label>
                        {t("compose-to")}
                        <input type="text" name="to" value=to autocomplete="off" list=crate::components::suggest::ADDRESS_BOOK data-testid="compose-to" />
                    </label>
                    <AddressSuggest field="to".to_string() />
                    {to_error}
                    <label>
                        {t("compose-cc")}
                        <input type="text" name="cc" value=cc autocomplete="off" list=crate::components::suggest::ADDRESS_BOOK data-testid="compose-cc" />
                    </label>
                    <AddressSuggest field="cc".to_string() />
                    {cc_error}
                    <label>
                        {t("compose-bcc")}
                        <input type="text" name="bcc" value=bcc autocomplete="off" list=crate::components::suggest::ADDRESS_BOOK data-testid="compose-bcc" />
                    </label>
                    <AddressSuggest field="bcc".to_string() />
                    {bcc_error}
                    // The addresses written to, for the browser's own suggestions (and the
                    // script's, which reads them from here).
                    <datalist id=crate::components::suggest::ADDRESS_BOOK data-testid="address-book">
                        {suggestions.iter().map(|a| view! { <option value=a.display()></option> }).collect_view()}
                    </datalist>
                    <label>
                        {t("compose-subject")}
                        <input type="text" name="subject" value=subject data-testid="compose-subject" />
                    </label>
                    {subject_error}
                    <label class="body">
                        <span class="visually-hidden">{t("compose-body")}</span>
                        <textarea name="body" rows="18" data-testid="compose-body">{textarea_text(body)}</textarea>
                    </label>
                    {(!attachments.is_empty()).then(|| view! {
                        <ul class="attachments" aria-label=t("compose-attachments")>
                            {attachments.into_iter().map(|a| {
                                let name = a.filename.clone();
                                view! {
                                    <li data-testid="compose-attachment" data-filename=name>
                                        <label>
                                            <input type="checkbox" name="keep" value=a.key checked=true
                                                data-testid="compose-attachment-keep" />
                                            <span class="name">{a.filename}</span>
                                            <span class="meta">{a.mime_type} ", " {human_size(u32::try_from(a.size).unwrap_or(u32::MAX))}</span>
                                        </label>
                                    </li>
                                }
                            }).collect_view()}
                        </ul>
                        <p class="hint">{t("compose-untick")}</p>
                    })}
                    <label class="attach">
                        {t("compose-attach")}
                        <input type="file" name="attach" multiple=true data-testid="compose-attach" />
                    </label>
                    <p class="hint">{t_with("compose-limit", &[("limit", limit)])}</p>
                    {attach_error}
                    <ComposeScript />
                    <div class="compose-actions">
                        <button type="submit" name="action" value="send" class="primary" data-testid="compose-send">{t("compose-send")}</button>
                        <button type="submit" name="action" value="save" data-testid="compose-save-draft">{t("compose-save-draft")}</button>
                    </div>
                </form>
            </main>
        </div>
    }
}
