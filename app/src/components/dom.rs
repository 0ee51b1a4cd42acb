//! What the islands' browser code shares of the page (with `hydrate` only).

use wasm_bindgen::JsCast;
use web_sys::Element;

/// A message row of a folder page.
pub const ROW: &str = "[data-testid=message-row]";
/// The class that marks the row the keyboard is on (its link has the focus too).
pub const CURRENT: &str = "current";

/// The nodes of `list` that are `T`, in order.
pub fn items<T: JsCast>(list: web_sys::NodeList) -> impl Iterator<Item = T> {
    (0..list.length()).filter_map(move |i| list.item(i).and_then(|n| n.dyn_into::<T>().ok()))
}

/// The elements of the page `selector` finds, as `T` (none when it is not a selector).
pub fn all<T: JsCast>(selector: &str) -> Vec<T> {
    leptos::prelude::document()
        .query_selector_all(selector)
        .map(|list| items(list).collect())
        .unwrap_or_default()
}

/// The row the keyboard is on: the one marked current, else the one holding the focus.
pub fn current_row() -> Option<Element> {
    let document = leptos::prelude::document();
    document
        .query_selector(&format!("{ROW}.{CURRENT}"))
        .ok()
        .flatten()
        .or_else(|| {
            document
                .active_element()
                .and_then(|e| e.closest(ROW).ok().flatten())
        })
}
