//! The mail adapter: the app's [`MailAccount`] port answered over the session's pooled IMAP
//! connection (reading, organising, storing) and the submission server (sending). Each request
//! names folders with a [`FolderName`]; the adapter resolves it against the server's LIST
//! ([`crate::imap::folders::resolve`]) before any command is built from it.

mod downloads;
mod organise;
mod reading;
mod writing;

use std::sync::Arc;
use std::time::Duration;

use futures::future::BoxFuture;
use postern_app::error::AppError;
use postern_app::model::{
    ComposeForm, ComposeStart, FolderName, ForeignScript, MailHome, MessageRef, MessageView,
    NamedAddress, PartPath, Rules, RulesStore, Settings, SettingsStore, SortKey, Uid, UidValidity,
    remember_addresses,
};
use postern_app::port::{
    AttachedFile, Download, Envelope, FolderChange, FolderRequest, HtmlPart, MailAccount,
    OrganiseRequest, Organised, SendError, SentCopy, SourceMessage,
};

use crate::imap::pool::Credentials;
use crate::imap::{Connection, ConnectionPool, OpenError};
use crate::session::{SealedPassword, SessionKey};
use crate::tls::TlsClient;
use crate::upstream::Upstream;

/// Where and how this account submits mail.
pub struct Submission {
    pub upstream: Upstream,
    pub tls: TlsClient,
    pub allow_internal: bool,
    pub timeout: Duration,
    /// Other From addresses the operator allows.
    pub extra_from: crate::compose::identity::ExtraFrom,
}

/// A folder's name as Sieve's `fileinto` takes it (UTF-8, not IMAP's modified UTF-7).
fn folder_name(wire: &str) -> String {
    crate::imap::utf7::decode(wire)
}

/// A change to the address book.
#[derive(Clone)]
enum BookChange {
    Remember(Vec<NamedAddress>),
    Forget(Vec<String>),
}

/// One logged-in person's mail, for one request. Cheap to clone: a download stream keeps a
/// clone for as long as it runs.
#[derive(Clone)]
pub struct ImapAccount {
    pub address: String,
    pub connection_id: String,
    pub sealed_password: SealedPassword,
    pub key: SessionKey,
    pub pool: Arc<ConnectionPool>,
    /// The session's watch for live mail.
    pub live: Arc<crate::imap::live::Live>,
    pub submission: Arc<Submission>,
    /// Rows per folder page (the person's choice, else the operator's).
    pub page_size: u32,
    /// The operator's rows per page.
    pub default_page_size: u32,
    /// Attachments per message, counted after base64.
    pub attachment_limit: u64,
    /// The person's settings as this session read them from the server.
    pub settings: Settings,
    /// Where their vacation reply and filters are managed; `None` where not offered.
    pub sieve: Option<Arc<crate::sieve::ManageSieve>>,
}

impl ImapAccount {
    /// Runs an operation on the session's connection. IMAP errors go through the pool (which
    /// reconnects once on a dropped connection); the others become words for people.
    async fn run<T: Send + 'static>(
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
                            Err(OpenError::Unsafe(reason)) => Ok(Err(AppError::Invalid {
                                reason: reason.to_string(),
                            })),
                        }
                    })
                },
            )
            .await?
    }

    /// Reads the address book, changes it, and keeps it, in one use of the connection (so two
    /// requests of the session do not interleave); nothing where the server keeps none.
    async fn change_address_book(&self, change: BookChange) -> Result<(), AppError> {
        self.run(|c| {
            let change = change.clone();
            Box::pin(async move {
                let mut book = crate::imap::settings::address_book(c).await?;
                let before = book.clone();
                match change {
                    BookChange::Remember(used) => remember_addresses(&mut book, &used),
                    BookChange::Forget(addresses) => book
                        .retain(|b| !addresses.iter().any(|a| a.eq_ignore_ascii_case(&b.address))),
                }
                if book == before {
                    return Ok(Ok(()));
                }
                let json = serde_json::to_string(&book)
                    .map_err(|_| OpenError::Unsafe("the address book cannot be written out"))?;
                crate::imap::settings::save_address_book(c, &json).await
            })
        })
        .await?
    }

    /// The person's other From addresses: a vacation reply answers mail to them too.
    fn aliases(&self) -> Vec<String> {
        self.settings
            .identities
            .iter()
            .map(|i| i.address.clone())
            .collect()
    }

    fn credentials(&self) -> Result<Credentials, AppError> {
        unseal(&self.sealed_password, &self.key, &self.address)
    }
}

/// The password for `address`, out of its seal.
fn unseal(
    sealed: &SealedPassword,
    key: &SessionKey,
    address: &str,
) -> Result<Credentials, AppError> {
    let password = sealed
        .open(key, address)
        .map_err(|_| AppError::NotLoggedIn)?;
    Ok(Credentials {
        address: address.to_string(),
        password,
    })
}

#[async_trait::async_trait]
impl MailAccount for ImapAccount {
    fn address(&self) -> &str {
        &self.address
    }

    fn attachment_limit(&self) -> u64 {
        self.attachment_limit
    }

    fn default_page_size(&self) -> u32 {
        self.default_page_size
    }

    fn extra_from(&self) -> Vec<String> {
        self.submission.extra_from.for_login(&self.address)
    }

    fn may_send_as(&self, address: &str) -> bool {
        self.submission.extra_from.allows(&self.address, address)
    }

    async fn mail_home(
        &self,
        folder: &FolderName,
        page: u32,
        sort: Option<SortKey>,
        search: Option<(String, String)>,
    ) -> Result<MailHome, AppError> {
        reading::mail_home(self, folder, page, sort, search).await
    }

