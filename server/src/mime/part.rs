//! One MIME part decoded: the leaf's facts (from the structure the server reported) and its
//! content turned from its transfer encoding and charset into bytes and text. mail-parser does
//! the decoding, on a part rebuilt from its own MIME header.

use mail_parser::{MessageParser, MimeHeaders};

use super::transfer::TransferDecoder;

/// One leaf of the MIME tree.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Leaf {
    /// IMAP part number ("1", "2.1"); "1" for a single-part message.
    pub path: String,
    pub mime_type: String,
    pub subtype: String,
    pub charset: Option<String>,
    /// Disposition type ("attachment"/"inline") if the sender gave one.
    pub disposition: Option<String>,
    /// File name parameter as sent: (`filename`, `filename*` or `name`, value), still encoded.
    pub raw_name: Option<(String, String)>,
    pub content_id: Option<String>,
    pub encoding: String,
    pub size: u32,
    /// Inside a multipart/alternative: one of several versions of the same text.
    pub in_alternative: bool,
    /// Inside a multipart/related: a resource of the HTML (inline image).
    pub in_related: bool,
    /// format=flowed (RFC 3676), and its DelSp=yes.
    pub flowed: bool,
    pub delsp: bool,
}

impl Leaf {
    pub fn is(&self, mime_type: &str, subtype: &str) -> bool {
        self.mime_type.eq_ignore_ascii_case(mime_type) && self.subtype.eq_ignore_ascii_case(subtype)
    }

    /// The file name for people: RFC 2231 (`filename*=UTF-8''…`) and RFC 2047 decoded.
    pub fn file_name(&self) -> Option<String> {
        let (key, value) = self.raw_name.as_ref()?;
        let header = if key.ends_with('*') {
            format!("Content-Disposition: attachment; filename*={value}\r\n\r\n")
        } else {
            format!(
                "Content-Disposition: attachment; filename=\"{}\"\r\n\r\n",
                value.replace(['"', '\\'], "")
            )
        };
        use mail_parser::MimeHeaders;
        let parsed = mail_parser::MessageParser::default().parse_headers(header.as_bytes())?;
        parsed
            .attachment_name()
            .map(str::to_string)
            .or_else(|| Some(value.clone()))
    }

    pub fn is_attachment_disposition(&self) -> bool {
        self.disposition
            .as_deref()
            .is_some_and(|d| d.eq_ignore_ascii_case("attachment"))
    }
}

/// A part decoded from its transfer encoding (and charset, for text).
pub struct DecodedPart {
    pub bytes: Vec<u8>,
    pub text: Option<String>,
    pub filename: Option<String>,
    pub mime_type: String,
}

/// The part's Content-* fields, completed from what BODYSTRUCTURE said where the part header
/// lacks them. Only these are kept, so a part header cannot turn the part into a multipart.
fn part_fields(mime_header: &[u8], leaf: &Leaf) -> Vec<u8> {
    let mut header = Vec::with_capacity(mime_header.len() + 128);
    header.extend_from_slice(
        mime_header
            .strip_suffix(b"\r\n\r\n")
            .or_else(|| mime_header.strip_suffix(b"\n\n"))
            .unwrap_or(mime_header),
    );
    if !contains_header(mime_header, "content-type") {
        let charset = leaf
            .charset
            .as_deref()
            .map(|c| format!("; charset=\"{c}\""))
            .unwrap_or_default();
        header.extend_from_slice(
            format!(
                "\r\nContent-Type: {}/{}{charset}",
                leaf.mime_type, leaf.subtype
            )
            .as_bytes(),
        );
    }
    if !contains_header(mime_header, "content-transfer-encoding") {
        header.extend_from_slice(
            format!("\r\nContent-Transfer-Encoding: {}", leaf.encoding).as_bytes(),
        );
    }
    only_content_fields(&header)
}

/// Decodes `content` as described by `mime_header` (falling back to what BODYSTRUCTURE said).
pub fn decode_part(mime_header: &[u8], content: &[u8], leaf: &Leaf) -> DecodedPart {
    let mut fields = part_fields(mime_header, leaf);
    let encoding = leaf.encoding.to_ascii_lowercase();
    // Base64 as senders really write it (stray characters, broken padding): decoded here,
    // leniently, and handed on as binary.
    let content: std::borrow::Cow<'_, [u8]> = if encoding == "base64" {
        let mut decoder = TransferDecoder::for_encoding("base64");
        let mut bytes = decoder.feed(content);
        bytes.extend(decoder.finish());
        fields = replace_field(&fields, "content-transfer-encoding", "binary");
        std::borrow::Cow::Owned(bytes)
    } else {
        std::borrow::Cow::Borrowed(content)
    };
    // Text sent as 8-bit that is not UTF-8 although it says so (or says nothing): the usual
    // culprit is Windows-1252, which also covers Latin-1.
    let claims_utf8 = leaf.charset.as_deref().is_none_or(|c| {
        let c = c.to_ascii_lowercase();
        c == "utf-8" || c == "utf8" || c == "us-ascii"
    });
    if leaf.mime_type == "text"
        && claims_utf8
        && encoding != "quoted-printable"
        && std::str::from_utf8(&content).is_err()
    {
        fields = replace_field(
            &fields,
            "content-type",
            &format!("text/{}; charset=\"windows-1252\"", leaf.subtype),
        );
    }
    let mut message = Vec::with_capacity(fields.len() + content.len() + 4);
    // Only the Content-* fields are kept, so a part header cannot turn this into a multipart.
    message.extend_from_slice(&fields);
    message.extend_from_slice(b"\r\n\r\n");
    message.extend_from_slice(&content);
    let parsed = MessageParser::default().parse(&message);
    let mime_type = format!("{}/{}", leaf.mime_type, leaf.subtype);
    let Some(parsed) = parsed else {
        return DecodedPart {
            bytes: content.to_vec(),
            text: None,
            filename: None,
            mime_type,
        };
    };
    let filename = parsed
        .attachment_name()
        .map(str::to_string)
        .or_else(|| leaf.file_name());
    let part = parsed.parts.first();
    let bytes = part.map(|p| p.contents().to_vec()).unwrap_or_default();
    let text = match leaf.mime_type.as_str() {
        "text" => Some(
            part.and_then(|p| p.text_contents())
                .map(str::to_string)
                .unwrap_or_else(|| String::from_utf8_lossy(&bytes).into_owned()),
        ),
        _ => None,
    };
    DecodedPart {
        bytes,
        text,
        filename,
        mime_type,
    }
}

