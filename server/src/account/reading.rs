//! Reading: the folder page (folder list, counts, one page or search results, quota, Trash's
//! size), an opened message, and its HTML part for the body frame.

use postern_app::error::AppError;
use postern_app::model::{
    AttachmentInfo, FolderLabel, FolderName, FolderStatus, MailHome, MessageBody, MessagePage,
    MessageRef, MessageView, QuotaInfo, SortKey, SpecialUse, TrashInfo,
};
use postern_app::port::HtmlPart;

use super::ImapAccount;
use crate::imap::command::search;
use crate::imap::folders::{list_folders_counted, resolve, resolve_listed};
use crate::imap::messages::{list_page, search_page};
use crate::imap::{Connection, Listing, OpenError, message, organise, utf7};
use crate::mime::headers::MessageHeaders;
use crate::mime::sanitize::sanitize;

/// What one round on the connection reads for a folder page.
struct Read {
    listed: Listing,
    /// `None` when the folder was not listed; `Err` when the search cannot be sent.
    page: Option<Result<MessagePage, String>>,
    quota: Option<QuotaInfo>,
    trash_bytes: Option<u64>,
}

pub(super) async fn mail_home(
    account: &ImapAccount,
    folder: &FolderName,
    page: u32,
    sort: Option<SortKey>,
    search: Option<(String, String)>,
) -> Result<MailHome, AppError> {
    let search = search.filter(|(text, _)| !text.trim().is_empty());
    let page_size = account.page_size;
    let default_sort = account.settings.sort.unwrap_or_default();
    let sort = sort.unwrap_or(default_sort);
    let read = account
        .run(|c| {
            let folder = folder.clone();
            let search = search.clone();
            Box::pin(async move { read_home(c, &folder, page, page_size, sort, search).await })
        })
        .await?;
    let current = current_status(&read.listed, folder)?;
    let trash = read
        .listed
        .special(SpecialUse::Trash)
        .map(|(f, (messages, _))| TrashInfo {
            name: f.name.clone(),
            messages,
            bytes: read.trash_bytes,
        });
    let mut page = read
        .page
        .ok_or(AppError::Internal)?
        .map_err(|reason| AppError::Invalid {
            reason: format!("Cannot search for that: {reason}."),
        })?;
    page.default_sort = default_sort;
    Ok(MailHome {
        address: account.address.clone(),
        folders: read.listed.into_folders(),
        current,
        page,
        quota: read.quota,
        trash,
        notice: None,
        search,
    })
}

/// The folder list, Trash's size, the page (only of a listed folder), the quota.
async fn read_home(
    c: &mut Connection,
    folder: &FolderName,
    page: u32,
    page_size: u32,
    sort: SortKey,
    search: Option<(String, String)>,
) -> Result<Read, OpenError> {
    let listed = list_folders_counted(c).await?;
    // Before the page's folder is opened: reading Trash's size opens Trash, and the page's
    // folder should be the one left open for the next page.
    let trash_bytes = trash_bytes(c, &listed).await;
    // Only a folder the server listed is opened: a made-up name in the URL ends as "does not
    // exist", without a command built from it.
    let page = match (listed.find(folder), &search) {
        (None, _) => None,
        (Some(mailbox), None) => Some(Ok(list_page(c, &mailbox, page, page_size, sort).await?)),
        (Some(mailbox), Some((text, field))) => {
            let field = search::Field::from_param(field);
            match search_page(c, &mailbox, text.trim(), field, page, page_size).await {
                Ok(result) => Some(Ok(result?)),
                Err(refused) => Some(Err(refused.to_string())),
            }
        }
    };
    // The folder list may be a few seconds old (`list_folders_counted`); when the folder just
    // opened holds another number of messages than it says, the list is read again, so that the
    // page's counts (and live mail's comparison with them) are the server's.
    let opened = c
        .selected
        .as_ref()
        .map(|open| (open.folder.name().clone(), open.exists));
    let listing_behind = opened.is_some_and(|(name, exists)| {
        name == *folder
            && listed
                .counts(folder)
                .is_some_and(|(messages, _)| messages != exists)
    });
    let listed = if listing_behind {
        crate::imap::folders::list_folders(c).await?
    } else {
        listed
    };
    // A server without quota (or refusing it) shows no quota bar.
    let quota = organise::quota(c).await.ok().flatten();
    Ok(Read {
        listed,
        page,
        quota,
        trash_bytes,
    })
}