    async fn watch(&self, folder: &FolderName) -> Result<postern_app::port::ChangeFeed, AppError> {
        // The password is checked now, while the page asks; the watch opens it again only to
        // reconnect, for as long as pages listen.
        self.credentials()?;
        let (address, sealed, key) = (
            self.address.clone(),
            self.sealed_password.clone(),
            self.key.clone(),
        );
        let credentials: crate::imap::live::CredentialSource =
            Arc::new(move || unseal(&sealed, &key, &address));
        Ok(self
            .live
            .subscribe(&self.connection_id, folder.clone(), credentials))
    }

    async fn folders(&self) -> Result<Vec<postern_app::model::Folder>, AppError> {
        self.run(|c| {
            Box::pin(async move {
                Ok(crate::imap::folders::list_folders_recent(c)
                    .await?
                    .into_folders())
            })
        })
        .await
    }

    async fn open_message(&self, message: &MessageRef) -> Result<MessageView, AppError> {
        reading::open_message(self, message).await
    }

    async fn html_part(&self, message: &MessageRef) -> Result<Option<HtmlPart>, AppError> {
        reading::html_part(self, message).await
    }

    async fn download_part(
        &self,
        message: &MessageRef,
        part: &PartPath,
    ) -> Result<Option<Download>, AppError> {
        downloads::part(self, message, part).await
    }

    async fn download_message(&self, message: &MessageRef) -> Result<Download, AppError> {
        downloads::message(self, message).await
    }

    async fn export_folder(&self, folder: &FolderName) -> Result<Download, AppError> {
        downloads::export(self, folder).await
    }

    async fn organise(
        &self,
        folder: &FolderName,
        uids: &[Uid],
        uid_validity: Option<UidValidity>,
        request: OrganiseRequest,
    ) -> Result<Organised, AppError> {
        organise::organise(self, folder, uids, uid_validity, request).await
    }

    async fn manage_folder(&self, request: FolderRequest) -> Result<FolderChange, AppError> {
        organise::manage_folder(self, request).await
    }

    async fn compose(&self, start: ComposeStart) -> Result<ComposeForm, AppError> {
        crate::compose::start(self, start).await
    }

    async fn source(&self, message: &MessageRef) -> Result<SourceMessage, AppError> {
        writing::source(self, message).await
    }

    async fn attachment(
        &self,
        message: &MessageRef,
        part: &PartPath,
    ) -> Result<Option<AttachedFile>, AppError> {
        writing::attachment(self, message, part).await
    }

    async fn save_draft(
        &self,
        bytes: &[u8],
        message_id: &str,
        replaces: Option<&MessageRef>,
    ) -> Result<Option<MessageRef>, AppError> {
        writing::save_draft(self, bytes, message_id, replaces).await
    }

    async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        writing::send(self, envelope, bytes).await
    }

    async fn file_sent(&self, sent: SentCopy) -> Result<(), AppError> {
        writing::file_sent(self, sent).await
    }

    async fn in_sent(&self, message_id: &str) -> Result<bool, AppError> {
        writing::in_sent(self, message_id).await
    }

    fn settings(&self) -> &Settings {
        &self.settings
    }

    async fn load_settings(&self) -> Result<(Settings, SettingsStore), AppError> {
        self.run(|c| Box::pin(crate::imap::settings::load(c))).await
    }

    async fn save_settings(&self, settings: &Settings) -> Result<(), AppError> {
        let json = serde_json::to_string(settings).map_err(|_| AppError::Internal)?;
        self.run(|c| {
            let json = json.clone();
            Box::pin(async move { crate::imap::settings::save(c, &json).await })
        })
        .await?
    }

    async fn address_book(&self) -> Result<Vec<NamedAddress>, AppError> {
        self.run(|c| Box::pin(crate::imap::settings::address_book(c)))
            .await
    }

    async fn remember_addresses(&self, used: &[NamedAddress]) -> Result<(), AppError> {
        self.change_address_book(BookChange::Remember(used.to_vec()))
            .await
    }

    fn vacation_running(&self) -> bool {
        let (on, first, last) = &self.settings.vacation;
        let today = chrono::Utc::now().format("%Y-%m-%d").to_string();
        postern_app::model::vacation_runs(*on, first, last, &today)
    }

    async fn load_rules(&self) -> Result<(Rules, Option<ForeignScript>, RulesStore), AppError> {
        let Some(sieve) = &self.sieve else {
            return Ok((Rules::default(), None, RulesStore::NotOffered));
        };
        let password = self.credentials()?.password;
        match sieve.read(&self.address, &password, folder_name).await? {
            crate::sieve::Found::Ours(rules) => Ok((rules, None, RulesStore::Managed)),
            crate::sieve::Found::Foreign(script) => {
                Ok((Rules::default(), Some(script), RulesStore::Managed))
            }
        }
    }

    async fn save_rules(&self, rules: &Rules, replace_foreign: bool) -> Result<(), AppError> {
        let Some(sieve) = &self.sieve else {
            return Err(AppError::said("rules-not-offered"));
        };
        let password = self.credentials()?.password;
        sieve
            .write(
                &self.address,
                &password,
                rules,
                &self.aliases(),
                folder_name,
                replace_foreign,
            )
            .await
    }

    async fn forget_addresses(&self, addresses: &[String]) -> Result<(), AppError> {
        self.change_address_book(BookChange::Forget(addresses.to_vec()))
            .await
    }
}
