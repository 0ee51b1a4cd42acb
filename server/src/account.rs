//! The app's [`MailAccount`] port implemented over the session's pooled IMAP connection.

use std::sync::Arc;

use postern_app::error::AppError;
use postern_app::model::{
    AttachmentInfo, ComposeForm, ComposeStart, FolderStatus, MailHome, MessageBody, MessageView,
    SortKey, SpecialUse, TrashInfo,
};
use postern_app::port::MailAccount;

use futures::future::BoxFuture;

use crate::imap::folders::list_folders;
use crate::imap::message::{self, OpenError, PartInfo};
use crate::imap::messages::list_page;
use crate::imap::pool::Credentials;
use crate::imap::{Connection, ConnectionPool};
use crate::mime::sanitize::{SanitizedHtml, sanitize};
use crate::session::{SealedPassword, SessionKey};

pub struct ImapAccount {
    pub address: String,
    pub connection_id: String,
    pub sealed_password: SealedPassword,
    pub key: SessionKey,
    pub pool: Arc<ConnectionPool>,
    /// Rows per folder page.
    pub page_size: u32,
    /// Attachments per message, counted after base64.
    pub attachment_limit: u64,
}

impl ImapAccount {
    /// Runs a message operation on the session's connection. IMAP errors go through the pool
    /// (which reconnects once on a dropped connection); the others become words for people.
    pub(crate) async fn with_message<T: Send + 'static>(
        &self,
        operation: impl for<'c> Fn(&'c mut Connection) -> BoxFuture<'c, Result<T, OpenError>> + Send,
    ) -> Result<T, AppError> {
        self.pool
            .with_connection(
                &self.connection_id,
                || self.credentials(),
                |c| {
                    let future = operation(c);
                    Box::pin(async move {
                        match future.await {
                            Ok(value) => Ok(Ok(value)),
                            Err(OpenError::Imap(error)) => Err(error),
                            Err(OpenError::FolderChanged) => Ok(Err(AppError::FolderChanged)),
                            Err(OpenError::NoSuchMessage) => Ok(Err(AppError::NoSuchMessage)),
                            Err(OpenError::NoSuchFolder) => Ok(Err(AppError::NoSuchFolder {
                                name: String::new(),
                            })),
                        }
                    })
                },
            )
            .await?
    }

    /// The sanitised HTML body (for the body frame), with inline images; `None` if the
    /// message has no HTML part.
    pub async fn body_html(
        &self,
        folder: &str,
        uid: u32,
        validity: Option<u32>,
        allow_remote: bool,
    ) -> Result<Option<SanitizedHtml>, AppError> {
        let folder = folder.to_string();
        let found = self
            .with_message(|c| {
                let folder = folder.clone();
                Box::pin(async move { message::html_with_images(c, &folder, uid, validity).await })
            })
            .await?;
        Ok(found.map(|(html, images)| sanitize(&html, &images, allow_remote)))
    }

    /// Finds a part to download.
    pub async fn part_info(
        &self,
        folder: &str,
        uid: u32,
        validity: Option<u32>,
        part: &str,
    ) -> Result<Option<PartInfo>, AppError> {
        let folder = folder.to_string();
        let part = part.to_string();
        self.with_message(|c| {
            let folder = folder.clone();
            let part = part.clone();
            Box::pin(async move { message::part_info(c, &folder, uid, validity, &part).await })
        })
        .await
    }

    /// The folder's UIDVALIDITY (checked against `expected`).
    pub async fn folder_validity(
        &self,
        folder: &str,
        expected: Option<u32>,
    ) -> Result<u32, AppError> {
        let folder = folder.to_string();
        self.with_message(|c| {
            let folder = folder.clone();
            Box::pin(async move { message::current_validity(c, &folder, expected).await })
        })
        .await
    }

    /// One chunk of a part (or of the whole message, `path` empty), as stored.
    pub async fn chunk(
        &self,
        folder: &str,
        uid: u32,
        uid_validity: u32,
        path: &str,
        offset: u64,
        len: u32,
    ) -> Result<Vec<u8>, AppError> {
        let folder = folder.to_string();
        let path = path.to_string();
        self.with_message(|c| {
            let folder = folder.clone();
            let path = path.clone();
            Box::pin(async move {
                message::chunk(c, &folder, uid, uid_validity, &path, offset, len).await
            })
        })
        .await
    }

    /// Applies an organising request; says what happened, in words for the next page.
    pub async fn organise(
        &self,
        folder: &str,
        uids: Vec<u32>,
        validity: Option<u32>,
        request: OrganiseRequest,
    ) -> Result<Outcome, AppError> {
        let folder = folder.to_string();
        self.with_message(move |c| {
            let folder = folder.clone();
            let request = request.clone();
            let uids = uids.clone();
            Box::pin(async move { organise_on(c, &folder, &uids, validity, request).await })
        })
        .await
    }

    /// Creates, renames or deletes a folder; returns the notice and the folder to show next.
    pub async fn manage_folder(
        &self,
        request: FolderRequest,
    ) -> Result<(String, String), AppError> {
        let result = self
            .pool
            .with_connection(
                &self.connection_id,
                || self.credentials(),
                |c| {
                    let request = request.clone();
                    Box::pin(async move { manage_folder_on(c, request).await })
                },
            )
            .await?;
        result.map_err(|reason| AppError::Invalid { reason })
    }

    pub(crate) fn credentials(&self) -> Result<Credentials, AppError> {
        let password = self
            .sealed_password
            .open(&self.key, &self.address)
            .map_err(|_| AppError::NotLoggedIn)?;
        Ok(Credentials {
            address: self.address.clone(),
            password,
        })
    }
}

