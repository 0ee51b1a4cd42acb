//! Address suggestions in To, Cc and Bcc. Without JavaScript the fields name the page's
//! `<datalist id="address-book">` (the browser suggests whole values). With it, this island
//! — one per field, placed after it — suggests for the address being typed after the last
//! comma or semicolon, from the same datalist, as an ARIA combobox: ↓/↑ pick, Enter or a click
//! takes, Escape closes.

use leptos::prelude::*;

/// The id of the page's list of addresses.
pub const ADDRESS_BOOK: &str = "address-book";
/// Most suggestions shown at once.
pub const SHOWN: usize = 8;

/// The suggestions that fit `typed` (the field's whole value): those containing the address
/// being typed (after the last separator), without the ones the field holds already.
pub fn matching(book: &[String], typed: &str) -> Vec<String> {
    let (before, current) = match typed.rfind([',', ';']) {
        Some(at) => (&typed[..at], &typed[at + 1..]),
        None => ("", typed),
    };
    let current = current.trim().to_lowercase();
    if current.is_empty() {
        return Vec::new();
    }
    // The addresses the field holds already (whole addresses, not parts of them).
    let held: Vec<String> = before
        .split([',', ';'])
        .map(|piece| address_of(&piece.to_lowercase()))
        .filter(|a| !a.is_empty())
        .collect();
    book.iter()
        .filter(|entry| {
            let lower = entry.to_lowercase();
            lower.contains(&current) && !held.contains(&address_of(&lower))
        })
        .take(SHOWN)
        .cloned()
        .collect()
}

/// The field's value with the address being typed replaced by `chosen`, ready for the next.
pub fn taken(typed: &str, chosen: &str) -> String {
    match typed.rfind([',', ';']) {
        Some(at) => format!("{}, {chosen}, ", typed[..at].trim_end()),
        None => format!("{chosen}, "),
    }
}

/// `ann@example.org` of `Ann <ann@example.org>` (or of a bare address).
fn address_of(entry: &str) -> String {
    match (entry.rfind('<'), entry.rfind('>')) {
        (Some(start), Some(end)) if start < end => entry[start + 1..end].to_string(),
        _ => entry.trim().to_string(),
    }
}

