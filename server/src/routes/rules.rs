//! `POST /settings/rules`: the vacation reply and the filters, as one plain form (rows of
//! fields, each with its position), saved as Postern's Sieve script on the person's
//! server and answered with a redirect.

use axum::body::Bytes;
use axum::response::Response;
use postern_app::model::{
    Filter, FilterAction, FilterField, FilterMatch, FolderName, Notice, Rules, RulesPage, Vacation,
};
use postern_app::port::MailAccount;
use tower_sessions::Session;

use super::LoggedInForm;
use crate::session;

/// The page and the form's address.
pub const PAGE: &str = "/settings/rules";
/// Session key: a rules form that was not saved, shown once more with the reasons.
pub const RULES_FORM: &str = "rules_form";

/// What was posted: the rules (in the order of their positions), and whether another script
/// may be replaced.
struct Posted {
    rules: Rules,
    replace: bool,
}

fn parse(body: &[u8]) -> Posted {
    let fields: Vec<(String, String)> = form_urlencoded::parse(body).into_owned().collect();
    let get = |name: &str| {
        fields
            .iter()
            .rev()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.clone())
            .unwrap_or_default()
    };
    let vacation = Vacation {
        enabled: get("vacation_enabled") == "1",
        subject: get("vacation_subject").trim().to_string(),
        text: get("vacation_text")
            .replace("\r\n", "\n")
            .trim_end()
            .to_string(),
        first_day: get("vacation_first_day").trim().to_string(),
        last_day: get("vacation_last_day").trim().to_string(),
        days: get("vacation_days").trim().parse().unwrap_or(0),
    };
    let rows: usize = get("filter_rows")
        .parse()
        .unwrap_or(0)
        .min(postern_app::model::FILTERS_MAX + 1);
    let mut filters: Vec<(usize, Filter)> = Vec::new();
    for n in 0..rows {
        let field = |name: &str| get(&format!("f{n}_{name}"));
        let value = field("value").trim().to_string();
        // A row without a value (the blank one for a new filter, or one cleared) is no filter.
        if value.is_empty() || field("delete") == "1" {
            continue;
        }
        let action = match field("action").as_str() {
            "move" => FilterAction::Move(FolderName::new(field("folder"))),
            "flag" => FilterAction::Flag,
            "forward" => FilterAction::Forward(field("forward").trim().to_string()),
            _ => FilterAction::MarkRead,
        };
        let position = field("position").trim().parse().unwrap_or(n + 1);
        filters.push((
            position,
            Filter {
                enabled: field("enabled") == "1",
                field: match field("field").as_str() {
                    "to" => FilterField::To,
                    "subject" => FilterField::Subject,
                    _ => FilterField::From,
                },
                matching: if field("match") == "is" {
                    FilterMatch::Is
                } else {
                    FilterMatch::Contains
                },
                value,
                action,
            },
        ));
    }
    // Ordered by the positions typed; equal ones keep the page's order.
    filters.sort_by_key(|(position, _)| *position);
    Posted {
        rules: Rules {
            vacation,
            filters: filters.into_iter().map(|(_, f)| f).collect(),
        },
        replace: get("replace_foreign") == "1",
    }
}

/// The model's checks, and what only the server can check: forward addresses (made bare
/// addresses: Sieve's `redirect` takes no name), folders. `Err` when the folders cannot be
/// listed now.
async fn problems(
    rules: &mut Rules,
    account: &dyn MailAccount,
) -> Result<Vec<(String, Notice)>, postern_app::error::AppError> {
    let mut problems = rules.problems();
    let folders = account.folders().await?;
    for (n, filter) in rules.filters.iter_mut().enumerate() {
        let bad = match &mut filter.action {
            FilterAction::Forward(to) => match crate::compose::address::parse_list(to) {
                Ok(list) if list.len() == 1 => {
                    *to = list[0].email.to_string();
                    None
                }
                _ => Some(Notice::said("rules-forward-bad")),
            },
            FilterAction::Move(folder) => {
                (!folders.iter().any(|f| f.selectable && f.name == *folder))
                    .then(|| Notice::said("rules-folder-bad"))
            }
            _ => None,
        };
        if let Some(bad) = bad {
            problems.push((format!("filter-{n}"), bad));
        }
    }
    Ok(problems)
}

/// `POST /settings/rules`.
pub async fn save(LoggedInForm(account): LoggedInForm, session: Session, body: Bytes) -> Response {
    let Posted { mut rules, replace } = parse(&body);
    let field_errors = match problems(&mut rules, account.as_ref()).await {
        Ok(found) => found,
        Err(error) => {
            let notice = Some(Notice::Failed(error));
            return again(&session, account.address(), rules, Vec::new(), notice).await;
        }
    };
    if !field_errors.is_empty() {
        return again(&session, account.address(), rules, field_errors, None).await;
    }
    if let Err(error) = account.save_rules(&rules, replace).await {
        tracing::info!(%error, "rules not saved");
        return again(
            &session,
            account.address(),
            rules,
            Vec::new(),
            Some(Notice::Failed(error)),
        )
        .await;
    }
    // The banner on every page follows what was just set (kept with the settings).
    let v = &rules.vacation;
    match account.load_settings().await {
        Ok((mut settings, _)) => {
            settings.vacation = (v.enabled, v.first_day.clone(), v.last_day.clone());
            if let Err(error) = account.save_settings(&settings).await {
                tracing::info!(%error, "the vacation banner's state is not kept on this server");
            }
            super::settings::remember(&session, &settings).await;
        }
        Err(error) => tracing::warn!(%error, "cannot read the settings to keep the vacation state"),
    }
    super::redirect_keeping(
        &session,
        session::NOTICE,
        &Notice::said("rules-saved"),
        PAGE,
    )
    .await
}

async fn again(
    session: &Session,
    address: &str,
    rules: Rules,
    field_errors: Vec<(String, Notice)>,
    notice: Option<Notice>,
) -> Response {
    let form = RulesPage {
        address: address.to_string(),
        rules,
        notice: notice.or_else(|| Some(Notice::said("settings-correct-fields"))),
        field_errors,
        ..RulesPage::default()
    };
    super::redirect_keeping(session, RULES_FORM, &form, PAGE).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_become_filters_by_position_blank_and_deleted_ones_left_out() {
        let body = b"vacation_enabled=1&vacation_subject=Away&vacation_text=Back+on+Monday.%0D%0A&vacation_days=3\
&filter_rows=4\
&f0_enabled=1&f0_field=subject&f0_match=contains&f0_value=%5Blist%5D&f0_action=move&f0_folder=Lists&f0_position=2\
&f1_enabled=1&f1_field=from&f1_match=is&f1_value=boss%40example.org&f1_action=forward&f1_forward=me%40example.net&f1_position=1\
&f2_value=gone&f2_delete=1\
&f3_value=&replace_foreign=1";
        let posted = parse(body);
        assert!(posted.replace);
        let rules = posted.rules;
        assert!(rules.vacation.enabled);
        assert_eq!(rules.vacation.text, "Back on Monday.");
        assert_eq!(rules.vacation.days, 3);
        assert_eq!(rules.filters.len(), 2);
        // Ordered by position: the forward (1) before the move (2).
        assert_eq!(
            rules.filters[1].action,
            FilterAction::Move(FolderName::new("Lists"))
        );
        assert_eq!(rules.filters[0].matching, FilterMatch::Is);
        assert_eq!(
            rules.filters[0].action,
            FilterAction::Forward("me@example.net".into())
        );
    }
}
