//! Drafts saved by themselves (with JavaScript): 30 seconds after the last keystroke in the
//! compose form, and when the page is hidden or left, the form goes to the server as "Save
//! draft" with `autosave=1` (files are not sent again). The server answers with the draft's
//! place, which goes into the form's `draft` field, so that the next save replaces that version
//! by UID; the draft's Message-ID is the same for every version of one form, so even two saves
//! that cross (the page left while a timed save is on its way) leave one copy.

/// Milliseconds of no typing before a save.
pub const AFTER_TYPING_MS: i32 = 30_000;

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::Cell;

    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;

    use super::AFTER_TYPING_MS;
    use crate::components::upload::COMPOSE_URL;

    thread_local! {
        /// The pending timed save.
        static TIMER: Cell<Option<i32>> = const { Cell::new(None) };
        /// Typed since the last save.
        static DIRTY: Cell<bool> = const { Cell::new(false) };
        /// The page-hide listeners are in place.
        static LISTENING: Cell<bool> = const { Cell::new(false) };
    }

    fn compose_form() -> Option<web_sys::HtmlFormElement> {
        web_sys::window()?
            .document()?
            .query_selector("form[data-testid=\"compose\"]")
            .ok()
            .flatten()?
            .dyn_into::<web_sys::HtmlFormElement>()
            .ok()
    }

    /// What a save posts: the form as typed, as "Save draft", without files.
    fn save_data(form: &web_sys::HtmlFormElement) -> Option<web_sys::FormData> {
        // A form being sent is not saved over; nor one holding its draft's attachments (their
        // places change with each version: a save would lose them).
        let holds_draft_files = form
            .query_selector("input[name=\"keep\"][value^=\"draft:\"]")
            .ok()
            .flatten()
            .is_some();
        if form.has_attribute("data-sending") || holds_draft_files {
            return None;
        }
        let data = web_sys::FormData::new_with_form(form).ok()?;
        data.delete("attach");
        data.set_with_str("action", "save").ok()?;
        data.set_with_str("autosave", "1").ok()?;
        Some(data)
    }

    fn save_now() {
        let Some(form) = compose_form() else {
            return;
        };
        if !DIRTY.with(Cell::get) {
            return;
        }
        let Some(data) = save_data(&form) else {
            return;
        };
        let Ok(request) = web_sys::XmlHttpRequest::new() else {
            return;
        };
        if request.open("POST", COMPOSE_URL).is_err()
            || request
                .set_request_header("X-Postern-Autosave", "1")
                .is_err()
        {
            return;
        }
        DIRTY.with(|d| d.set(false));
        let answered = request.clone();
        let on_load = Closure::<dyn FnMut()>::new(move || {
            if answered.status().unwrap_or(0) != 200 {
                // Not saved (the session ended, the server refused): try again later.
                DIRTY.with(|d| d.set(true));
                return;
            }
            let place = answered.response_text().ok().flatten().unwrap_or_default();
            if place.is_empty() {
                return;
            }
            if let Some(field) = compose_form()
                .and_then(|f| f.query_selector("input[name=\"draft\"]").ok().flatten())
                .and_then(|e| e.dyn_into::<web_sys::HtmlInputElement>().ok())
            {
                field.set_value(&place);
            }
        });
        request.set_onload(Some(on_load.as_ref().unchecked_ref()));
        on_load.forget();
        let _ = request.send_with_opt_form_data(Some(&data));
    }

    /// The page is hidden or left: what was typed since the last save goes now, by beacon (it
    /// is sent even as the page goes away).
    fn save_on_leaving() {
        let (Some(window), Some(form)) = (web_sys::window(), compose_form()) else {
            return;
        };
        if !DIRTY.with(Cell::get) {
            return;
        }
        let Some(data) = save_data(&form) else {
            return;
        };
        if window
            .navigator()
            .send_beacon_with_opt_form_data(COMPOSE_URL, Some(&data))
            .unwrap_or(false)
        {
            DIRTY.with(|d| d.set(false));
        }
    }

    fn listen_for_leaving(window: &web_sys::Window) {
        if LISTENING.with(|l| l.replace(true)) {
            return;
        }
        let on_hide = Closure::<dyn FnMut()>::new(save_on_leaving);
        let _ =
            window.add_event_listener_with_callback("pagehide", on_hide.as_ref().unchecked_ref());
        on_hide.forget();
        let on_visibility = Closure::<dyn FnMut()>::new(|| {
            let hidden = web_sys::window()
                .and_then(|w| w.document())
                .is_some_and(|d| d.visibility_state() == web_sys::VisibilityState::Hidden);
            if hidden {
                save_on_leaving();
            }
        });
        if let Some(document) = window.document() {
            let _ = document.add_event_listener_with_callback(
                "visibilitychange",
                on_visibility.as_ref().unchecked_ref(),
            );
        }
        on_visibility.forget();
    }

    /// Something was typed in the compose form: save after a pause.
    pub fn typed() {
        let Some(window) = web_sys::window() else {
            return;
        };
        listen_for_leaving(&window);
        DIRTY.with(|d| d.set(true));
        if let Some(timer) = TIMER.with(Cell::take) {
            window.clear_timeout_with_handle(timer);
        }
        let save = Closure::once_into_js(save_now);
        if let Ok(timer) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
            save.unchecked_ref(),
            AFTER_TYPING_MS,
        ) {
            TIMER.with(|t| t.set(Some(timer)));
        }
    }
}

/// Something was typed in the compose form.
#[cfg(feature = "hydrate")]
pub fn typed() {
    browser::typed();
}