#[async_trait::async_trait]
impl MailAccount for ImapAccount {
    fn address(&self) -> &str {
        &self.address
    }

    async fn mail_home(
        &self,
        folder: &str,
        page: u32,
        sort: SortKey,
        search: Option<(String, String)>,
    ) -> Result<MailHome, AppError> {
        let page_size = self.page_size;
        let wanted = folder.to_string();
        let search = search.filter(|(text, _)| !text.trim().is_empty());
        let wanted_search = search.clone();
        let (listed, messages, quota, trash_bytes) = self
            .pool
            .with_connection(
                &self.connection_id,
                || self.credentials(),
                |c| {
                    let folder = wanted.clone();
                    let search = wanted_search.clone();
                    Box::pin(async move {
                        let listed = list_folders(c).await?;
                        // Before the page's folder is opened: reading Trash's size opens Trash,
                        // and the page's folder should be the one left open for the next page.
                        let trash_bytes = match listed.iter().find(|(f, (messages, _))| {
                            f.special == Some(SpecialUse::Trash) && *messages > 0
                        }) {
                            Some((trash, (messages, _))) => {
                                crate::imap::organise::trash_bytes(c, &trash.name, *messages)
                                    .await
                                    .inspect_err(|error| {
                                        tracing::warn!(?error, "cannot add up the size of Trash");
                                    })
                                    .ok()
                            }
                            None => None,
                        };
                        // Only a folder the server listed is opened: a made-up name in the URL
                        // ends as "does not exist", without a command built from it.
                        let exists = listed.iter().any(|(f, _)| f.name == folder && f.selectable);
                        let messages = match (exists, &search) {
                            (false, _) => None,
                            (true, None) => {
                                Some(Ok(list_page(c, &folder, page, page_size, sort).await?))
                            }
                            (true, Some((text, field))) => {
                                let field = crate::imap::messages::SearchField::from_param(field);
                                match crate::imap::messages::search_page(
                                    c,
                                    &folder,
                                    text.trim(),
                                    field,
                                    page,
                                    page_size,
                                )
                                .await
                                {
                                    Ok(result) => Some(Ok(result?)),
                                    Err(refused) => Some(Err(refused.to_string())),
                                }
                            }
                        };
                        // A server without quota (or refusing it) shows no quota bar.
                        let quota = crate::imap::organise::quota(c).await.ok().flatten();
                        Ok((listed, messages, quota, trash_bytes))
                    })
                },
            )
            .await?;
        let current = listed
            .iter()
            .find(|(f, _)| f.name == folder && f.selectable)
            .map(|(f, (messages, unread))| FolderStatus {
                name: f.name.clone(),
                label: f.label.clone(),
                messages: *messages,
                unread: *unread,
            })
            .ok_or_else(|| AppError::NoSuchFolder {
                name: crate::imap::utf7::decode(folder),
            })?;
        let trash = listed
            .iter()
            .find(|(f, _)| f.special == Some(SpecialUse::Trash))
            .map(|(f, (messages, _))| TrashInfo {
                name: f.name.clone(),
                messages: *messages,
                bytes: trash_bytes,
            });
        Ok(MailHome {
            address: self.address.clone(),
            folders: listed.into_iter().map(|(f, _)| f).collect(),
            current,
            page: messages
                .ok_or(AppError::Internal)?
                .map_err(|reason| AppError::Invalid {
                    reason: format!("Cannot search for that: {reason}."),
                })?,
            quota,
            trash,
            notice: None,
            search,
        })
    }