/// The suggestion list of the field named `field` (`to`, `cc`, `bcc`).
#[island]
pub fn AddressSuggest(field: String) -> impl IntoView {
    let shown = RwSignal::new(Vec::<String>::new());
    let active = RwSignal::new(None::<usize>);
    let list_id = format!("suggest-{field}");
    #[cfg(feature = "hydrate")]
    browser::attach(field.clone(), list_id.clone(), shown, active);
    let option_id = {
        let list_id = list_id.clone();
        move |n: usize| format!("{list_id}-{n}")
    };
    let field_for_click = field.clone();
    // Nothing at all while closed: a text browser, which knows no `hidden`, would show an empty
    // list's blank line under every recipient field.
    move || {
        let open = shown.with(|s| !s.is_empty());
        let field = field_for_click.clone();
        let option_id = option_id.clone();
        open.then(|| {
            view! {
            <ul
                class="suggestions"
                role="listbox"
                id=list_id.clone()
                data-testid="address-suggestions"
            >
                {move || {
                    let field = field.clone();
                    let option_id = option_id.clone();
                    shown
                        .get()
                        .into_iter()
                        .enumerate()
                        .map(|(n, entry)| {
                            let field = field.clone();
                            let chosen = entry.clone();
                            view! {
                                <li
                                    role="option"
                                    id=option_id(n)
                                    aria-selected=move || (active.get() == Some(n)).to_string()
                                    class:active=move || active.get() == Some(n)
                                    data-testid="address-suggestion"
                                    on:mousedown=move |event| {
                                        // Before the field loses focus (which closes the list).
                                        event.prevent_default();
                                        #[cfg(feature = "hydrate")]
                                        browser::take(&field, &chosen, shown, active);
                                        #[cfg(not(feature = "hydrate"))]
                                        let _ = (&field, &chosen);
                                    }
                                >
                                    {entry}
                                </li>
                            }
                        })
                        .collect_view()
                }}
            </ul>
            }
        })
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use leptos::prelude::*;
    use wasm_bindgen::JsCast;

    /// The field's input in the compose form.
    fn input(field: &str) -> Option<web_sys::HtmlInputElement> {
        document()
            .query_selector(&format!(
                "form[data-testid=\"compose\"] input[name=\"{field}\"]"
            ))
            .ok()
            .flatten()
            .and_then(|e| e.dyn_into().ok())
    }

    /// The page's addresses, as its datalist holds them.
    fn book() -> Vec<String> {
        let Some(list) = document().get_element_by_id(super::ADDRESS_BOOK) else {
            return Vec::new();
        };
        let options = list.children();
        (0..options.length())
            .filter_map(|n| options.item(n))
            .filter_map(|o| o.get_attribute("value"))
            .collect()
    }

    pub fn attach(
        field: String,
        list_id: String,
        shown: RwSignal<Vec<String>>,
        active: RwSignal<Option<usize>>,
    ) {
        let Some(element) = input(&field) else {
            return;
        };
        // This list replaces the browser's own (which would suggest whole values only).
        let _ = element.remove_attribute("list");
        let _ = element.set_attribute("role", "combobox");
        let _ = element.set_attribute("aria-autocomplete", "list");
        let _ = element.set_attribute("aria-expanded", "false");
        let book = StoredValue::new(book());
        // The input's state follows the list's.
        Effect::new({
            let field = field.clone();
            let list_id = list_id.clone();
            move |_| {
                let open = shown.with(|s| !s.is_empty());
                if let Some(element) = input(&field) {
                    let _ =
                        element.set_attribute("aria-expanded", if open { "true" } else { "false" });
                    // The list exists only while open.
                    if open {
                        let _ = element.set_attribute("aria-controls", &list_id);
                    } else {
                        let _ = element.remove_attribute("aria-controls");
                    }
                    match active.get().filter(|_| open) {
                        Some(n) => {
                            let _ = element
                                .set_attribute("aria-activedescendant", &format!("{list_id}-{n}"));
                        }
                        None => {
                            let _ = element.remove_attribute("aria-activedescendant");
                        }
                    }
                }
            }
        });
        let is_ours = {
            let field = field.clone();
            move |target: Option<web_sys::EventTarget>| {
                target
                    .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
                    .filter(|i| {
                        i.name() == field
                            && i.closest("form[data-testid=\"compose\"]")
                                .ok()
                                .flatten()
                                .is_some()
                    })
            }
        };
        let _ = window_event_listener(leptos::ev::input, {
            let is_ours = is_ours.clone();
            move |event| {
                if let Some(element) = is_ours(event.target()) {
                    shown.set(book.with_value(|b| super::matching(b, &element.value())));
                    active.set(None);
                }
            }
        });
        let _ = window_event_listener(leptos::ev::keydown, {
            let is_ours = is_ours.clone();
            let field = field.clone();
            move |event| {
                if is_ours(event.target()).is_none() {
                    return;
                }
                let count = shown.with(Vec::len);
                if count == 0 {
                    return;
                }
                match event.key().as_str() {
                    "ArrowDown" => {
                        event.prevent_default();
                        active.update(|a| *a = Some(a.map_or(0, |n| (n + 1) % count)));
                    }
                    "ArrowUp" => {
                        event.prevent_default();
                        active.update(|a| {
                            *a = Some(a.map_or(count - 1, |n| (n + count - 1) % count))
                        });
                    }
                    "Enter" => {
                        if let Some(n) = active.get_untracked() {
                            // Takes the suggestion instead of sending the form.
                            event.prevent_default();
                            if let Some(chosen) = shown.with_untracked(|s| s.get(n).cloned()) {
                                take(&field, &chosen, shown, active);
                            }
                        }
                    }
                    "Escape" => {
                        event.prevent_default();
                        shown.set(Vec::new());
                        active.set(None);
                    }
                    _ => {}
                }
            }
        });
        let _ = window_event_listener(leptos::ev::focusout, move |event| {
            if is_ours(event.target()).is_some() {
                shown.set(Vec::new());
                active.set(None);
            }
        });
    }

    /// Puts `chosen` in place of the address being typed.
    pub fn take(
        field: &str,
        chosen: &str,
        shown: RwSignal<Vec<String>>,
        active: RwSignal<Option<usize>>,
    ) {
        if let Some(element) = input(field) {
            element.set_value(&super::taken(&element.value(), chosen));
            let _ = element.focus();
        }
        shown.set(Vec::new());
        active.set(None);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn suggests_for_the_address_being_typed() {
        let book: Vec<String> = [
            "Bob Example <bob@example.org>",
            "carol@example.org",
            "Bobby <bobby@example.net>",
        ]
        .map(String::from)
        .to_vec();
        assert_eq!(matching(&book, "bo"), [book[0].clone(), book[2].clone()]);
        assert_eq!(
            matching(&book, "carol@example.org, BOB"),
            [book[0].clone(), book[2].clone()]
        );
        assert_eq!(
            matching(&book, "bob@example.org; bo"),
            [book[2].clone()],
            "not one the field holds already"
        );
        assert!(matching(&book, "x, ").is_empty());
        assert_eq!(
            matching(&book, "xbob@example.org, bob"),
            [book[0].clone(), book[2].clone()],
            "a longer address that contains another does not hide it"
        );
        assert_eq!(
            taken("carol@example.org, bo", &book[0]),
            "carol@example.org, Bob Example <bob@example.org>, "
        );
        assert_eq!(taken("bo", &book[0]), "Bob Example <bob@example.org>, ");
    }
}
