//! The app's [`MailAccount`] port implemented over the session's pooled IMAP connection.

use std::sync::Arc;

use postern_app::error::AppError;
use postern_app::model::{FolderStatus, MailHome};
use postern_app::port::MailAccount;

use crate::imap::ConnectionPool;
use crate::imap::folders::list_folders;
use crate::imap::pool::Credentials;
use crate::session::{SealedPassword, SessionKey};

pub struct ImapAccount {
    pub address: String,
    pub connection_id: String,
    pub sealed_password: SealedPassword,
    pub key: SessionKey,
    pub pool: Arc<ConnectionPool>,
}

impl ImapAccount {
    fn credentials(&self) -> Result<Credentials, AppError> {
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

    async fn mail_home(&self, folder: &str) -> Result<MailHome, AppError> {
        let listed = self
            .pool
            .with_connection(
                &self.connection_id,
                || self.credentials(),
                |c| Box::pin(list_folders(c)),
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
        Ok(MailHome {
            address: self.address.clone(),
            folders: listed.into_iter().map(|(f, _)| f).collect(),
            current,
        })
    }
}
