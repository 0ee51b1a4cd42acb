//! `POST /settings` (the settings page's form) and `POST /settings/remote-images` (the "always
//! show remote images from this sender" button of a message): plain form posts answered with a
//! redirect, so they work without JavaScript. What is saved goes to the person's mail server
//! through the port, and into the session's copy that the next pages read.

use axum::body::Bytes;
use axum::http::{HeaderValue, header};
use axum::response::Response;
use postern_app::error::AppError;
use postern_app::i18n::Lang;
use postern_app::model::{NamedAddress, Notice, Settings, SettingsPage, SortKey};
use postern_app::port::MailAccount;
use tower_sessions::Session;

use super::LoggedInForm;
use crate::session::{self, StoredAccount};
use crate::state::AppState;

/// Session key: a settings form that was not saved, shown once more with the reasons.
pub const SETTINGS_FORM: &str = "settings_form";

/// The page the forms go back to.
pub const PAGE: &str = "/settings";

/// The posted settings over `base` (what is kept now): a field the form did not post keeps
/// its value (the other addresses where the field is not offered, the vacation state, a select
/// a text browser left out).
fn parse(body: &[u8], base: Settings) -> Settings {
    let mut settings = base;
    for (key, value) in form_urlencoded::parse(body) {
        match key.as_ref() {
            "display_name" => settings.display_name = value.trim().to_string(),
            "reply_to" => settings.reply_to = value.trim().to_string(),
            "signature" => {
                settings.signature = value.replace("\r\n", "\n").trim_end().to_string();
            }
            "page_size" => settings.page_size = value.parse().ok(),
            "sort" => {
                settings.sort = (!value.is_empty()).then(|| SortKey::from_param(&value));
            }
            "language" => settings.language = (!value.is_empty()).then(|| value.into_owned()),
            "identities" => {
                settings.identities = value
                    .lines()
                    .map(str::trim)
                    .filter(|line| !line.is_empty())
                    .map(|line| match line.parse::<lettre::message::Mailbox>() {
                        Ok(mailbox) => NamedAddress {
                            address: mailbox.email.to_string().to_lowercase(),
                            name: mailbox.name.unwrap_or_default().trim().to_string(),
                        },
                        // Kept as typed, to be named as not an address.
                        Err(_) => NamedAddress {
                            address: line.to_string(),
                            name: String::new(),
                        },
                    })
                    .collect();
            }
            "remote_images" => {
                settings.remote_images = value
                    .lines()
                    .map(|line| line.trim().to_lowercase())
                    .filter(|line| !line.is_empty())
                    .collect();
            }
            _ => {}
        }
    }
    settings
}

/// The problems of posted settings, per field: the model's checks, the addresses, and the
/// From addresses the operator does not allow.
fn problems(settings: &Settings, account: &dyn MailAccount) -> Vec<(String, Notice)> {
    let mut problems = settings.problems();
    let refused: Vec<String> = settings
        .identities
        .iter()
        .filter(|i| {
            i.address.parse::<lettre::Address>().is_err() || !account.may_send_as(&i.address)
        })
        .map(|i| i.address.clone())
        .collect();
    if !refused.is_empty() {
        problems.push((
            "identities".into(),
            Notice::counted(
                "settings-identities-refused",
                refused.len() as u64,
                vec![("addresses", postern_app::model::Arg::Quoted(refused))],
            ),
        ));
    }
    if !settings.reply_to.is_empty() {
        match crate::compose::address::parse_list(&settings.reply_to) {
            Ok(list) if list.len() == 1 => {}
            Ok(_) => problems.push(("reply_to".into(), Notice::said("settings-reply-to-one"))),
            Err(problem) => problems.push(("reply_to".into(), problem)),
        }
    }
    let odd: Vec<String> = settings
        .remote_images
        .iter()
        .filter(|s| s.parse::<lettre::Address>().is_err())
        .cloned()
        .collect();
    if !odd.is_empty() {
        problems.push((
            "remote_images".into(),
            Notice::counted(
                "compose-not-addresses",
                odd.len() as u64,
                vec![("addresses", postern_app::model::Arg::Quoted(odd))],
            ),
        ));
    }
    problems
}

