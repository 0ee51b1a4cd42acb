//! `POST /mail/action`: flags, move, delete, permanent delete and emptying Trash, as plain form
//! posts answered with a redirect and a one-time notice. Permanent deletes need `confirm=1`;
//! without it the browser is sent to a page that asks.

use axum::body::Bytes;
use axum::response::{IntoResponse, Redirect, Response};
use postern_app::error::AppError;
use postern_app::model::{FolderName, MessageRef, Notice, Uid, UidValidity};
use postern_app::port::{FolderChange, FolderRequest, OrganiseRequest, Organised};
use postern_app::url::{folder_page, message_page};
use tower_sessions::Session;

use super::LoggedInForm;
use crate::session;

/// The posted form. Parsed by hand: `uids` repeats once per ticked checkbox.
#[derive(Default)]
pub struct ActionForm {
    folder: FolderName,
    uids: Vec<Uid>,
    /// Posted from a message's page (its field is `uid`; the list's checkboxes are `uids`).
    from_message: bool,
    v: Option<UidValidity>,
    action: String,
    target: Option<FolderName>,
    confirm: bool,
    /// A folder name as typed (create, rename) and where to create it.
    name: String,
    parent: Option<FolderName>,
}

impl ActionForm {
    fn parse(body: &[u8]) -> Self {
        let mut form = ActionForm::default();
        for (key, value) in form_urlencoded::parse(body) {
            match key.as_ref() {
                "folder" => form.folder = FolderName::new(value),
                "uid" => {
                    form.from_message = true;
                    form.uids.extend(Uid::parse(&value));
                }
                "uids" => form.uids.extend(Uid::parse(&value)),
                "v" => form.v = UidValidity::parse(&value),
                // A button's own value wins over a default hidden field.
                "action" => form.action = value.into_owned(),
                "target" => form.target = Some(FolderName::new(value)).filter(|t| !t.is_empty()),
                "confirm" => form.confirm = value == "1",
                "name" => form.name = value.into_owned(),
                "parent" => form.parent = Some(FolderName::new(value)).filter(|p| !p.is_empty()),
                _ => {}
            }
        }
        form
    }
}

pub async fn action(
    LoggedInForm(account): LoggedInForm,
    session: Session,
    body: Bytes,
) -> Response {
    let form = ActionForm::parse(&body);
    if let Some(request) = folder_request(&form) {
        let folder = folder_page(&form.folder);
        if matches!(request, FolderRequest::Delete { .. }) && !form.confirm {
            return Redirect::to(&format!("{folder}&confirm=delete-folder")).into_response();
        }
        return match account.manage_folder(request).await {
            Ok(FolderChange { notice, show }) => back(&session, &folder_page(&show), notice).await,
            Err(error) => back(&session, &folder, error.into()).await,
        };
    }
    let single = (form.from_message && form.uids.len() == 1).then(|| form.uids[0]);
    // After an action on a message's page that page; after one from the list, the list.
    let message =
        single.map(|uid| message_page(&MessageRef::new(form.folder.clone(), uid, form.v)));
    let folder = folder_page(&form.folder);
    let message_or_folder = message.clone().unwrap_or_else(|| folder.clone());
    let (request, after) = match form.action.as_str() {
        "read" => (OrganiseRequest::Read, message_or_folder.clone()),
        "unread" => (OrganiseRequest::Unread, folder.clone()),
        "flag" => (OrganiseRequest::Flag, message_or_folder.clone()),
        "unflag" => (OrganiseRequest::Unflag, message_or_folder.clone()),
        "delete" => (OrganiseRequest::Delete, folder.clone()),
        "move" => match form.target.clone() {
            Some(target) => (OrganiseRequest::Move(target), folder.clone()),
            None => {
                let notice = Notice::said("notice-choose-target");
                return back(&session, &message_or_folder, notice).await;
            }
        },
        "purge" if form.confirm => (OrganiseRequest::Purge, folder.clone()),
        "purge" => {
            return Redirect::to(&confirm_purge(&message_or_folder, &form.uids)).into_response();
        }
        "empty-trash" if form.confirm => (OrganiseRequest::EmptyTrash, folder.clone()),
        "empty-trash" => return Redirect::to(&format!("{folder}&confirm=empty")).into_response(),
        _ => return back(&session, &folder, Notice::said("notice-unknown-action")).await,
    };
    let needs_messages = !matches!(request, OrganiseRequest::EmptyTrash);
    if needs_messages && form.uids.is_empty() {
        return back(&session, &folder, Notice::said("notice-select-first")).await;
    }
    match account
        .organise(&form.folder, &form.uids, form.v, request)
        .await
    {
        Ok(Organised::Done(notice)) => back(&session, &after, notice).await,
        Ok(Organised::ConfirmPurge) => {
            Redirect::to(&confirm_purge(&message_or_folder, &form.uids)).into_response()
        }
        Err(AppError::NoSuchFolder { .. }) => {
            let gone = AppError::NoSuchFolder {
                name: String::new(),
            };
            back(&session, &folder, gone.into()).await
        }
        // The folder page can always show the notice (the message page may be what failed).
        Err(error) => back(&session, &folder, error.into()).await,
    }
}

fn folder_request(form: &ActionForm) -> Option<FolderRequest> {
    match form.action.as_str() {
        "folder-create" => Some(FolderRequest::Create {
            parent: form.parent.clone(),
            name: form.name.clone(),
        }),
        "folder-rename" => Some(FolderRequest::Rename {
            folder: form.folder.clone(),
            name: form.name.clone(),
        }),
        "folder-delete" => Some(FolderRequest::Delete {
            folder: form.folder.clone(),
        }),
        _ => None,
    }
}

/// The page that asks before deleting for good: the message, or the folder with the picked UIDs.
fn confirm_purge(page: &str, uids: &[Uid]) -> String {
    let picked: String = uids.iter().map(|u| format!("&uids={u}")).collect();
    if page.starts_with("/mail/message") {
        format!("{page}&confirm=purge")
    } else {
        format!("{page}&confirm=purge{picked}")
    }
}

/// Redirects with a notice for the next page.
async fn back(session: &Session, to: &str, notice: Notice) -> Response {
    super::redirect_keeping(session, session::NOTICE, &notice, to).await
}