/// Replaces (or adds) one header field of a part header.
fn replace_field(fields: &[u8], name: &str, value: &str) -> Vec<u8> {
    let text = String::from_utf8_lossy(fields);
    let mut out: Vec<String> = Vec::new();
    let mut skipping = false;
    for line in text.split("\r\n") {
        if line.starts_with([' ', '\t']) && skipping {
            continue;
        }
        skipping = line.to_ascii_lowercase().starts_with(&format!("{name}:"));
        if !skipping {
            out.push(line.to_string());
        }
    }
    out.push(format!("{name}: {value}"));
    out.retain(|l| !l.is_empty());
    out.join("\r\n").into_bytes()
}

fn contains_header(header: &[u8], name: &str) -> bool {
    String::from_utf8_lossy(header).lines().any(|l| {
        l.split_once(':')
            .is_some_and(|(n, _)| n.trim().eq_ignore_ascii_case(name))
    })
}

fn only_content_fields(header: &[u8]) -> Vec<u8> {
    let text = String::from_utf8_lossy(header);
    let mut out = String::new();
    let mut keep = false;
    for line in text.split('\n') {
        let line = line.trim_end_matches('\r');
        if line.is_empty() {
            continue;
        }
        if line.starts_with([' ', '\t']) {
            if keep {
                out.push_str("\r\n");
                out.push_str(line);
            }
            continue;
        }
        let name = line
            .split_once(':')
            .map(|(n, _)| n.trim().to_ascii_lowercase())
            .unwrap_or_default();
        keep = name == "content-type"
            || name == "content-transfer-encoding"
            || name == "content-disposition";
        if keep {
            if !out.is_empty() {
                out.push_str("\r\n");
            }
            out.push_str(line);
        }
    }
    out.into_bytes()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn leaf(mime: &str, sub: &str, enc: &str) -> Leaf {
        Leaf {
            path: "2".into(),
            mime_type: mime.into(),
            subtype: sub.into(),
            charset: None,
            disposition: None,
            raw_name: None,
            content_id: None,
            encoding: enc.into(),
            size: 0,
            in_alternative: false,
            in_related: false,
            flowed: false,
            delsp: false,
        }
    }

    #[test]
    fn decodes_quoted_printable_latin1() {
        let part = decode_part(b"Content-Type: text/plain; charset=iso-8859-1\r\nContent-Transfer-Encoding: quoted-printable\r\n\r\n", b"Gr=FC=DFe", &leaf("text", "plain", "quoted-printable"));
        assert_eq!(part.text.as_deref(), Some("Grüße"));
    }

    #[test]
    fn decodes_base64_attachment_with_encoded_name() {
        let header = b"Content-Type: application/pdf\r\nContent-Disposition: attachment; filename*=UTF-8''Rechnung%20M%C3%A4rz.pdf\r\nContent-Transfer-Encoding: base64\r\n";
        let part = decode_part(
            header,
            b"JVBERi0xLjQK",
            &leaf("application", "pdf", "base64"),
        );
        assert_eq!(part.bytes, b"%PDF-1.4\n");
        assert_eq!(part.filename.as_deref(), Some("Rechnung März.pdf"));
    }

    #[test]
    fn stray_characters_in_base64_are_skipped() {
        let part = decode_part(
            b"",
            b"SGVsbG8gd29y!!!bGQh\r\n*",
            &leaf("text", "plain", "base64"),
        );
        assert_eq!(part.text.as_deref(), Some("Hello world!"));
    }

    #[test]
    fn latin1_sent_as_utf8_is_read_as_windows_1252() {
        let part = decode_part(
            b"Content-Type: text/plain; charset=utf-8\r\n",
            b"Gr\xfc\xdfe \x80",
            &leaf("text", "plain", "8bit"),
        );
        assert_eq!(part.text.as_deref(), Some("Grüße €"));
    }
}
