//! The only parts of a page that run in the browser (Leptos islands): everything else is
//! rendered by the server and stays plain HTML, so the wasm bundle holds just these.
//!
//! - [`ComposeScript`]: the compose form's upload progress, the guard against a second Send
//!   and the autosave, attached to the server-rendered form around it.
//! - [`HydrationMark`]: the last island of every page; it marks `#postern` with
//!   `data-hydrated="true"` once the islands before it have come to life.

use leptos::prelude::*;

/// Upload progress, the second-Send guard and the autosave of the compose form it sits in.
#[island]
pub fn ComposeScript() -> impl IntoView {
    let progress = RwSignal::new(None::<u32>);
    #[cfg(feature = "hydrate")]
    {
        // Listened for at the window: the form is the server's, not this island's. Submit and
        // input both bubble; only the compose form's count.
        let _ = window_event_listener(leptos::ev::submit, move |event| {
            if in_compose_form(event.target()) {
                crate::components::upload::on_compose_submit(event, progress);
            }
        });
        let _ = window_event_listener(leptos::ev::input, move |event| {
            if in_compose_form(event.target()) {
                crate::components::autosave::typed();
            }
        });
    }
    view! {
        <progress
            class="upload-progress"
            max="100"
            value=move || progress.get().unwrap_or(0).to_string()
            hidden=move || progress.get().is_none()
            data-testid="compose-progress"
        ></progress>
    }
}

/// Whether an event happened in (or on) the compose form.
#[cfg(feature = "hydrate")]
fn in_compose_form(target: Option<web_sys::EventTarget>) -> bool {
    use wasm_bindgen::JsCast;
    target
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("form[data-testid=\"compose\"]").ok().flatten())
        .is_some()
}

/// Sets `data-hydrated="true"` on `#postern`. Islands come to life in document order, and this
/// one is last: once it has run, every island of the page has (one that failed stops the rest).
#[island]
pub fn HydrationMark() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    Effect::new(move |_| {
        if let Some(root) = document().get_element_by_id("postern") {
            let _ = root.set_attribute("data-hydrated", "true");
        }
    });
}