    async fn open_message(
        &self,
        folder: &str,
        uid: u32,
        uid_validity: Option<u32>,
    ) -> Result<MessageView, AppError> {
        let wanted = folder.to_string();
        let (listed, opened) = self
            .with_message(|c| {
                let folder = wanted.clone();
                Box::pin(async move {
                    // The message page shows no counts: a recent folder list will do.
                    let listed = crate::imap::folders::list_folders_recent(c).await?;
                    let opened = message::open(c, &folder, uid, uid_validity).await?;
                    Ok((listed, opened))
                })
            })
            .await?;
        let in_trash = listed
            .iter()
            .any(|(f, _)| f.name == folder && f.special == Some(SpecialUse::Trash));
        let move_targets = listed
            .iter()
            .filter(|(f, _)| f.selectable && f.name != folder)
            .map(|(f, _)| (f.name.clone(), f.indented_label()))
            .collect();
        let in_drafts = listed
            .iter()
            .any(|(f, _)| f.name == folder && f.special == Some(SpecialUse::Drafts));
        let mut view = message_view(&self.address, folder, uid, opened);
        view.in_trash = in_trash;
        view.in_drafts = in_drafts;
        view.move_targets = move_targets;
        Ok(view)
    }

    async fn compose(&self, start: ComposeStart) -> Result<ComposeForm, AppError> {
        crate::compose::start(self, start).await
    }
}

/// Builds what the message page shows from what was fetched.
fn message_view(address: &str, folder: &str, uid: u32, opened: message::Opened) -> MessageView {
    let headers = crate::mime::headers::MessageHeaders::parse(&opened.header);
    let body = if let Some(html) = &opened.html {
        let checked = sanitize(html, &std::collections::HashMap::new(), false);
        MessageBody::Html {
            remote_content: checked.remote_blocked,
        }
    } else if let Some(plain) = &opened.plain {
        let leaf = opened.plan.plain.as_ref();
        let flowed = leaf.is_some_and(|l| l.flowed);
        let delsp = leaf.is_some_and(|l| l.delsp);
        MessageBody::Plain(crate::mime::text::render(plain, flowed, delsp))
    } else {
        MessageBody::Empty
    };
    let attachments = opened
        .plan
        .attachments
        .iter()
        .map(|leaf| AttachmentInfo {
            part: leaf.path.clone(),
            filename: leaf
                .file_name()
                .unwrap_or_else(|| format!("part-{}.{}", leaf.path, leaf.subtype)),
            mime_type: format!("{}/{}", leaf.mime_type, leaf.subtype),
            size: leaf.size,
        })
        .collect();
    MessageView {
        address: address.to_string(),
        folder: folder.to_string(),
        folder_label: folder_label(folder),
        uid,
        uid_validity: opened.uid_validity,
        subject: headers.subject,
        from: headers.from,
        to: headers.to,
        cc: headers.cc,
        reply_to: headers.reply_to,
        date_label: headers.date_label,
        date_iso: headers.date_iso,
        body,
        attachments,
        flagged: opened.flagged,
        in_trash: false,
        in_drafts: false,
        move_targets: Vec::new(),
        notice: None,
    }
}

