//! Postern's user interface and the types it shares with the server.
//!
//! Compiled twice: with `ssr` into the server (rendering pages, running server functions) and with
//! `hydrate` into the browser's wasm bundle, which only makes server-rendered pages interactive.
//! Server-only crates sit behind `ssr` and never reach the wasm build.

#![recursion_limit = "256"]

pub mod api;
pub mod app;
pub mod components;
pub mod error;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
pub mod url;

/// Entry point of the wasm bundle: attach to the server-rendered page.
///
/// The bundle loads after the page: a Back or Forward between history entries of this same
/// document (entries the router pushed before a reload) can happen before anything listens, and
/// the address bar then names another page than the one the server rendered (the page says
/// which, in `<meta name="postern-rendered">`). Hydrating would keep the rendered page under
/// the new address, so the page is loaded again instead — once per address, so a mismatch
/// Postern cannot explain never loops.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    if moved_before_hydration() {
        return;
    }
    leptos::mount::hydrate_body(app::App);
}

/// True when the address changed since the server rendered this page, and a reload was started.
#[cfg(feature = "hydrate")]
fn moved_before_hydration() -> bool {
    const KEY: &str = "postern-reloaded-for";
    let Some(window) = web_sys::window() else {
        return false;
    };
    let location = window.location();
    let here = format!(
        "{}{}",
        location.pathname().unwrap_or_default(),
        location.search().unwrap_or_default()
    );
    let rendered = window
        .document()
        .and_then(|d| {
            d.query_selector("meta[name=postern-rendered]")
                .ok()
                .flatten()
        })
        .and_then(|meta| meta.get_attribute("content"))
        .filter(|rendered| !rendered.is_empty());
    let storage = window.session_storage().ok().flatten();
    let Some(rendered) = rendered.filter(|rendered| *rendered != here) else {
        if let Some(storage) = &storage {
            let _ = storage.remove_item(KEY);
        }
        return false;
    };
    if let Some(storage) = &storage {
        if storage.get_item(KEY).ok().flatten().as_deref() == Some(here.as_str()) {
            return false;
        }
        let _ = storage.set_item(KEY, &here);
    }
    leptos::logging::log!("rendered for {rendered}, now at {here}: loading the page again");
    location.reload().is_ok()
}
