//! Upload progress for the compose form. With JavaScript, a form that carries files is sent
//! with XMLHttpRequest so its upload can be shown; the server then answers with where to go
//! instead of redirecting (`X-Postern-Location`). Without JavaScript, or if anything here
//! fails, the form posts as usual. Either way, a form being sent is not sent a second time
//! by another click (`already_sending`; the one-time token guarantees it without JavaScript).

#[cfg(feature = "hydrate")]
use leptos::prelude::*;

/// The header that asks for a location instead of a redirect, and the one that carries it.
pub const UPLOAD_HEADER: &str = "X-Postern-Upload";
pub const LOCATION_HEADER: &str = "X-Postern-Location";
/// Where the compose form posts to.
pub const COMPOSE_URL: &str = "/mail/compose";

/// Handles the compose form's submit event; `progress` is the upload's percentage.
#[cfg(feature = "hydrate")]
pub fn on_compose_submit(event: web_sys::SubmitEvent, progress: RwSignal<Option<u32>>) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    if already_sending(&event) {
        return;
    }
    let Some((form, data)) = form_with_files(&event) else {
        return;
    };
    let Ok(request) = web_sys::XmlHttpRequest::new() else {
        return;
    };
    // Not `form.action()`: the form's buttons are named "action", and a named control
    // shadows the property of the same name.
    if request.open("POST", COMPOSE_URL).is_err()
        || request.set_request_header(UPLOAD_HEADER, "1").is_err()
    {
        return;
    }
    if let Ok(upload) = request.upload() {
        let on_progress =
            Closure::<dyn FnMut(web_sys::ProgressEvent)>::new(move |e: web_sys::ProgressEvent| {
                if e.length_computable() && e.total() > 0.0 {
                    progress.set(Some((e.loaded() / e.total() * 100.0).round() as u32));
                }
            });
        upload.set_onprogress(Some(on_progress.as_ref().unchecked_ref()));
        on_progress.forget();
    }
    follow_answer(&request, &form, progress);
    if request.send_with_opt_form_data(Some(&data)).is_ok() {
        event.prevent_default();
        progress.set(Some(0));
    }
}

/// A form already being sent is not sent again: a second click (or Enter) while the first
/// post is under way is ignored, and the buttons are shown disabled. They are disabled only
/// after the submit event, when the browser has taken the pressed button's value into what it
/// posts (disabling it during the event would drop `action=send`). If nothing has come back
/// after a while (a stalled link), the buttons work again: the form's one-time token still
/// sends the message at most once.
#[cfg(feature = "hydrate")]
fn already_sending(event: &web_sys::SubmitEvent) -> bool {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let Some(form) = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())
    else {
        return false;
    };
    if form.has_attribute(SENDING) {
        event.prevent_default();
        return true;
    }
    let _ = form.set_attribute(SENDING, "true");
    let Some(window) = web_sys::window() else {
        return false;
    };
    let sending = form.clone();
    let disable = Closure::once_into_js(move || set_buttons_disabled(&sending, true));
    let _ = window.set_timeout_with_callback(disable.unchecked_ref());
    let stalled = form.clone();
    let enable = Closure::once_into_js(move || sending_over(&stalled));
    let _ = window
        .set_timeout_with_callback_and_timeout_and_arguments_0(enable.unchecked_ref(), 30_000);
    // Back to this page from the browser's cache (the post went, then Back): usable again.
    let shown = form.clone();
    let on_show = Closure::<dyn FnMut()>::new(move || sending_over(&shown));
    window.set_onpageshow(Some(on_show.as_ref().unchecked_ref()));
    on_show.forget();
    false
}

/// The attribute on the compose form while it is being sent.
#[cfg(feature = "hydrate")]
const SENDING: &str = "data-sending";

#[cfg(feature = "hydrate")]
fn sending_over(form: &web_sys::HtmlFormElement) {
    set_buttons_disabled(form, false);
    let _ = form.remove_attribute(SENDING);
}

#[cfg(feature = "hydrate")]
fn set_buttons_disabled(form: &web_sys::HtmlFormElement, disabled: bool) {
    let Ok(list) = form.query_selector_all("button[type=submit]") else {
        return;
    };
    for button in super::dom::items::<web_sys::HtmlButtonElement>(list) {
        button.set_disabled(disabled);
    }
}

/// The submitted form and what it would post, when it holds files (else the browser posts it).
#[cfg(feature = "hydrate")]
fn form_with_files(
    event: &web_sys::SubmitEvent,
) -> Option<(web_sys::HtmlFormElement, web_sys::FormData)> {
    use wasm_bindgen::JsCast;
    let form = event
        .target()
        .and_then(|t| t.dyn_into::<web_sys::HtmlFormElement>().ok())?;
    let has_files = form
        .query_selector("input[type=file]")
        .ok()
        .flatten()
        .and_then(|i| i.dyn_into::<web_sys::HtmlInputElement>().ok())
        .and_then(|i| i.files())
        .is_some_and(|f| f.length() > 0);
    if !has_files {
        return None;
    }
    let data = web_sys::FormData::new_with_form(&form).ok()?;
    // The pressed button (Send or Save draft) is part of what a browser would post.
    if let Some(button) = event
        .submitter()
        .and_then(|s| s.dyn_into::<web_sys::HtmlButtonElement>().ok())
    {
        let _ = data.append_with_str(&button.name(), &button.value());
    }
    Some((form, data))
}

/// Goes where the server's answer says; posts the form the ordinary way if the answer is not
/// the one expected or the request fails.
#[cfg(feature = "hydrate")]
fn follow_answer(
    request: &web_sys::XmlHttpRequest,
    form: &web_sys::HtmlFormElement,
    progress: RwSignal<Option<u32>>,
) {
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    let answered = request.clone();
    let fallback = form.clone();
    let on_load = Closure::<dyn FnMut()>::new(move || {
        let location = answered
            .get_response_header(LOCATION_HEADER)
            .ok()
            .flatten()
            .filter(|l| l.starts_with('/'));
        match (location, web_sys::window()) {
            (Some(location), Some(window)) => {
                let _ = window.location().assign(&location);
            }
            // Not the answer expected: post the form the ordinary way.
            _ => {
                let _ = fallback.submit();
            }
        }
    });
    request.set_onload(Some(on_load.as_ref().unchecked_ref()));
    on_load.forget();
    let fallback = form.clone();
    let on_error = Closure::<dyn FnMut()>::new(move || {
        progress.set(None);
        let _ = fallback.submit();
    });
    request.set_onerror(Some(on_error.as_ref().unchecked_ref()));
    on_error.forget();
}