/// What emptying Trash would free; `None` when Trash is empty or the server would not say.
async fn trash_bytes(c: &mut Connection, listed: &Listing) -> Option<u64> {
    let (trash, (messages, _)) = listed.special(SpecialUse::Trash)?;
    if messages == 0 {
        return None;
    }
    let mailbox = listed.find(&trash.name)?;
    organise::trash_bytes(c, &mailbox, messages)
        .await
        .inspect_err(|error| tracing::warn!(?error, "cannot add up the size of Trash"))
        .ok()
}

fn current_status(listed: &Listing, folder: &FolderName) -> Result<FolderStatus, AppError> {
    let not_listed = || AppError::NoSuchFolder {
        name: utf7::decode(folder.as_str()),
    };
    let found = listed
        .folder(folder)
        .filter(|f| f.selectable)
        .ok_or_else(not_listed)?;
    let (messages, unread) = listed.counts(folder).unwrap_or((0, 0));
    Ok(FolderStatus {
        name: found.name.clone(),
        label: found.label.clone(),
        messages,
        unread,
    })
}

pub(super) async fn open_message(
    account: &ImapAccount,
    wanted: &MessageRef,
) -> Result<MessageView, AppError> {
    let (listed, opened) = account
        .run(|c| {
            let wanted = wanted.clone();
            Box::pin(async move {
                // The message page shows no counts: a recent folder list will do.
                let (folder, listed) = resolve_listed(c, &wanted.folder).await?;
                let opened = message::open(c, &folder, wanted.uid, wanted.uid_validity).await?;
                Ok((listed, opened))
            })
        })
        .await?;
    let folder = &wanted.folder;
    let role = listed.folder(folder).and_then(|f| f.special);
    let move_targets = listed
        .folders()
        .filter(|f| f.selectable && f.name != *folder)
        .map(|f| (f.name.clone(), f.indented_label()))
        .collect();
    let message = MessageRef::new(folder.clone(), wanted.uid, opened.uid_validity);
    let mut view = message_view(&account.address, message, opened);
    view.remote_always = account
        .settings
        .shows_remote_images_from(&view.sender_address);
    view.in_trash = role == Some(SpecialUse::Trash);
    view.in_drafts = role == Some(SpecialUse::Drafts);
    view.move_targets = move_targets;
    Ok(view)
}

pub(super) async fn html_part(
    account: &ImapAccount,
    wanted: &MessageRef,
) -> Result<Option<HtmlPart>, AppError> {
    let found = account
        .run(|c| {
            let wanted = wanted.clone();
            Box::pin(async move {
                let folder = resolve(c, &wanted.folder).await?;
                message::html_with_images(c, &folder, wanted.uid, wanted.uid_validity).await
            })
        })
        .await?;
    Ok(found.map(|(html, images)| HtmlPart { html, images }))
}

/// Builds what the message page shows from what was fetched.
fn message_view(address: &str, message: MessageRef, opened: message::Opened) -> MessageView {
    let headers = MessageHeaders::parse(&opened.header);
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
        folder_label: folder_label(&message.folder),
        message,
        subject: headers.subject,
        from: headers.from,
        sender_address: headers.sender_address,
        remote_always: false,
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

fn folder_label(folder: &FolderName) -> FolderLabel {
    if folder.is_inbox() {
        FolderLabel::of("Inbox", Some(SpecialUse::Inbox))
    } else {
        FolderLabel::new(utf7::decode(folder.as_str()))
    }
}
