use leptos::prelude::*;

use crate::error::AppError;
use crate::model::LoginFormState;

/// The address and error left by the last failed login of this browser (shown once).
#[server(endpoint = "fetch_login_form")]
pub async fn fetch_login_form() -> Result<LoginFormState, AppError> {
    let request = crate::port::request_context().await?;
    Ok(request.login_form.unwrap_or_default())
}
