//! Keyboard shortcuts (with JavaScript): the island listens for keys at the window and presses
//! the page's own links and buttons, so a shortcut does exactly what a click would (the same
//! form, the same confirmation). The words of the `?` list come from the server in the
//! attributes of an empty element, and the script builds the dialog from them only when asked:
//! the bundle carries no text of it, and a browser without script (a text browser shows every
//! element, `hidden` or not) shows nothing of it.

use leptos::prelude::*;

use crate::i18n::{t, translate, use_lang};

/// Every shortcut and the catalogue key of what it does, as the help dialog and
/// `docs/shortcuts.md` list them.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("j", "shortcut-next"),
    ("k", "shortcut-previous"),
    ("o / Enter", "shortcut-open"),
    ("u", "shortcut-back"),
    ("r", "shortcut-reply"),
    ("a", "shortcut-reply-all"),
    ("f", "shortcut-forward"),
    ("c", "shortcut-compose"),
    ("#", "shortcut-delete"),
    ("s", "shortcut-flag"),
    ("x", "shortcut-select"),
    ("/", "shortcut-search"),
    ("?", "shortcut-help"),
];

/// The words of the shortcuts' list, for the script to build it from (nothing is shown).
#[component]
pub fn ShortcutsHelp() -> impl IntoView {
    let keys = SHORTCUTS
        .iter()
        .map(|(key, what)| format!("{key}\t{}", translate(use_lang(), what, &[])))
        .collect::<Vec<_>>()
        .join("\n");
    view! {
        <div
            id="shortcuts-words"
            hidden
            data-title=t("shortcuts-title")
            data-hint=t("shortcuts-hint")
            data-close=t("shortcuts-close")
            data-keys=keys
        ></div>
    }
}

/// Listens for the shortcuts on every page that has an account bar.
#[island]
pub fn Shortcuts() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        let _ = window_event_listener(leptos::ev::keydown, keys::pressed);
    }
}

#[cfg(feature = "hydrate")]
mod keys {
    use wasm_bindgen::JsCast;
    use web_sys::{Element, HtmlDialogElement, HtmlElement, KeyboardEvent};

    use super::super::dom::{self, CURRENT, current_row};

    pub fn pressed(event: KeyboardEvent) {
        if event.default_prevented()
            || event.ctrl_key()
            || event.alt_key()
            || event.meta_key()
            || event.is_composing()
        {
            return;
        }
        let target = event.target().and_then(|t| t.dyn_into::<Element>().ok());
        if target.as_ref().is_some_and(typing) || dialog_open() {
            return;
        }
        let key = event.key();
        let done = match key.as_str() {
            "j" => step(1),
            "k" => step(-1),
            "o" => press(current_link()),
            // Enter on a focused link or button is the browser's own.
            "Enter" => target.as_ref().is_some_and(is_body) && press(current_link()),
            "u" => press(by_id("back-to-folder")),
            "r" => press(by_id("reply")),
            "a" => press(by_id("reply-all")),
            "f" => press(by_id("forward")),
            "c" => press(by_id("compose-new")),
            "#" => on_chosen("delete"),
            "s" => flag(),
            "x" => {
                press(current_row().and_then(|row| within(&row, "[data-testid=select-message]")))
            }
            "/" => focus(by_id("search-input")),
            "?" => help(),
            _ => false,
        };
        if done {
            event.prevent_default();
        }
    }

    /// Whether keys typed at `element` are text (a field, an editable area, a select).
    fn typing(element: &Element) -> bool {
        matches!(element.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
            || element
                .dyn_ref::<HtmlElement>()
                .is_some_and(|e| e.is_content_editable())
    }

    fn is_body(element: &Element) -> bool {
        matches!(element.tag_name().as_str(), "BODY" | "HTML" | "MAIN" | "LI")
    }

    fn dialog_open() -> bool {
        query("dialog[open]").is_some()
    }

    fn query(selector: &str) -> Option<Element> {
        leptos::prelude::document()
            .query_selector(selector)
            .ok()
            .flatten()
    }

    fn within(element: &Element, selector: &str) -> Option<Element> {
        element.query_selector(selector).ok().flatten()
    }

    fn by_id(testid: &str) -> Option<Element> {
        query(&format!("[data-testid={testid}]"))
    }

    fn press(element: Option<Element>) -> bool {
        match element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            Some(element) => {
                element.click();
                true
            }
            None => false,
        }
    }

