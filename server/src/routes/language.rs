//! `GET /language?set=de&back=/mail`: remembers the chosen language (a cookie, a year) and goes
//! back to the page the choice was made on. A link, so it works in every browser.

use axum::extract::{Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use postern_app::i18n::{LANG_COOKIE, Lang};
use serde::Deserialize;

use crate::state::AppState;

#[derive(Deserialize)]
pub struct Choice {
    #[serde(default)]
    set: String,
    #[serde(default)]
    back: String,
}

/// Only a path of this site: never another host (`//host`, `/\host`), never a scheme.
pub fn local_path(back: &str) -> &str {
    let local = back.starts_with('/')
        && !back.starts_with("//")
        && !back.starts_with("/\\")
        && !back.chars().any(|c| c.is_control());
    if local { back } else { "/mail" }
}

/// `Set-Cookie` remembering `lang` for a year; `None` forgets the choice (the browser's
/// language again).
pub fn cookie(state: &AppState, lang: Option<Lang>) -> String {
    let secure = if state.cookies.secure { "; Secure" } else { "" };
    match lang {
        Some(lang) => format!(
            "{LANG_COOKIE}={}; Path=/; Max-Age=31536000; SameSite=Lax{secure}",
            lang.code()
        ),
        None => format!("{LANG_COOKIE}=; Path=/; Max-Age=0; SameSite=Lax{secure}"),
    }
}

pub async fn choose(State(state): State<AppState>, Query(choice): Query<Choice>) -> Response {
    let mut response = Redirect::to(local_path(&choice.back)).into_response();
    if let Some(lang) = Lang::from_code(&choice.set).filter(|l| l.code() == choice.set)
        && let Ok(cookie) = HeaderValue::from_str(&cookie(&state, Some(lang)))
    {
        response.headers_mut().append(header::SET_COOKIE, cookie);
    }
    response
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_local_path_is_followed() {
        assert_eq!(local_path("/mail?folder=INBOX"), "/mail?folder=INBOX");
        assert_eq!(local_path("/login"), "/login");
        for foreign in [
            "//evil.test/",
            "/\\evil.test",
            "https://evil.test/",
            "",
            "mail",
            "/a\nb",
        ] {
            assert_eq!(local_path(foreign), "/mail", "{foreign:?}");
        }
    }
}
