//! HTML mail through ammonia with a strict allow-list. The result is shown only inside a
//! sandboxed frame with its own Content-Security-Policy; this is the first of those two walls.
//!
//! Kept: text formatting, tables, links (http, https, mailto, tel; opened in a new tab without
//! referrer), images from `cid:` parts (inlined as data URLs) and `data:image/*`, a small set
//! of CSS properties that cannot load anything or move out of the message's box. Dropped:
//! scripts, event handlers, forms, SVG/MathML, `<style>`, `<base>`, `<meta>`, `<link>`, frames,
//! and remote images unless the reader asked for them.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

/// Sanitised HTML: only [`sanitize`] makes one.
#[derive(Debug)]
pub struct SanitizedHtml {
    html: String,
    /// The message had remote images or other remote resources that were left out.
    pub remote_blocked: bool,
}

impl SanitizedHtml {
    pub fn as_str(&self) -> &str {
        &self.html
    }
}

const STYLE_PROPERTIES: &[&str] = &[
    "color",
    "background-color",
    "font-family",
    "font-size",
    "font-style",
    "font-weight",
    "font-variant",
    "text-align",
    "text-decoration",
    "text-indent",
    "text-transform",
    "line-height",
    "letter-spacing",
    "word-spacing",
    "white-space",
    "vertical-align",
    "margin",
    "margin-top",
    "margin-right",
    "margin-bottom",
    "margin-left",
    "padding",
    "padding-top",
    "padding-right",
    "padding-bottom",
    "padding-left",
    "border",
    "border-top",
    "border-right",
    "border-bottom",
    "border-left",
    "border-color",
    "border-style",
    "border-width",
    "border-collapse",
    "border-spacing",
    "border-radius",
    "width",
    "max-width",
    "min-width",
    "height",
    "max-height",
    "min-height",
    "list-style-type",
    "table-layout",
    "direction",
    "float",
    "clear",
];

const EXTRA_TAGS: &[&str] = &[
    "font", "center", "span", "div", "table", "thead", "tbody", "tfoot", "tr", "td", "th",
    "caption", "col", "colgroup",
];

/// `cid` maps Content-IDs (without `<>`) to `data:` URLs of the inline images.
pub fn sanitize(html: &str, cid: &HashMap<String, String>, allow_remote: bool) -> SanitizedHtml {
    let blocked = Arc::new(AtomicBool::new(false));
    let flag = blocked.clone();
    let cid = Arc::new(cid.clone());
    let mut builder = ammonia::Builder::default();
    builder
        .add_tags(EXTRA_TAGS)
        .add_generic_attributes([
            "style", "align", "valign", "bgcolor", "dir", "lang", "title",
        ])
        .add_tag_attributes("font", ["color", "face", "size"])
        .add_tag_attributes("img", ["width", "height", "alt", "border"])
        .add_tag_attributes(
            "table",
            ["width", "height", "border", "cellpadding", "cellspacing"],
        )
        .add_tag_attributes("td", ["width", "height", "colspan", "rowspan", "nowrap"])
        .add_tag_attributes("th", ["width", "height", "colspan", "rowspan", "nowrap"])
        .filter_style_properties(STYLE_PROPERTIES.iter().copied().collect::<HashSet<_>>())
        .url_schemes(
            ["http", "https", "mailto", "tel", "cid", "data"]
                .into_iter()
                .collect(),
        )
        .url_relative(ammonia::UrlRelative::Deny)
        .link_rel(Some("noopener noreferrer"))
        .set_tag_attribute_value("a", "target", "_blank")
        .strip_comments(true)
        .attribute_filter(move |element, attribute, value| {
            filter_url(element, attribute, value, &cid, allow_remote, &flag)
        });
    let html = builder.clean(html).to_string();
    SanitizedHtml {
        html,
        remote_blocked: blocked.load(Ordering::Relaxed),
    }
}

