//! Text inside the two elements whose content the pinned Leptos writes into the server's HTML
//! unescaped: `<title>` and `<textarea>`. Every page title goes through [`PageTitle`], never
//! `leptos_meta::Title` directly, and every textarea's content through [`textarea_text`].
//!
//! leptos_meta 0.8.7 writes the title text as it is (`<Title text="</title><h1>x</h1>"/>`
//! puts a live `<h1>` into the page), and tachys 0.2.19 marks `<textarea>` as an element whose
//! children are not escaped (`</textarea><form …>` in a quoted reply would end the field and
//! add a form). Both carry text from strangers (a received Subject, a folder name another client
//! made, the body of the message answered), so on the server the text is escaped here first.
//! In the browser the same text goes to `document.title` or a text node, which take plain text,
//! so it is passed on unchanged there.

use leptos::prelude::*;
use leptos_meta::Title;

/// Sets the tab title to `text` exactly as given (no markup is ever interpreted).
#[component]
pub fn PageTitle(#[prop(into)] text: String) -> impl IntoView {
    let text = textarea_text(text);
    view! { <Title text /> }
}

/// The content for a `<textarea>` (or `<title>`): shows as `text`, whatever it holds. An HTML
/// parser drops one line break right after `<textarea>`, so a text that begins with one (the
/// blank lines above a reply's quote) gets one more, to keep its own.
pub fn textarea_text(text: String) -> String {
    #[cfg(feature = "ssr")]
    let text = {
        let escaped = escape_raw_text(&text);
        if escaped.starts_with('\n') {
            format!("\n{escaped}")
        } else {
            escaped
        }
    };
    text
}

#[cfg(any(feature = "ssr", test))]
/// Escapes text for the inside of `<title>` or `<textarea>` (escapable raw text elements):
/// character references are decoded there, markup is not, so `&`, `<` and `>` are all that
/// matter.
pub fn escape_raw_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape_raw_text;

    #[test]
    fn markup_in_a_title_or_textarea_stays_text() {
        assert_eq!(
            escape_raw_text("</title><meta http-equiv=\"refresh\"><title>"),
            "&lt;/title&gt;&lt;meta http-equiv=\"refresh\"&gt;&lt;title&gt;"
        );
        assert_eq!(escape_raw_text("Tom &amp; Jerry"), "Tom &amp;amp; Jerry");
        assert_eq!(escape_raw_text("Grüße 🍺"), "Grüße 🍺");
        assert_eq!(
            escape_raw_text("> </textarea><form>"),
            "&gt; &lt;/textarea&gt;&lt;form&gt;"
        );
    }
}
