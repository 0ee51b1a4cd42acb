//! Organising: flags, moves, delete to Trash, permanent delete, emptying Trash; and folder
//! management (create, rename, delete). Names come in as the person's request and are checked
//! against the server's LIST before anything is sent.

use postern_app::error::AppError;
use postern_app::model::{Arg, FolderLabel, FolderName, Notice, SpecialUse, Uid, UidValidity};
use postern_app::port::{FolderChange, FolderRequest, OrganiseRequest, Organised};

use super::ImapAccount;
use crate::imap::folders::list_folders;
use crate::imap::organise::{
    self as imap_organise, Action, create_where_allowed, delete_folder, folder_name, rename_folder,
};
use crate::imap::{Connection, Listing, Mailbox, OpenError};

pub(super) async fn organise(
    account: &ImapAccount,
    folder: &FolderName,
    uids: &[Uid],
    validity: Option<UidValidity>,
    request: OrganiseRequest,
) -> Result<Organised, AppError> {
    account
        .run(move |c| {
            let (folder, uids, request) = (folder.clone(), uids.to_vec(), request.clone());
            Box::pin(async move { organise_on(c, &folder, &uids, validity, request).await })
        })
        .await
}

async fn organise_on(
    c: &mut Connection,
    folder: &FolderName,
    uids: &[Uid],
    validity: Option<UidValidity>,
    request: OrganiseRequest,
) -> Result<Organised, OpenError> {
    let listed = list_folders(c).await?;
    let current = listed.find(folder).ok_or(OpenError::NoSuchFolder)?;
    let trash = listed.special_mailbox(SpecialUse::Trash);
    let in_trash = trash.as_ref() == Some(&current);
    let (action, notice) = match request {
        OrganiseRequest::Read => (Action::MarkRead, ("notice-read", None)),
        OrganiseRequest::Unread => (Action::MarkUnread, ("notice-unread", None)),
        OrganiseRequest::Flag => (Action::Flag, ("notice-flagged", None)),
        OrganiseRequest::Unflag => (Action::Unflag, ("notice-unflagged", None)),
        OrganiseRequest::Delete if in_trash => return Ok(Organised::ConfirmPurge),
        OrganiseRequest::Delete => {
            // Refused before a Trash is made for it.
            if !c.has("MOVE") {
                imap_organise::refuse_without_uidplus(c)?;
            }
            let trash = match trash {
                Some(trash) => trash,
                // No Trash on this server yet: make one named Trash.
                None => imap_organise::ensure_folder(c, &listed, "Trash").await?,
            };
            let label = listed
                .folder(trash.name())
                .map(|f| f.label.clone())
                .unwrap_or_else(|| FolderLabel::of("Trash", Some(SpecialUse::Trash)));
            (Action::MoveTo(trash), ("notice-moved", Some(label)))
        }
        OrganiseRequest::Move(target) => {
            let (mailbox, label) = move_target(&listed, &target, &current)?;
            (Action::MoveTo(mailbox), ("notice-moved", Some(label)))
        }
        OrganiseRequest::Purge if in_trash => (Action::Purge, ("notice-purged", None)),
        OrganiseRequest::Purge => return Err(OpenError::NoSuchFolder),
        OrganiseRequest::EmptyTrash => {
            let trash = trash.filter(|_| in_trash).ok_or(OpenError::NoSuchFolder)?;
            let count = imap_organise::empty(c, &trash).await?;
            return Ok(Organised::Done(Notice::counted(
                "notice-trash-emptied",
                count as u64,
                Vec::new(),
            )));
        }
    };
    let count = imap_organise::apply(c, &current, uids, validity, &action).await?;
    Ok(Organised::Done(counted(notice, count)))
}

/// A listed folder other than the current one, and its label.
fn move_target(
    listed: &Listing,
    target: &FolderName,
    current: &Mailbox,
) -> Result<(Mailbox, FolderLabel), OpenError> {
    let mailbox = listed
        .find(target)
        .filter(|t| t != current)
        .ok_or(OpenError::NoSuchFolder)?;
    let label = listed
        .folder(target)
        .map(|f| f.label.clone())
        .unwrap_or_default();
    Ok((mailbox, label))
}

/// "Moved to Trash." for one message, "3 messages: moved to Trash." for several (the
/// catalogues say it by the count).
fn counted((key, folder): (&str, Option<FolderLabel>), count: usize) -> Notice {
    let args = folder
        .map(|folder| vec![("folder", folder_arg(&folder))])
        .unwrap_or_default();
    Notice::counted(key, count as u64, args)
}

/// A folder named in a notice: a special one by its role, in the page's language.
fn folder_arg(label: &FolderLabel) -> Arg {
    match label.special() {
        Some(special) => Arg::Special(special),
        None => Arg::text(label.as_str()),
    }
}

