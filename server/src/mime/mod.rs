//! Turning message parts into something safe to show: plain text into lines and links
//! (`text`), HTML through the ammonia sanitiser (`sanitize`).

pub mod headers;
pub mod mbox;
pub mod sanitize;
pub mod text;
pub mod transfer;