    fn focus(element: Option<Element>) -> bool {
        match element.and_then(|e| e.dyn_into::<HtmlElement>().ok()) {
            Some(element) => element.focus().is_ok(),
            None => false,
        }
    }

    fn rows() -> Vec<Element> {
        dom::all(dom::ROW)
    }

    fn current_link() -> Option<Element> {
        current_row().and_then(|row| within(&row, "a"))
    }

    /// Moves the current row by `by` (the first row when none is current yet).
    fn step(by: i32) -> bool {
        let rows = rows();
        if rows.is_empty() {
            return false;
        }
        let now = current_row().and_then(|row| rows.iter().position(|r| *r == row));
        let next = match now {
            None => 0,
            Some(i) => (i as i32 + by).clamp(0, rows.len() as i32 - 1) as usize,
        };
        for row in &rows {
            let _ = row.class_list().remove_1(CURRENT);
        }
        let row = &rows[next];
        let _ = row.class_list().add_1(CURRENT);
        focus(within(row, "a"));
        true
    }

    /// Presses the list's `testid` button for the ticked messages (ticking the current one
    /// when none is), or the message page's own.
    fn on_chosen(testid: &str) -> bool {
        let Some(button) = by_id(testid) else {
            return false;
        };
        let in_list = button.closest("form.bulk").ok().flatten().is_some();
        if in_list && query("[data-testid=select-message]:checked").is_none() {
            let Some(tick) = current_row().and_then(|r| within(&r, "[data-testid=select-message]"))
            else {
                return false;
            };
            press(Some(tick));
        }
        press(Some(button))
    }

    /// Flags the chosen messages, or unflags them when the current one is flagged already.
    fn flag() -> bool {
        if by_id("unflag").is_some() && by_id("flag").is_none() {
            return press(by_id("unflag"));
        }
        let flagged = current_row()
            .and_then(|r| r.get_attribute("data-flagged"))
            .is_some_and(|f| f == "true");
        on_chosen(if flagged { "unflag" } else { "flag" })
    }

    /// Opens the list of shortcuts, building it the first time from the server's words.
    fn help() -> bool {
        if by_id("shortcuts-help").is_none() && build_help().is_none() {
            return false;
        }
        match by_id("shortcuts-help").and_then(|d| d.dyn_into::<HtmlDialogElement>().ok()) {
            Some(dialog) => dialog.show_modal().is_ok(),
            None => false,
        }
    }

    fn add(parent: &Element, child: &Element) -> Option<()> {
        parent.append_child(child).ok().map(|_| ())
    }

    fn build_help() -> Option<()> {
        let document = leptos::prelude::document();
        let words = document.get_element_by_id("shortcuts-words")?;
        let word = |name: &str| words.get_attribute(name).unwrap_or_default();
        let element = |tag: &str, text: &str| -> Option<Element> {
            let element = document.create_element(tag).ok()?;
            element.set_text_content(Some(text));
            Some(element)
        };
        let dialog = element("dialog", "")?;
        dialog.set_class_name("shortcuts-help");
        dialog.set_attribute("data-testid", "shortcuts-help").ok()?;
        dialog
            .set_attribute("aria-labelledby", "shortcuts-title")
            .ok()?;
        let title = element("h2", &word("data-title"))?;
        title.set_id("shortcuts-title");
        add(&dialog, &title)?;
        add(&dialog, &element("p", &word("data-hint"))?)?;
        let list = element("dl", "")?;
        for line in word("data-keys").split('\n') {
            let (key, what) = line.split_once('\t')?;
            let pair = element("div", "")?;
            let term = element("dt", "")?;
            add(&term, &element("kbd", key)?)?;
            add(&pair, &term)?;
            add(&pair, &element("dd", what)?)?;
            add(&list, &pair)?;
        }
        add(&dialog, &list)?;
        let form = element("form", "")?;
        form.set_attribute("method", "dialog").ok()?;
        let close = element("button", &word("data-close"))?;
        close.set_attribute("data-testid", "shortcuts-close").ok()?;
        close.set_attribute("autofocus", "").ok()?;
        add(&form, &close)?;
        add(&dialog, &form)?;
        document.body()?.append_child(&dialog).ok()?;
        Some(())
    }
}
