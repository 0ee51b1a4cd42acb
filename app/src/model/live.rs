//! Changes pushed to an open page (live mail).

use super::FolderName;

/// Something changed in the person's mail while a page was open.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub enum MailChange {
    /// The watch listens now (in IDLE on the page's folder): anything from here on is reported.
    /// `exists` is how many messages that folder holds as the watch sees it, for the page to
    /// compare with what it shows (a message that came while the watch was being opened);
    /// `None` when the watch could not say.
    Listening { exists: Option<u32> },
    /// A message arrived, left, or had its flags changed in this folder.
    Folder(FolderName),
    /// Changes may have been missed (the watch was reconnected): read everything again.
    Resync,
    /// The watch ended for good (the session ended, the server refused the login): a reload
    /// says why.
    Ended,
}