pub(super) async fn manage_folder(
    account: &ImapAccount,
    request: FolderRequest,
) -> Result<FolderChange, AppError> {
    account
        .run(|c| {
            let request = request.clone();
            Box::pin(async move { Ok(manage_folder_on(c, request).await?) })
        })
        .await?
}

/// `Ok(Err(reason))` for what the person can correct; IMAP errors go to the pool.
async fn manage_folder_on(
    c: &mut Connection,
    request: FolderRequest,
) -> Result<Result<FolderChange, AppError>, async_imap::error::Error> {
    let listed = list_folders(c).await?;
    let delimiter = listed.delimiter();
    let refused = |error: async_imap::error::Error| match error {
        async_imap::error::Error::No(reason) | async_imap::error::Error::Bad(reason) => {
            Ok(Err(AppError::ServerRefused {
                reason: reason.trim().to_string(),
            }))
        }
        other => Err(other),
    };
    let mut plan = match plan_folder_change(&listed, &request, &delimiter) {
        Ok(plan) => plan,
        Err(reason) => return Ok(Err(reason)),
    };
    let done = match &mut plan {
        FolderPlan::Create(wire) => create_where_allowed(c, wire, &delimiter)
            .await
            .map(|created| *wire = created.name().clone()),
        FolderPlan::Rename(from, to) => rename_folder(c, from, to).await.map(|_| ()),
        FolderPlan::Delete(mailbox) => delete_folder(c, mailbox).await,
    };
    if let Err(error) = done {
        return refused(error);
    }
    Ok(Ok(match (plan, request) {
        (FolderPlan::Create(wire), FolderRequest::Create { name, .. }) => FolderChange {
            notice: Notice::with(
                "notice-folder-created",
                vec![("name", Arg::text(name.trim()))],
            ),
            show: wire,
        },
        (FolderPlan::Rename(_, wire), FolderRequest::Rename { name, .. }) => FolderChange {
            notice: Notice::with(
                "notice-folder-renamed",
                vec![("name", Arg::text(name.trim()))],
            ),
            show: wire,
        },
        (FolderPlan::Delete(mailbox), _) => FolderChange {
            notice: Notice::with(
                "notice-folder-deleted",
                vec![(
                    "name",
                    Arg::text(
                        listed
                            .folder(mailbox.name())
                            .map(|f| f.label.as_str().to_string())
                            .unwrap_or_default(),
                    ),
                )],
            ),
            show: FolderName::inbox(),
        },
        _ => return Ok(Err(AppError::said("folder-change-unknown"))),
    }))
}

/// A checked folder change: what exactly will be sent.
enum FolderPlan {
    Create(FolderName),
    Rename(Mailbox, FolderName),
    Delete(Mailbox),
}

/// Checks a request against the listed folders; why, when it cannot be done.
fn plan_folder_change(
    listed: &Listing,
    request: &FolderRequest,
    delimiter: &str,
) -> Result<FolderPlan, AppError> {
    let new_name = |parent: Option<&FolderName>, name: &str| {
        let wire = folder_name(parent, name, delimiter).map_err(AppError::said)?;
        if listed.folder(&wire).is_some() {
            return Err(AppError::said("folder-exists"));
        }
        Ok(wire)
    };
    // INBOX and special-use folders keep their names: mail clients rely on them.
    let changeable = |folder: &FolderName| {
        listed
            .folder(folder)
            .filter(|f| !f.is_protected())
            .and(listed.any(folder))
    };
    match request {
        FolderRequest::Create { parent, name } => {
            let parent = parent.as_ref().filter(|p| !p.is_empty());
            if parent.is_some_and(|p| listed.folder(p).is_none()) {
                return Err(AppError::NoSuchFolder {
                    name: String::new(),
                });
            }
            // "Top level" is the top of the person's own folders: under INBOX where the server
            // keeps them there.
            let personal = listed
                .personal_prefix()
                .map(|prefix| FolderName::new(prefix.trim_end_matches(delimiter)));
            Ok(FolderPlan::Create(new_name(
                parent.or(personal.as_ref()),
                name,
            )?))
        }
        FolderRequest::Rename { folder, name } => {
            let current =
                changeable(folder).ok_or_else(|| AppError::said("folder-cannot-rename"))?;
            let parent = folder
                .as_str()
                .rfind(delimiter)
                .map(|i| FolderName::new(&folder.as_str()[..i]));
            Ok(FolderPlan::Rename(
                current,
                new_name(parent.as_ref(), name)?,
            ))
        }
        FolderRequest::Delete { folder } => changeable(folder)
            .map(FolderPlan::Delete)
            .ok_or_else(|| AppError::said("folder-cannot-delete")),
    }
}
