//! Reading BODYSTRUCTURE (RFC 3501 7.4.2): which parts to show and which are attachments,
//! decided before any part is downloaded.

pub use crate::mime::part::Leaf;
use async_imap::imap_proto::{
    BodyContentCommon, BodyContentSinglePart, BodyStructure, ContentEncoding,
};

/// What opening the message needs: the part to show and the attachments to list.
#[derive(Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// The best text/html, else the best text/plain.
    pub html: Option<Leaf>,
    pub plain: Option<Leaf>,
    /// Inline images an HTML part may reference by `cid:`.
    pub inline_images: Vec<Leaf>,
    pub attachments: Vec<Leaf>,
}

pub fn leaves(structure: &BodyStructure<'_>) -> Vec<Leaf> {
    let mut out = Vec::new();
    walk(structure, "", false, false, &mut out);
    out
}

fn walk(
    structure: &BodyStructure<'_>,
    path: &str,
    in_alternative: bool,
    in_related: bool,
    out: &mut Vec<Leaf>,
) {
    match structure {
        BodyStructure::Multipart { common, bodies, .. } => {
            let alternative = common.ty.subtype.eq_ignore_ascii_case("alternative");
            let related = common.ty.subtype.eq_ignore_ascii_case("related");
            for (i, body) in bodies.iter().enumerate() {
                let child = if path.is_empty() {
                    format!("{}", i + 1)
                } else {
                    format!("{path}.{}", i + 1)
                };
                walk(
                    body,
                    &child,
                    in_alternative || alternative,
                    in_related || related,
                    out,
                );
            }
        }
        BodyStructure::Basic { common, other, .. }
        | BodyStructure::Text { common, other, .. }
        | BodyStructure::Message { common, other, .. } => {
            let path = if path.is_empty() {
                "1".to_string()
            } else {
                path.to_string()
            };
            out.push(leaf(path, common, other, in_alternative, in_related));
        }
    }
}

fn param<'a>(
    params: &'a Option<Vec<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)>>,
    name: &str,
) -> Option<&'a str> {
    params
        .as_ref()?
        .iter()
        .find(|(k, _)| k.eq_ignore_ascii_case(name))
        .map(|(_, v)| v.as_ref())
}

fn leaf(
    path: String,
    common: &BodyContentCommon<'_>,
    other: &BodyContentSinglePart<'_>,
    in_alternative: bool,
    in_related: bool,
) -> Leaf {
    let disposition = common.disposition.as_ref();
    let named =
        |params: &Option<Vec<(std::borrow::Cow<'_, str>, std::borrow::Cow<'_, str>)>>,
         key: &str| { param(params, key).map(|v| (key.to_string(), v.to_string())) };
    let raw_name = disposition
        .and_then(|d| named(&d.params, "filename*").or_else(|| named(&d.params, "filename")))
        .or_else(|| named(&common.ty.params, "name*"))
        .or_else(|| named(&common.ty.params, "name"));
    let encoding = match &other.transfer_encoding {
        ContentEncoding::SevenBit => "7bit".to_string(),
        ContentEncoding::EightBit => "8bit".to_string(),
        ContentEncoding::Binary => "binary".to_string(),
        ContentEncoding::Base64 => "base64".to_string(),
        ContentEncoding::QuotedPrintable => "quoted-printable".to_string(),
        ContentEncoding::Other(other) => other.to_string(),
    };
    Leaf {
        path,
        mime_type: common.ty.ty.to_ascii_lowercase(),
        subtype: common.ty.subtype.to_ascii_lowercase(),
        charset: param(&common.ty.params, "charset").map(str::to_string),
        disposition: disposition.map(|d| d.ty.to_ascii_lowercase()),
        raw_name,
        content_id: other.id.as_ref().map(|id| {
            id.trim()
                .trim_start_matches('<')
                .trim_end_matches('>')
                .to_string()
        }),
        encoding,
        size: other.octets,
        in_alternative,
        in_related,
        flowed: param(&common.ty.params, "format")
            .is_some_and(|f| f.eq_ignore_ascii_case("flowed")),
        delsp: param(&common.ty.params, "delsp").is_some_and(|f| f.eq_ignore_ascii_case("yes")),
    }
}

/// Chooses what to show: the first text/html and text/plain that are not attachments, images
/// of a multipart/related as inline resources, and everything else as attachments.
pub fn plan(leaves: Vec<Leaf>) -> Plan {
    let mut plan = Plan::default();
    for leaf in leaves {
        let is_text_body = leaf.mime_type == "text"
            && !leaf.is_attachment_disposition()
            && leaf.raw_name.is_none();
        if is_text_body && leaf.subtype == "html" && plan.html.is_none() {
            plan.html = Some(leaf);
        } else if is_text_body && leaf.subtype == "plain" && plan.plain.is_none() {
            plan.plain = Some(leaf);
        } else if is_text_body && leaf.in_alternative {
            // Another version of a text already chosen (text/enriched and the like).
        } else if leaf.mime_type == "image"
            && leaf.in_related
            && leaf.content_id.is_some()
            && !leaf.is_attachment_disposition()
        {
            plan.inline_images.push(leaf);
        } else {
            plan.attachments.push(leaf);
        }
    }
    plan
}
