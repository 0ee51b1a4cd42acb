//! Login and logout as plain form posts answered with redirects: they work the same with
//! JavaScript on or off.

use std::net::SocketAddr;

use axum::Form;
use axum::extract::ConnectInfo;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Redirect, Response};
use postern_app::error::AppError;
use postern_app::i18n::Lang;
use postern_app::model::LoginFormState;
use postern_app::port::MailAccount;
use serde::Deserialize;
use tower_sessions::Session;
use zeroize::Zeroizing;

use crate::session::{self, SealedPassword, SessionKey, StoredAccount, random_id};
use crate::state::AppState;
use crate::throttle::client_ip;

#[derive(Deserialize)]
pub struct LoginForm {
    #[serde(default)]
    email: String,
    #[serde(default)]
    password: String,
}

/// `POST /login`: checks the address and password against IMAP and keeps the connection.
pub async fn login(
    State(state): State<AppState>,
    ConnectInfo(peer): ConnectInfo<SocketAddr>,
    headers: HeaderMap,
    session: Session,
    Form(form): Form<LoginForm>,
) -> Response {
    let address = form.email.trim().to_string();
    let password = Zeroizing::new(form.password);
    let client = client_ip(peer, &headers, &state.settings.trusted_proxies);
    let result = match state.throttle.check(client, &address).await {
        Err(error) => {
            tracing::error!(%error, "login refused: the login counters cannot be read");
            Err(AppError::Unavailable)
        }
        Ok(Err(wait)) => {
            tracing::warn!(%address, %client, "login refused: too many failures");
            Err(AppError::TooManyAttempts {
                minutes: wait.as_secs().div_ceil(60).max(1) as u32,
            })
        }
        Ok(Ok(())) if password.is_empty() => Err(AppError::WrongCredentials),
        Ok(Ok(())) => {
            let result = state.pool.connector().login(&address, &password).await;
            let counted = match &result {
                Ok(_) => state.throttle.succeeded(&address).await,
                Err(AppError::WrongCredentials) => state.throttle.failed(client, &address).await,
                Err(_) => Ok(()),
            };
            if let Err(error) = counted {
                tracing::error!(%error, "a login could not be counted");
            }
            result
        }
    };
    crate::metrics::login(&result);
    match result {
        Ok(connection) => match start_session(&state, &session, &address, &password).await {
            Ok((mut stored, key)) => {
                state.pool.insert(&stored.connection_id, connection).await;
                tracing::info!(%address, "logged in");
                // The person's settings, read once for the session (on the connection just
                // opened); without them the defaults serve.
                let account = crate::startup::account_for(&state, stored.clone(), key.clone());
                let language = match account.load_settings().await {
                    Ok((settings, _)) => {
                        let language = settings.language.clone();
                        stored.settings = Some(settings);
                        if let Err(error) = session.insert(session::ACCOUNT, &stored).await {
                            tracing::warn!(%error, "cannot keep the settings in the session");
                        }
                        language
                    }
                    Err(error) => {
                        tracing::warn!(%address, %error, "cannot read the settings at login");
                        None
                    }
                };
                let carry = state.cookies.carry_from(&headers);
                let to = match &carry {
                    Some(cookie) => resume(&state, &session, stored, key.clone(), cookie).await,
                    None => "/mail".to_string(),
                };
                let mut response = Redirect::to(&to).into_response();
                if let Ok(cookie) = HeaderValue::from_str(&state.cookies.key_cookie(Some(&key))) {
                    response.headers_mut().append(header::SET_COOKIE, cookie);
                }
                // The language the person chose in their settings, on this browser too.
                if let Some(lang) = language.as_deref().and_then(Lang::from_code)
                    && let Ok(cookie) =
                        HeaderValue::from_str(&super::language::cookie(&state, Some(lang)))
                {
                    response.headers_mut().append(header::SET_COOKIE, cookie);
                }
                if carry.is_some()
                    && let Ok(cookie) = HeaderValue::from_str(&state.cookies.carry_cookie(None))
                {
                    response.headers_mut().append(header::SET_COOKIE, cookie);
                }
                response
            }
            Err(error) => {
                tracing::error!(%error, "cannot store the session");
                back_to_login(&session, address, AppError::Internal).await
            }
        },
        // The session store is down: nothing can be kept for the page; the address says it.
        Err(AppError::Unavailable) => Redirect::to(UNAVAILABLE_LOGIN).into_response(),
        Err(error) => {
            tracing::info!(%address, %error, "login failed");
            back_to_login(&session, address, error).await
        }
    }
}

/// The login page saying that logging in cannot work right now.
pub const UNAVAILABLE_LOGIN: &str = "/login?unavailable";

/// The compose form that was posted when the session had ended, back in the compose page:
/// where to go after the login (the Inbox when nothing waits).
async fn resume(
    state: &AppState,
    session: &Session,
    stored: StoredAccount,
    key: SessionKey,
    cookie: &str,
) -> String {
    let Some(carried) = state.carried.take(cookie).await else {
        return "/mail".to_string();
    };
    // Written as another account (a shared computer): not this person's to see.
    if !carried.belongs_to(&stored.address) {
        tracing::info!("a carried form of another account was discarded at login");
        return "/mail".to_string();
    }
    let account = crate::startup::account_for(state, stored, key);
    let reason = postern_app::model::Notice::said("compose-resumed");
    let form = crate::compose::not_sent(&account, &carried.into_submission(), reason).await;
    let to = match &form.draft {
        Some(draft) => postern_app::url::compose_from("draft", draft),
        None => "/mail/compose".to_string(),
    };
    tracing::info!("a message written before the session ended is back in its form");
    if let Err(error) = session.insert(session::COMPOSE, &form).await {
        tracing::error!(%error, "cannot keep the resumed form for its page");
    }
    to
}

async fn start_session(
    state: &AppState,
    session: &Session,
    address: &str,
    password: &str,
) -> Result<(StoredAccount, SessionKey), tower_sessions::session::Error> {
    // A new session id at login: an id planted before login is worth nothing after it.
    session.cycle_id().await?;
    let key = SessionKey::generate();
    let stored = StoredAccount {
        address: address.to_string(),
        connection_id: random_id(),
        sealed_password: SealedPassword::seal(&key, address, password),
        settings: None,
    };
    session.insert(session::ACCOUNT, &stored).await?;
    let _ = state;
    Ok((stored, key))
}

/// Remembers the address and the error for the login page, then sends the browser there.
async fn back_to_login(session: &Session, email: String, error: AppError) -> Response {
    let form = LoginFormState {
        email,
        error: Some(error),
        ..Default::default()
    };
    if let Err(store_error) = session.insert(session::LOGIN_FORM, &form).await {
        tracing::error!(error = %store_error, "cannot keep the login error for the page");
    }
    Redirect::to("/login").into_response()
}

/// `POST /logout`: LOGOUT on IMAP, session gone, key cookie cleared.
pub async fn logout(State(state): State<AppState>, session: Session) -> Response {
    if let Ok(Some(account)) = session.get::<StoredAccount>(session::ACCOUNT).await {
        state.live.close(&account.connection_id);
        state.pool.close(&account.connection_id).await;
        tracing::info!(address = %account.address, "logged out");
    }
    if let Err(error) = session.flush().await {
        tracing::error!(%error, "cannot delete the session");
    }
    let mut response = Redirect::to("/login").into_response();
    for cookie in [
        state.cookies.key_cookie(None),
        state.cookies.carry_cookie(None),
    ] {
        if let Ok(cookie) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, cookie);
        }
    }
    response
}