fn folder_label(folder: &str) -> String {
    if folder.eq_ignore_ascii_case("INBOX") {
        "Inbox".to_string()
    } else {
        crate::imap::utf7::decode(folder)
    }
}

/// What a person asked for on a message or on Trash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum OrganiseRequest {
    Read,
    Unread,
    Flag,
    Unflag,
    /// To Trash; inside Trash it asks for a confirmation first.
    Delete,
    Move(String),
    /// Permanent, confirmed.
    Purge,
    /// Every message in Trash, confirmed.
    EmptyTrash,
}

#[derive(Debug, PartialEq, Eq)]
pub enum Outcome {
    Done(String),
    /// Deleting inside Trash is permanent: ask first.
    ConfirmPurge,
}

async fn organise_on(
    c: &mut crate::imap::Connection,
    folder: &str,
    uids: &[u32],
    validity: Option<u32>,
    request: OrganiseRequest,
) -> Result<Outcome, OpenError> {
    use crate::imap::organise::{self, Action};
    let listed = list_folders(c).await?;
    let find = |name: &str| {
        listed
            .iter()
            .find(|(f, _)| f.name == name && f.selectable)
            .map(|(f, _)| f.clone())
    };
    let trash = listed
        .iter()
        .find(|(f, _)| f.special == Some(SpecialUse::Trash))
        .map(|(f, _)| f.name.clone());
    let Some(current) = find(folder) else {
        return Err(OpenError::NoSuchFolder);
    };
    let in_trash = trash.as_deref() == Some(folder);
    let (action, notice) = match request {
        OrganiseRequest::Read => (Action::MarkRead, "Marked as read.".to_string()),
        OrganiseRequest::Unread => (Action::MarkUnread, "Marked as unread.".to_string()),
        OrganiseRequest::Flag => (Action::Flag, "Flagged.".to_string()),
        OrganiseRequest::Unflag => (Action::Unflag, "Flag removed.".to_string()),
        OrganiseRequest::Delete if in_trash => return Ok(Outcome::ConfirmPurge),
        OrganiseRequest::Delete => {
            let trash = match trash {
                Some(trash) => trash,
                None => {
                    // No Trash on this server yet: make one named Trash.
                    organise::ensure_folder(c, "Trash").await?;
                    "Trash".to_string()
                }
            };
            (Action::MoveTo(trash), "Moved to Trash.".to_string())
        }
        OrganiseRequest::Move(target) => {
            let Some(target_folder) = find(&target).filter(|t| t.name != current.name) else {
                return Err(OpenError::NoSuchFolder);
            };
            (
                Action::MoveTo(target),
                format!("Moved to {}.", target_folder.label),
            )
        }
        OrganiseRequest::Purge if in_trash => (Action::Purge, "Deleted permanently.".to_string()),
        OrganiseRequest::Purge => return Err(OpenError::NoSuchFolder),
        OrganiseRequest::EmptyTrash => {
            let Some(trash) = trash.filter(|_| in_trash) else {
                return Err(OpenError::NoSuchFolder);
            };
            let count = organise::empty(c, &trash).await?;
            let what = if count == 1 {
                "1 message".to_string()
            } else {
                format!("{count} messages")
            };
            return Ok(Outcome::Done(format!(
                "Trash emptied: {what} deleted for good."
            )));
        }
    };
    let count = organise::apply(c, folder, uids, validity, &action).await?;
    // "Moved to Trash." for one message, "3 messages: moved to Trash." for several.
    let notice = if count == 1 {
        notice
    } else {
        let (first, rest) = notice.split_at(1);
        format!("{count} messages: {}{rest}", first.to_lowercase())
    };
    Ok(Outcome::Done(notice))
}