/// `POST /settings`.
pub async fn save(
    axum::extract::State(state): axum::extract::State<AppState>,
    LoggedInForm(account): LoggedInForm,
    session: Session,
    body: Bytes,
) -> Response {
    // Over what the server keeps now: fields this form does not carry stay as they are.
    let base = match account.load_settings().await {
        Ok((kept, _)) => kept,
        Err(error) => {
            tracing::info!(%error, "settings not read before saving");
            let notice = Notice::Failed(error);
            return again(
                &session,
                account.address(),
                parse(&body, account.settings().clone()),
                Vec::new(),
                Some(notice),
            )
            .await;
        }
    };
    let mut settings = parse(&body, base);
    let mut seen = std::collections::HashSet::new();
    settings.remote_images.retain(|s| seen.insert(s.clone()));
    let own = account.address().to_lowercase();
    let mut seen = std::collections::HashSet::new();
    settings
        .identities
        .retain(|i| i.address != own && seen.insert(i.address.clone()));
    let field_errors = problems(&settings, account.as_ref());
    if !field_errors.is_empty() {
        return again(&session, account.address(), settings, field_errors, None).await;
    }
    if let Err(error) = account.save_settings(&settings).await {
        tracing::info!(%error, "settings not saved");
        let notice = Notice::Failed(error);
        return again(
            &session,
            account.address(),
            settings,
            Vec::new(),
            Some(notice),
        )
        .await;
    }
    remember(&session, &settings).await;
    let mut response = super::redirect_keeping(
        &session,
        session::NOTICE,
        &Notice::said("settings-saved"),
        PAGE,
    )
    .await;
    let lang = settings.language.as_deref().and_then(Lang::from_code);
    if let Ok(cookie) = HeaderValue::from_str(&super::language::cookie(&state, lang)) {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

/// The form as posted, with why it was not saved, for the settings page to show once.
async fn again(
    session: &Session,
    address: &str,
    settings: Settings,
    field_errors: Vec<(String, Notice)>,
    notice: Option<Notice>,
) -> Response {
    let notice = notice.or_else(|| Some(Notice::said("settings-correct-fields")));
    let form = SettingsPage {
        address: address.to_string(),
        settings,
        notice,
        field_errors,
        ..SettingsPage::default()
    };
    super::redirect_keeping(session, SETTINGS_FORM, &form, PAGE).await
}

/// The session's copy of the settings, which the next pages read (the server's is the truth;
/// it is read again at the next login).
pub(crate) async fn remember(session: &Session, settings: &Settings) {
    match session.get::<StoredAccount>(session::ACCOUNT).await {
        Ok(Some(mut stored)) => {
            stored.settings = Some(settings.clone());
            if let Err(error) = session.insert(session::ACCOUNT, &stored).await {
                tracing::warn!(%error, "cannot keep the saved settings in the session");
            }
        }
        Ok(None) => {}
        Err(error) => tracing::warn!(%error, "cannot read the session to keep the settings"),
    }
}

/// `POST /settings/remote-images`: `sender`, `show` (1 or 0), `back` (the message's page).
pub async fn remote_images(
    LoggedInForm(account): LoggedInForm,
    session: Session,
    body: Bytes,
) -> Response {
    let (mut sender, mut show, mut back) = (String::new(), false, String::new());
    for (key, value) in form_urlencoded::parse(&body) {
        match key.as_ref() {
            "sender" => sender = value.trim().to_lowercase(),
            "show" => show = value == "1",
            "back" => back = value.into_owned(),
            _ => {}
        }
    }
    // Shown at once: the page as it is now, with the remote images (or without them); the
    // address is checked for being one of Postern's own after it is made.
    let back = if show && !back.contains("remote=1") && back.starts_with("/mail/message?") {
        format!("{back}&remote=1")
    } else {
        back.replace("&remote=1", "")
    };
    let back = super::language::local_path(&back).to_string();
    if sender.parse::<lettre::Address>().is_err() {
        let notice = Notice::Failed(AppError::said("settings-remote-images-sender"));
        return super::redirect_keeping(&session, session::NOTICE, &notice, &back).await;
    }
    // Changed on what the server keeps now (another client may have changed it since login).
    let notice = match account.load_settings().await {
        Ok((mut settings, _)) => {
            settings.set_remote_images(&sender, show);
            match account.save_settings(&settings).await {
                Ok(()) => {
                    remember(&session, &settings).await;
                    Notice::with(
                        if show {
                            "settings-remote-images-added"
                        } else {
                            "settings-remote-images-removed"
                        },
                        vec![("sender", postern_app::model::Arg::text(sender))],
                    )
                }
                Err(error) => Notice::Failed(error),
            }
        }
        Err(error) => Notice::Failed(error),
    };
    super::redirect_keeping(&session, session::NOTICE, &notice, &back).await
}

/// `POST /settings/addresses`: `forget` (repeated) — addresses to take out of the address book.
pub async fn forget_addresses(
    LoggedInForm(account): LoggedInForm,
    session: Session,
    body: Bytes,
) -> Response {
    let forget: Vec<String> = form_urlencoded::parse(&body)
        .filter(|(key, _)| key == "forget")
        .map(|(_, value)| value.trim().to_lowercase())
        .filter(|value| !value.is_empty())
        .collect();
    let notice = if forget.is_empty() {
        Notice::said("settings-address-none-picked")
    } else {
        match account.forget_addresses(&forget).await {
            Ok(()) => Notice::counted(
                "settings-address-forgotten",
                forget.len() as u64,
                Vec::new(),
            ),
            Err(error) => Notice::Failed(error),
        }
    };
    super::redirect_keeping(&session, session::NOTICE, &notice, PAGE).await
}

#[cfg(test)]
mod tests {
    use super::*;
    /// Its rule allows any address of example.org.
    use crate::compose::fake::FakeAccount;

    #[test]
    fn a_posted_form_reads_every_field() {
        let body = b"display_name=+Ann+%22Boss%22+&reply_to=ann%40example.org&signature=Ann%0D%0AExample%0D%0A%0D%0A&page_size=50&sort=date&language=de&remote_images=News%40Example.org%0D%0A%0D%0Ab%40example.org";
        let s = parse(body, Settings::default());
        assert_eq!(s.display_name, "Ann \"Boss\"");
        assert_eq!(s.reply_to, "ann@example.org");
        assert_eq!(s.signature, "Ann\nExample");
        assert_eq!(s.page_size, Some(50));
        assert_eq!(s.sort, Some(SortKey::Date));
        assert_eq!(s.language.as_deref(), Some("de"));
        assert_eq!(s.remote_images, ["news@example.org", "b@example.org"]);
        assert!(problems(&s, &FakeAccount::default()).is_empty());
        let empty = parse(b"sort=&language=&page_size=", Settings::default());
        assert_eq!(empty, Settings::default());
    }

    #[test]
    fn fields_the_form_does_not_carry_keep_their_values() {
        let base = Settings {
            vacation: (true, "2026-12-01".into(), String::new()),
            identities: vec![NamedAddress {
                address: "sales@example.org".into(),
                name: String::new(),
            }],
            display_name: "Old".into(),
            ..Settings::default()
        };
        let s = parse(b"display_name=New", base.clone());
        assert_eq!(s.display_name, "New");
        assert_eq!(s.vacation, base.vacation);
        assert_eq!(s.identities, base.identities);
    }

    #[test]
    fn a_back_address_is_checked_after_it_is_changed() {
        // `/&remote=1/evil.test` would become `//evil.test` once `&remote=1` is taken out.
        let back = "/&remote=1/evil.test".replace("&remote=1", "");
        assert_eq!(super::super::language::local_path(&back), "/mail");
    }

    #[test]
    fn bad_addresses_are_named() {
        let s = parse(
            b"reply_to=a%40example.org%2C+b%40example.org&remote_images=not+one",
            Settings::default(),
        );
        let fields: Vec<String> = problems(&s, &FakeAccount::default())
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        assert_eq!(fields, ["reply_to", "remote_images"]);
        let s = parse(b"reply_to=nobody", Settings::default());
        assert_eq!(problems(&s, &FakeAccount::default()).len(), 1);
    }

    #[test]
    fn identities_are_read_and_held_to_the_rule() {
        let s = parse(
            b"identities=Sales+Team+%3CSales%40example.org%3E%0D%0Aceo%40example.com%0D%0A%0D%0Anot+one",
            Settings::default(),
        );
        assert_eq!(
            s.identities,
            [
                NamedAddress {
                    address: "sales@example.org".into(),
                    name: "Sales Team".into()
                },
                NamedAddress {
                    address: "ceo@example.com".into(),
                    name: String::new()
                },
                NamedAddress {
                    address: "not one".into(),
                    name: String::new()
                },
            ]
        );
        let found = problems(&s, &FakeAccount::default());
        assert_eq!(found.len(), 1);
        let words = found[0].1.words();
        assert!(
            words.contains("ceo@example.com") && words.contains("not one"),
            "{words}"
        );
        assert!(!words.contains("sales@"), "{words}");
    }
}
