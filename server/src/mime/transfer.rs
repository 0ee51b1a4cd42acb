//! Content-Transfer-Encoding decoded piece by piece, so a download can stream a part in chunks
//! without holding it whole. Lenient like the rest of the reader: stray characters in base64
//! are skipped, a malformed quoted-printable escape is kept as it is.

pub enum TransferDecoder {
    Base64 { pending: Vec<u8> },
    QuotedPrintable { pending: Vec<u8> },
    Identity,
}

impl TransferDecoder {
    pub fn for_encoding(encoding: &str) -> Self {
        match encoding.to_ascii_lowercase().as_str() {
            "base64" => TransferDecoder::Base64 {
                pending: Vec::new(),
            },
            "quoted-printable" => TransferDecoder::QuotedPrintable {
                pending: Vec::new(),
            },
            _ => TransferDecoder::Identity,
        }
    }

    /// Decodes what can be decoded now; the rest waits for the next chunk.
    pub fn feed(&mut self, input: &[u8]) -> Vec<u8> {
        match self {
            TransferDecoder::Identity => input.to_vec(),
            TransferDecoder::Base64 { pending } => {
                pending.extend(
                    input
                        .iter()
                        .copied()
                        .filter(|b| sextet(*b).is_some() || *b == b'='),
                );
                let whole = pending.len() - pending.len() % 4;
                let out = decode_quads(&pending[..whole]);
                pending.drain(..whole);
                out
            }
            TransferDecoder::QuotedPrintable { pending } => {
                pending.extend_from_slice(input);
                // An escape cut by the chunk boundary waits: "=" or "=X" at the very end.
                let keep_from = match pending.len() {
                    n if n >= 1 && pending[n - 1] == b'=' => n - 1,
                    n if n >= 2 && pending[n - 2] == b'=' => n - 2,
                    n => n,
                };
                let out = decode_qp(&pending[..keep_from]);
                pending.drain(..keep_from);
                out
            }
        }
    }

    /// Decodes whatever is left at the end of the part.
    pub fn finish(&mut self) -> Vec<u8> {
        match self {
            TransferDecoder::Identity => Vec::new(),
            TransferDecoder::Base64 { pending } => {
                let mut rest = std::mem::take(pending);
                while rest.len() % 4 != 0 {
                    rest.push(b'=');
                }
                decode_quads(&rest)
            }
            TransferDecoder::QuotedPrintable { pending } => decode_qp(&std::mem::take(pending)),
        }
    }
}

fn sextet(b: u8) -> Option<u8> {
    match b {
        b'A'..=b'Z' => Some(b - b'A'),
        b'a'..=b'z' => Some(b - b'a' + 26),
        b'0'..=b'9' => Some(b - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    }
}

/// Decodes groups of four symbols; `=` ends a group early (also in the middle of the data,
/// where senders glue base64 pieces together).
fn decode_quads(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(data.len() / 4 * 3);
    for quad in data.chunks(4) {
        let values: Vec<u8> = quad.iter().map_while(|b| sextet(*b)).collect();
        if values.len() >= 2 {
            out.push(values[0] << 2 | values[1] >> 4);
        }
        if values.len() >= 3 {
            out.push((values[1] & 0x0f) << 4 | values[2] >> 2);
        }
        if values.len() == 4 {
            out.push((values[2] & 0x03) << 6 | values[3]);
        }
    }
    out
}

fn decode_qp(data: &[u8]) -> Vec<u8> {
    let hex = |b: u8| (b as char).to_digit(16).map(|d| d as u8);
    let mut out = Vec::with_capacity(data.len());
    let mut i = 0;
    while i < data.len() {
        if data[i] == b'=' {
            match (data.get(i + 1), data.get(i + 2)) {
                (Some(b'\r'), Some(b'\n')) => i += 3,
                (Some(b'\n'), _) => i += 2,
                (Some(&a), Some(&b)) if hex(a).is_some() && hex(b).is_some() => {
                    out.push(hex(a).unwrap_or(0) << 4 | hex(b).unwrap_or(0));
                    i += 3;
                }
                _ => {
                    out.push(b'=');
                    i += 1;
                }
            }
        } else {
            out.push(data[i]);
            i += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn in_chunks(encoding: &str, data: &[u8], size: usize) -> Vec<u8> {
        let mut decoder = TransferDecoder::for_encoding(encoding);
        let mut out = Vec::new();
        for chunk in data.chunks(size) {
            out.extend(decoder.feed(chunk));
        }
        out.extend(decoder.finish());
        out
    }

    #[test]
    fn base64_across_any_chunk_boundary() {
        let data = b"SGVsbG8s\r\nIHdvcmxk\r\nIQ==";
        for size in 1..data.len() {
            assert_eq!(
                in_chunks("base64", data, size),
                b"Hello, world!",
                "chunk size {size}"
            );
        }
        assert_eq!(in_chunks("BASE64", b"SGk=SGk=", 3), b"HiHi", "glued pieces");
        assert_eq!(
            in_chunks("base64", b"SGVsbG8gd29y!!!bGQh*", 5),
            b"Hello world!"
        );
    }

    #[test]
    fn quoted_printable_across_any_chunk_boundary() {
        let data = b"Gr=C3=BC=C3=9Fe, soft=\r\nbreak =ZZ end=";
        for size in 1..data.len() {
            assert_eq!(
                in_chunks("quoted-printable", data, size),
                "Grüße, softbreak =ZZ end=".as_bytes(),
                "chunk size {size}"
            );
        }
    }

    #[test]
    fn identity_passes_through() {
        assert_eq!(in_chunks("8bit", b"abc", 2), b"abc");
    }
}