/// Folder changes a person asked for. Names are as typed (leaf only); folders are wire names.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum FolderRequest {
    Create {
        parent: Option<String>,
        name: String,
    },
    Rename {
        folder: String,
        name: String,
    },
    Delete {
        folder: String,
    },
}

/// `Ok(Err(reason))` for what the person can correct; IMAP errors go to the pool.
async fn manage_folder_on(
    c: &mut crate::imap::Connection,
    request: FolderRequest,
) -> Result<Result<(String, String), String>, async_imap::error::Error> {
    use crate::imap::organise::{create_folder, delete_folder, folder_name, rename_folder};
    let listed = list_folders(c).await?;
    let find = |name: &str| {
        listed
            .iter()
            .find(|(f, _)| f.name == name)
            .map(|(f, _)| f.clone())
    };
    let delimiter = listed
        .iter()
        .map(|(f, _)| f.delimiter.clone())
        .find(|d| !d.is_empty())
        .unwrap_or_else(|| "/".to_string());
    let refused = |error: async_imap::error::Error| match error {
        async_imap::error::Error::No(reason) | async_imap::error::Error::Bad(reason) => {
            Ok(Err(format!("The mail server refused: {}", reason.trim())))
        }
        other => Err(other),
    };
    match request {
        FolderRequest::Create { parent, name } => {
            let parent = parent.filter(|p| !p.is_empty());
            if let Some(p) = &parent
                && find(p).is_none()
            {
                return Ok(Err("That folder does not exist (any more).".to_string()));
            }
            let wire = match folder_name(parent.as_deref(), &name, &delimiter) {
                Ok(wire) => wire,
                Err(reason) => return Ok(Err(reason.to_string())),
            };
            if find(&wire).is_some() {
                return Ok(Err("A folder with that name exists already.".to_string()));
            }
            if let Err(error) = create_folder(c, &wire).await.map_err(open_to_imap) {
                return refused(error);
            }
            Ok(Ok((format!("Folder “{}” created.", name.trim()), wire)))
        }
        FolderRequest::Rename { folder, name } => {
            let Some(current) = find(&folder).filter(|f| !f.is_protected()) else {
                return Ok(Err("This folder cannot be renamed.".to_string()));
            };
            let parent = folder
                .rfind(delimiter.as_str())
                .map(|i| folder[..i].to_string());
            let wire = match folder_name(parent.as_deref(), &name, &delimiter) {
                Ok(wire) => wire,
                Err(reason) => return Ok(Err(reason.to_string())),
            };
            if find(&wire).is_some() {
                return Ok(Err("A folder with that name exists already.".to_string()));
            }
            if let Err(error) = rename_folder(c, &current.name, &wire)
                .await
                .map_err(open_to_imap)
            {
                return refused(error);
            }
            Ok(Ok((format!("Folder renamed to “{}”.", name.trim()), wire)))
        }
        FolderRequest::Delete { folder } => {
            let Some(current) = find(&folder).filter(|f| !f.is_protected()) else {
                return Ok(Err("This folder cannot be deleted.".to_string()));
            };
            if let Err(error) = delete_folder(c, &current.name).await.map_err(open_to_imap) {
                return refused(error);
            }
            Ok(Ok((
                format!("Folder “{}” deleted.", current.label),
                "INBOX".to_string(),
            )))
        }
    }
}

fn open_to_imap(error: OpenError) -> async_imap::error::Error {
    match error {
        OpenError::Imap(error) => error,
        other => async_imap::error::Error::No(format!("{other:?}")),
    }
}
