//! The one place that turns user input into IMAP command arguments (RFC 3501 section 4.3).
//! async-imap takes raw command strings, so a value that could end a command early (CR, LF,
//! NUL) or change its meaning (quotes, backslashes, `{n}` literal markers) must never be pasted
//! in as it is: it becomes a quoted string, or a literal when it is not plain ASCII.

/// Why a value cannot be sent.
#[derive(Debug, PartialEq, Eq, thiserror::Error)]
pub enum ArgumentError {
    #[error("line breaks and NUL characters cannot be searched for")]
    ControlCharacter,
    #[error("the server cannot take this text (it offers no LITERAL+)")]
    NeedsLiteral,
}

/// An IMAP string for `value`: a quoted string for printable ASCII (with `"` and `\` escaped),
/// else a non-synchronizing literal (`{n+}` CRLF bytes, RFC 7888) when the server has LITERAL+.
pub fn string(value: &str, literal_plus: bool) -> Result<String, ArgumentError> {
    if value.chars().any(|c| c == '\r' || c == '\n' || c == '\0') {
        return Err(ArgumentError::ControlCharacter);
    }
    if value.chars().all(|c| (' '..='~').contains(&c)) {
        let mut out = String::with_capacity(value.len() + 2);
        out.push('"');
        for c in value.chars() {
            if c == '"' || c == '\\' {
                out.push('\\');
            }
            out.push(c);
        }
        out.push('"');
        return Ok(out);
    }
    if !literal_plus {
        return Err(ArgumentError::NeedsLiteral);
    }
    Ok(format!("{{{}+}}\r\n{value}", value.len()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_quoted() {
        assert_eq!(string("hello", true).unwrap(), "\"hello\"");
        assert_eq!(string(r#"a "b" \c"#, true).unwrap(), r#""a \"b\" \\c""#);
        assert_eq!(
            string("{5}", true).unwrap(),
            "\"{5}\"",
            "a literal marker stays text"
        );
        assert_eq!(string("", true).unwrap(), "\"\"");
    }

    #[test]
    fn non_ascii_becomes_a_literal() {
        assert_eq!(string("Müller", true).unwrap(), "{7+}\r\nMüller");
        assert_eq!(string("Müller", false), Err(ArgumentError::NeedsLiteral));
    }

    #[test]
    fn nothing_can_end_the_command() {
        for hostile in ["a\r\nA1 LOGOUT", "a\nb", "a\rb", "a\0b", "ü\r\nX"] {
            assert_eq!(
                string(hostile, true),
                Err(ArgumentError::ControlCharacter),
                "{hostile:?}"
            );
        }
    }

    /// Property: for any input, the output either is refused or holds no line break outside a
    /// literal's counted bytes, and a quoted string has every quote escaped.
    #[test]
    fn no_input_ends_a_command_early() {
        let alphabet = [
            'a', '"', '\\', '{', '}', '+', ' ', 'ü', '\r', '\n', '0', '5', ')', '(',
        ];
        let mut seed = 0x2545_f491_u64;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize;
            let input: String = (0..len)
                .map(|i| alphabet[((seed >> (i * 4)) % alphabet.len() as u64) as usize])
                .collect();
            match string(&input, true) {
                Err(_) => assert!(input.contains(['\r', '\n', '\0'])),
                Ok(out) if out.starts_with('"') => {
                    assert!(!out.contains(['\r', '\n']));
                    let inner = &out[1..out.len() - 1];
                    let mut chars = inner.chars();
                    while let Some(c) = chars.next() {
                        match c {
                            '\\' => assert!(matches!(chars.next(), Some('"') | Some('\\'))),
                            '"' => panic!("unescaped quote in {out:?}"),
                            _ => {}
                        }
                    }
                }
                Ok(out) => {
                    let (head, body) = out.split_once("\r\n").expect("literal");
                    assert_eq!(head, format!("{{{}+}}", body.len()));
                    assert!(!body.contains(['\r', '\n']));
                }
            }
        }
    }
}