fn filter_url<'u>(
    element: &str,
    attribute: &str,
    value: &'u str,
    cid: &HashMap<String, String>,
    allow_remote: bool,
    blocked: &AtomicBool,
) -> Option<Cow<'u, str>> {
    let lower = value.trim().to_ascii_lowercase();
    match (element, attribute) {
        ("img", "src") => {
            if lower.starts_with("cid:") {
                let id = value.trim()[4..]
                    .trim_start_matches('<')
                    .trim_end_matches('>');
                return cid.get(id).map(|data| Cow::Owned(data.clone()));
            }
            if is_image_data(&lower) {
                return Some(Cow::Borrowed(value));
            }
            if lower.starts_with("http://") || lower.starts_with("https://") {
                if allow_remote {
                    return Some(Cow::Borrowed(value));
                }
                blocked.store(true, Ordering::Relaxed);
            }
            None
        }
        (_, "href") => {
            if lower.starts_with("http://")
                || lower.starts_with("https://")
                || lower.starts_with("mailto:")
                || lower.starts_with("tel:")
            {
                Some(Cow::Borrowed(value))
            } else {
                None
            }
        }
        (_, "style") => {
            // Property values that fetch or compute (url(), image-set(), expression()) go.
            if lower.contains("url(")
                || lower.contains("image-set(")
                || lower.contains("expression(")
                || lower.contains('\\')
            {
                if lower.contains("url(") {
                    blocked.store(true, Ordering::Relaxed);
                }
                None
            } else {
                Some(Cow::Borrowed(value))
            }
        }
        _ => Some(Cow::Borrowed(value)),
    }
}

fn is_image_data(lower: &str) -> bool {
    [
        "data:image/png",
        "data:image/gif",
        "data:image/jpeg",
        "data:image/webp",
    ]
    .iter()
    .any(|p| lower.starts_with(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clean(html: &str) -> String {
        sanitize(html, &HashMap::new(), false).html
    }

    #[test]
    fn scripts_handlers_and_forms_go() {
        let out = clean(
            r#"<p onclick="x()">hi<script>alert(1)</script><form action=/x><input name=a></form><svg><script>1</script></svg><iframe src=x></iframe><base href=//evil><meta http-equiv=refresh content=0><link rel=stylesheet href=//evil/x.css><style>body{display:none}</style></p>"#,
        );
        assert!(out.starts_with("<p>hi</p>"), "{out}");
        for gone in [
            "script", "onclick", "form", "input", "svg", "iframe", "base", "meta", "link", "style",
            "alert", "evil",
        ] {
            assert!(!out.contains(gone), "{gone} in {out}");
        }
    }

    #[test]
    fn dangerous_urls_go() {
        let out = clean(
            r#"<a href="javascript:alert(1)">a</a><a href=" JaVaScRiPt:alert(1)">b</a><a href="vbscript:x">c</a><a href="data:text/html,<script>">d</a><img src="data:image/svg+xml,<svg onload=alert(1)>">"#,
        );
        assert!(!out.to_lowercase().contains("script:"), "{out}");
        assert!(!out.contains("data:"), "{out}");
    }

    #[test]
    fn links_open_in_a_new_tab_without_referrer() {
        let out = clean(r#"<a href="https://example.org/x">x</a>"#);
        assert_eq!(
            out,
            r#"<a href="https://example.org/x" target="_blank" rel="noopener noreferrer">x</a>"#
        );
    }

    #[test]
    fn remote_images_are_blocked_until_asked() {
        let html = r#"<img src="https://tracker.example/p.gif"><p style="background:url(https://x/y)">t</p>"#;
        let blocked = sanitize(html, &HashMap::new(), false);
        assert!(blocked.remote_blocked);
        assert!(!blocked.html.contains("tracker"), "{}", blocked.html);
        assert!(!blocked.html.contains("url("), "{}", blocked.html);
        let shown = sanitize(html, &HashMap::new(), true);
        assert!(shown.html.contains("https://tracker.example/p.gif"));
    }

    #[test]
    fn cid_images_become_data_urls() {
        let mut cid = HashMap::new();
        cid.insert(
            "logo@x".to_string(),
            "data:image/png;base64,AAAA".to_string(),
        );
        let out = sanitize(
            r#"<img src="cid:logo@x" alt="Logo"><img src="cid:missing">"#,
            &cid,
            false,
        );
        assert_eq!(
            out.html,
            r#"<img src="data:image/png;base64,AAAA" alt="Logo"><img>"#
        );
    }

    #[test]
    fn css_cannot_escape_the_box() {
        let out = clean(r#"<div style="position:fixed;top:0;color:red;z-index:99">x</div>"#);
        assert_eq!(out, r#"<div style="color:red">x</div>"#);
    }
}
