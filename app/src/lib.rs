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
pub mod i18n;
pub mod model;
pub mod pages;
#[cfg(feature = "ssr")]
pub mod port;
pub mod url;

/// Entry point of the wasm bundle. The pages are the server's (every link and form loads a
/// page); the bundle only brings the islands of `components::islands` to life, which the
/// loader in the page does right after this.
#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    leptos::mount::hydrate_islands();
}
