//! Mail formats, with no I/O: header fields for people (`headers`), one part decoded from its
//! transfer encoding and charset (`part`, `transfer`), plain text into lines and links
//! (`text`), HTML through the ammonia sanitiser (`sanitize`), and mboxrd (`mbox`).

pub mod headers;
pub mod mbox;
pub mod part;
pub mod sanitize;
pub mod text;
pub mod transfer;
