use leptos::prelude::*;

use crate::api::fetch_rules;
use crate::components::{AccountBar, CannotShow, Notice, PageTitle, textarea_text};
use crate::i18n::{t, t_with};
use crate::model::{
    Filter, FilterAction, FilterField, FilterMatch, FolderLabel, FolderName, RulesPage as Page,
    RulesStore,
};

/// `/settings/rules`: the vacation reply and the filters the mail server runs at delivery, as
/// one plain form (`POST /settings/rules`).
#[component]
pub fn RulesPage() -> impl IntoView {
    let page = Resource::new(|| (), |_| fetch_rules());
    view! {
        <Suspense fallback=|| view! { <p class="loading">{t("loading")}</p> }>
            {move || Suspend::new(async move {
                match page.await {
                    Ok(page) => view! { <RulesLayout page /> }.into_any(),
                    Err(error) => view! {
                        <CannotShow title="rules-cannot-show" error back=("/settings", "rules-back") />
                    }
                    .into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RulesLayout(page: Page) -> impl IntoView {
    let error = |field: &str| {
        page.field_error(field).map(|notice| {
            view! { <p class="field-error" role="alert" data-testid=format!("rules-error-{field}")>{notice.words()}</p> }
        })
    };
    let (dates_error, days_error, text_error, subject_error, filters_error) = (
        error("vacation-dates"),
        error("vacation-days"),
        error("vacation-text"),
        error("vacation-subject"),
        error("filters"),
    );
    let filter_errors: Vec<Option<String>> = (0..=page.rules.filters.len())
        .map(|n| page.field_error(&format!("filter-{n}")).map(|e| e.words()))
        .collect();
    let Page {
        address,
        rules,
        store,
        foreign,
        folders,
        notice,
        ..
    } = page;
    let not_offered = store == RulesStore::NotOffered;
    let v = rules.vacation;
    let mut rows = rules.filters;
    // One blank row for a new filter.
    rows.push(Filter {
        enabled: true,
        ..Filter::default()
    });
    let count = rows.len();
    view! {
        <PageTitle text=format!("{} · Postern", t("rules-title")) />
        <div class="mail settings-page">
            <AccountBar address=address />
            <nav class="folders" aria-label=t("account-folders")>
                <a class="back" href="/settings" data-testid="rules-back">{t("rules-back")}</a>
            </nav>
            <main id="main" class="compose settings" data-testid="rules">
                <h1>{t("rules-title")}</h1>
                <Notice notice=notice />
                {not_offered.then(|| view! {
                    <p class="error" role="alert" data-testid="rules-not-offered">{t("rules-not-offered")}</p>
                })}
                {foreign.as_ref().map(|script| view! {
                    <section class="foreign-script" data-testid="rules-foreign">
                        <p>{t_with("rules-foreign", &[("name", script.name.clone())])}</p>
                        <pre data-testid="rules-foreign-text">{script.text.clone()}</pre>
                    </section>
                })}
                <form method="post" action="/settings/rules" class="compose-form settings-form" data-testid="rules-form">
                    <fieldset>
                        <legend>{t("rules-vacation")}</legend>
                        <label class="check">
                            <input type="checkbox" name="vacation_enabled" value="1" checked=v.enabled data-testid="vacation-on" />
                            {t("rules-vacation-on")}
                        </label>
                        <label>
                            {t("rules-vacation-subject")}
                            <input type="text" name="vacation_subject" value=v.subject data-testid="vacation-subject" />
                        </label>
                        {subject_error}
                        <label class="body">
                            {t("rules-vacation-text")}
                            <textarea name="vacation_text" rows="6" data-testid="vacation-text">{textarea_text(v.text)}</textarea>
                        </label>
                        {text_error}
                        <label>
                            {t("rules-vacation-first")}
                            <input type="date" name="vacation_first_day" value=v.first_day data-testid="vacation-first-day" />
                        </label>
                        <label>
                            {t("rules-vacation-last")}
                            <input type="date" name="vacation_last_day" value=v.last_day data-testid="vacation-last-day" />
                        </label>
                        {dates_error}
                        <label>
                            {t("rules-vacation-days")}
                            <input type="number" name="vacation_days" min="1" max="30" value=v.days.to_string() data-testid="vacation-days" />
                        </label>
                        {days_error}
                    </fieldset>
                    <fieldset>
                        <legend>{t("rules-filters")}</legend>
                        <p class="hint">{t("rules-filters-hint")}</p>
                        <input type="hidden" name="filter_rows" value=count.to_string() />
                        <ol class="filters">
                            {rows.into_iter().enumerate().map(|(n, filter)| {
                                let last = n + 1 == count;
                                let problem = filter_errors.get(n).cloned().flatten();
                                view! { <FilterRow n filter folders=folders.clone() blank=last problem /> }
                            }).collect_view()}
                        </ol>
                        {filters_error}
                    </fieldset>
                    {foreign.is_some().then(|| view! {
                        <label class="check">
                            <input type="checkbox" name="replace_foreign" value="1" data-testid="rules-replace" />
                            {t("rules-replace")}
                        </label>
                    })}
                    <div class="compose-actions">
                        <button type="submit" class="primary" data-testid="rules-save" disabled=not_offered>{t("rules-save")}</button>
                    </div>
                </form>
            </main>
        </div>
    }
}

/// One filter's fields (`f<n>_…`); the last row is blank, for a new one.
#[component]
fn FilterRow(
    n: usize,
    filter: Filter,
    folders: Vec<(FolderName, FolderLabel)>,
    blank: bool,
    problem: Option<String>,
) -> impl IntoView {
    let name = move |field: &str| format!("f{n}_{field}");
    let (action, folder, forward) = match &filter.action {
        FilterAction::Move(folder) => ("move", folder.as_str().to_string(), String::new()),
        FilterAction::MarkRead => ("read", String::new(), String::new()),
        FilterAction::Flag => ("flag", String::new(), String::new()),
        FilterAction::Forward(to) => ("forward", String::new(), to.clone()),
    };
    let legend = if blank {
        t("rules-filter-new")
    } else {
        t_with("rules-filter-n", &[("n", (n + 1).to_string())])
    };
    view! {
        <li class="filter" data-testid="filter-row" data-row=n.to_string()>
            <fieldset>
                <legend>{legend}</legend>
                <label class="check">
                    <input type="checkbox" name=name("enabled") value="1" checked=filter.enabled data-testid="filter-enabled" />
                    {t("rules-filter-enabled")}
                </label>
                <label>
                    {t("rules-filter-when")}
                    <select name=name("field") data-testid="filter-field">
                        <option value="from" selected=filter.field == FilterField::From>{t("rules-field-from")}</option>
                        <option value="to" selected=filter.field == FilterField::To>{t("rules-field-to")}</option>
                        <option value="subject" selected=filter.field == FilterField::Subject>{t("rules-field-subject")}</option>
                    </select>
                </label>
                <label>
                    {t("rules-filter-how")}
                    <select name=name("match") data-testid="filter-match">
                        <option value="contains" selected=filter.matching == FilterMatch::Contains>{t("rules-match-contains")}</option>
                        <option value="is" selected=filter.matching == FilterMatch::Is>{t("rules-match-is")}</option>
                    </select>
                </label>
                <label>
                    {t("rules-filter-value")}
                    <input type="text" name=name("value") value=filter.value.clone() data-testid="filter-value" />
                </label>
                <label>
                    {t("rules-filter-then")}
                    <select name=name("action") data-testid="filter-action">
                        <option value="move" selected=action == "move">{t("rules-action-move")}</option>
                        <option value="read" selected=action == "read">{t("rules-action-read")}</option>
                        <option value="flag" selected=action == "flag">{t("rules-action-flag")}</option>
                        <option value="forward" selected=action == "forward">{t("rules-action-forward")}</option>
                    </select>
                </label>
                <label>
                    {t("rules-filter-folder")}
                    <select name=name("folder") data-testid="filter-folder">
                        {folders.into_iter().map(|(name, label)| {
                            let selected = name.as_str() == folder;
                            view! { <option value=name.as_str().to_string() selected=selected>{label.to_string()}</option> }
                        }).collect_view()}
                    </select>
                </label>
                <label>
                    {t("rules-filter-forward")}
                    <input type="email" name=name("forward") value=forward data-testid="filter-forward" />
                </label>
                {problem.map(|p| view! { <p class="field-error" role="alert" data-testid="filter-error">{p}</p> })}
                <label>
                    {t("rules-filter-position")}
                    <input type="number" name=name("position") min="1" value=(n + 1).to_string() data-testid="filter-position" />
                </label>
                {(!blank).then(|| view! {
                    <label class="check">
                        <input type="checkbox" name=name("delete") value="1" data-testid="filter-delete" />
                        {t("rules-filter-delete")}
                    </label>
                })}
            </fieldset>
        </li>
    }
}
