//! mboxrd (the mbox variant that can be undone exactly): each message starts with a
//! `From sender date` line, and every body line that matches `>*From ` gets one more `>`.
//! Written incrementally, so a message of any size passes through in chunks; line ends become
//! LF as mbox readers expect.

/// Escapes one message, chunk by chunk. Lines split across chunks are handled.
#[derive(Debug, Default)]
pub struct MboxrdEscaper {
    /// Bytes at the start of the current line that may still become `>*From `.
    pending: Vec<u8>,
    at_line_start: bool,
    /// A CR whose LF may come with the next chunk.
    pending_cr: bool,
    last_was_newline: bool,
}

const FROM: &[u8] = b"From ";

impl MboxrdEscaper {
    pub fn new() -> Self {
        MboxrdEscaper {
            at_line_start: true,
            ..Default::default()
        }
    }

    /// The separator line that starts a message: `From <sender> <asctime>`.
    pub fn separator(sender: &str, date: chrono::DateTime<chrono::Utc>) -> Vec<u8> {
        let sender: String = sender
            .chars()
            .filter(|c| c.is_ascii_graphic())
            .take(200)
            .collect();
        let sender = if sender.is_empty() {
            "MAILER-DAEMON".to_string()
        } else {
            sender
        };
        format!("From {sender} {}\n", date.format("%a %b %e %H:%M:%S %Y")).into_bytes()
    }

    pub fn feed(&mut self, chunk: &[u8]) -> Vec<u8> {
        let mut out = Vec::with_capacity(chunk.len() + 16);
        for &byte in chunk {
            if self.pending_cr {
                self.pending_cr = false;
                if byte != b'\n' {
                    self.push(b'\r', &mut out);
                }
            }
            if byte == b'\r' {
                self.pending_cr = true;
                continue;
            }
            self.push(byte, &mut out);
        }
        out
    }

    /// Ends the message: a final line end and the blank line before the next separator.
    pub fn finish(&mut self) -> Vec<u8> {
        let mut out = Vec::new();
        if self.pending_cr {
            self.pending_cr = false;
            self.push(b'\r', &mut out);
        }
        out.append(&mut self.pending);
        if !out.is_empty() {
            self.last_was_newline = out.last() == Some(&b'\n');
        }
        if !self.last_was_newline {
            out.push(b'\n');
        }
        out.push(b'\n');
        *self = MboxrdEscaper::new();
        out
    }

    fn push(&mut self, byte: u8, out: &mut Vec<u8>) {
        self.last_was_newline = byte == b'\n';
        if byte == b'\n' {
            out.append(&mut self.pending);
            out.push(b'\n');
            self.at_line_start = true;
            return;
        }
        if !self.at_line_start {
            out.push(byte);
            return;
        }
        self.pending.push(byte);
        let quotes = self.pending.iter().take_while(|b| **b == b'>').count();
        let rest = &self.pending[quotes..];
        if rest.len() >= FROM.len() && rest.starts_with(FROM) {
            out.push(b'>');
            out.append(&mut self.pending);
            self.at_line_start = false;
        } else if !FROM.starts_with(rest) {
            out.append(&mut self.pending);
            self.at_line_start = false;
        }
    }
}

/// Undoes the escaping of one message body (for tests and re-import checks).
pub fn unescape_line(line: &str) -> &str {
    let quotes = line.bytes().take_while(|b| *b == b'>').count();
    if quotes > 0 && line[quotes..].starts_with("From ") {
        &line[1..]
    } else {
        line
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn escape_in_chunks(input: &[u8], size: usize) -> Vec<u8> {
        let mut e = MboxrdEscaper::new();
        let mut out = Vec::new();
        for chunk in input.chunks(size.max(1)) {
            out.extend(e.feed(chunk));
        }
        out.extend(e.finish());
        out
    }

    #[test]
    fn escapes_from_lines_whatever_the_chunking() {
        let input =
            b"Subject: x\r\n\r\nFrom here\r\n>From there\r\nFrom\r\nFromage\r\n >From no\r\nlast";
        let expected =
            b"Subject: x\n\n>From here\n>>From there\nFrom\nFromage\n >From no\nlast\n\n";
        for size in [1, 2, 3, 5, 7, 64] {
            assert_eq!(
                String::from_utf8_lossy(&escape_in_chunks(input, size)),
                String::from_utf8_lossy(expected),
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn round_trips() {
        for line in ["From a", ">From b", ">>From c", "From", "x From y"] {
            let escaped = escape_in_chunks(line.as_bytes(), 2);
            let text = String::from_utf8(escaped).unwrap();
            assert_eq!(unescape_line(text.trim_end_matches('\n')), line);
        }
    }

    #[test]
    fn separator_line() {
        let date = chrono::DateTime::parse_from_rfc3339("2026-03-02T09:05:00Z")
            .unwrap()
            .with_timezone(&chrono::Utc);
        assert_eq!(
            MboxrdEscaper::separator("a b@x", date),
            b"From ab@x Mon Mar  2 09:05:00 2026\n".to_vec()
        );
    }
}
