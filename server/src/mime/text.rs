//! Plain-text bodies: format=flowed joined (RFC 3676), quoted lines set apart, links found.
//! The output is data, escaped by the renderer like any other text.

use postern_app::model::{TextLine, TextPiece};

/// Longest body shown as text; the rest is cut with a note (the .eml download has it all).
const MAX_CHARS: usize = 2_000_000;

pub fn render(text: &str, flowed: bool, delsp: bool) -> Vec<TextLine> {
    let text = if text.len() > MAX_CHARS {
        let mut end = MAX_CHARS;
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        &text[..end]
    } else {
        text
    };
    let mut lines = Vec::new();
    let mut pending: Option<(u8, String)> = None;
    for raw in text.split('\n') {
        let raw = raw.strip_suffix('\r').unwrap_or(raw);
        let (depth, rest) = quote_prefix(raw);
        // RFC 3676 4.4: a leading space after the quote marks is stuffing.
        let content = if flowed {
            rest.strip_prefix(' ').unwrap_or(rest)
        } else {
            rest
        };
        let is_signature_separator = content == "-- ";
        let soft_break = flowed && content.ends_with(' ') && !is_signature_separator;
        let piece = if soft_break && delsp {
            &content[..content.len() - 1]
        } else {
            content
        };
        match pending.take() {
            Some((pending_depth, mut joined)) if pending_depth == depth => {
                joined.push_str(piece);
                if soft_break {
                    pending = Some((depth, joined));
                } else {
                    lines.push(line(depth, &joined));
                }
            }
            previous => {
                if let Some((d, joined)) = previous {
                    lines.push(line(d, &joined));
                }
                if soft_break {
                    pending = Some((depth, piece.to_string()));
                } else {
                    lines.push(line(depth, piece));
                }
            }
        }
    }
    if let Some((d, joined)) = pending {
        lines.push(line(d, &joined));
    }
    while lines.last().is_some_and(|l: &TextLine| l.pieces.is_empty()) {
        lines.pop();
    }
    lines
}

fn quote_prefix(line: &str) -> (u8, &str) {
    let mut depth = 0u8;
    let mut rest = line;
    loop {
        let trimmed = rest.trim_start_matches(' ');
        match trimmed.strip_prefix('>') {
            Some(after) if depth < 32 => {
                depth += 1;
                rest = after;
            }
            _ => break,
        }
    }
    if depth > 0 {
        rest = rest.strip_prefix(' ').unwrap_or(rest);
    }
    (depth, rest)
}

fn line(depth: u8, text: &str) -> TextLine {
    TextLine {
        quote_depth: depth,
        pieces: linkify(text),
    }
}

/// Splits text into plain pieces and http(s)/mailto links. A link ends at whitespace, at `<>"`
/// and loses trailing punctuation that usually belongs to the sentence.
pub fn linkify(text: &str) -> Vec<TextPiece> {
    let mut pieces = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    while !rest.is_empty() {
        let next = ["https://", "http://", "mailto:"]
            .iter()
            .filter_map(|scheme| find_ignore_case(rest, scheme))
            .min();
        let Some(start) = next else {
            plain.push_str(rest);
            break;
        };
        plain.push_str(&rest[..start]);
        let candidate = &rest[start..];
        let mut end = candidate
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(candidate.len());
        while end > 0 && candidate[..end].ends_with(['.', ',', ';', ':', '!', '?', ')', ']', '\''])
        {
            let tail = &candidate[..end];
            // Keep a closing parenthesis that has its opening one inside the link.
            if tail.ends_with(')') && tail.matches('(').count() >= tail.matches(')').count() {
                break;
            }
            end -= 1;
        }
        let url = &candidate[..end];
        let scheme_only = url.ends_with("//") || url.ends_with(':');
        if scheme_only {
            plain.push_str(url);
        } else {
            if !plain.is_empty() {
                pieces.push(TextPiece::Text(std::mem::take(&mut plain)));
            }
            pieces.push(TextPiece::Link(url.to_string()));
        }
        rest = &candidate[end.max(1).min(candidate.len())..];
        if end == 0 {
            plain.push_str(&candidate[..1]);
        }
    }
    if !plain.is_empty() {
        pieces.push(TextPiece::Text(plain));
    }
    pieces
}

fn find_ignore_case(haystack: &str, needle: &str) -> Option<usize> {
    haystack.char_indices().map(|(i, _)| i).find(|&i| {
        haystack[i..]
            .get(..needle.len())
            .is_some_and(|s| s.eq_ignore_ascii_case(needle))
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn texts(lines: &[TextLine]) -> Vec<(u8, String)> {
        lines
            .iter()
            .map(|l| {
                let text = l.pieces.iter().map(|p| match p {
                    TextPiece::Text(t) => t.clone(),
                    TextPiece::Link(u) => format!("[{u}]"),
                });
                (l.quote_depth, text.collect())
            })
            .collect()
    }

    #[test]
    fn flowed_lines_are_joined_per_quote_level() {
        let body = "Hello this is \r\na long line.\r\n> quoted and \r\n> joined\r\n-- \r\nsig\r\n";
        assert_eq!(
            texts(&render(body, true, false)),
            [
                (0, "Hello this is a long line.".into()),
                (1, "quoted and joined".into()),
                (0, "-- ".into()),
                (0, "sig".into())
            ]
        );
        assert_eq!(
            texts(&render("a \r\nb\r\n", false, false)),
            [(0, "a ".into()), (0, "b".into())],
            "not flowed: kept"
        );
        assert_eq!(
            texts(&render("ab \r\ncd\r\n", true, true)),
            [(0, "abcd".into())],
            "DelSp=yes"
        );
    }

    #[test]
    fn quotes_and_links() {
        let lines = render(
            ">> deep\n> see https://example.org/a_(b), then mailto:x@y.z.\nplain <http://h/x>\n",
            false,
            false,
        );
        assert_eq!(
            texts(&lines),
            [
                (2, "deep".into()),
                (
                    1,
                    "see [https://example.org/a_(b)], then [mailto:x@y.z].".into()
                ),
                (0, "plain <[http://h/x]>".into())
            ]
        );
    }

    #[test]
    fn hostile_text_stays_text() {
        let lines = render(
            "<script>alert(1)</script> javascript:alert(1) http:// x",
            false,
            false,
        );
        assert_eq!(
            texts(&lines),
            [(
                0,
                "<script>alert(1)</script> javascript:alert(1) http:// x".into()
            )]
        );
    }
}
