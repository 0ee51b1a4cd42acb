//! An in-memory mail account for the compose flow's cases that a real server does not produce
//! on demand: a send that goes out but cannot be filed in Sent, a submission server that
//! refuses, a server that does not say where a draft went. Everything else is tested against
//! real servers (`tests/`).

use std::sync::Mutex;

use postern_app::error::AppError;
use postern_app::model::{
    ComposeForm, ComposeStart, FolderName, MailHome, MessageRef, MessageView, NamedAddress,
    PartPath, Settings, SettingsStore, SortKey, Uid, UidValidity,
};
use postern_app::port::{
    AttachedFile, Download, Envelope, FolderChange, FolderRequest, HtmlPart, MailAccount,
    OrganiseRequest, Organised, SendError, SentCopy, SourceMessage,
};

/// What the fake was asked to do, and how it answers.
#[derive(Default)]
pub struct FakeAccount {
    pub refuse_send: bool,
    pub fail_filing: bool,
    /// Drafts are stored without a UID (a server that cannot tell where they went).
    pub drafts_unplaced: bool,
    pub sent: Mutex<Vec<(Envelope, Vec<u8>)>>,
    pub drafts: Mutex<Vec<Vec<u8>>>,
    pub filed: Mutex<Vec<SentCopy>>,
    pub settings: Settings,
    pub book: Mutex<Vec<NamedAddress>>,
}

fn unsupported<T>() -> Result<T, AppError> {
    Err(AppError::Internal)
}

#[async_trait::async_trait]
impl MailAccount for FakeAccount {
    fn address(&self) -> &str {
        "alice@example.org"
    }

    fn attachment_limit(&self) -> u64 {
        1024 * 1024
    }

    fn default_page_size(&self) -> u32 {
        50
    }

    fn extra_from(&self) -> Vec<String> {
        vec!["*@example.org".to_string()]
    }

    fn may_send_as(&self, address: &str) -> bool {
        address.ends_with("@example.org")
    }

    async fn mail_home(
        &self,
        _: &FolderName,
        _: u32,
        _: Option<SortKey>,
        _: Option<(String, String)>,
    ) -> Result<MailHome, AppError> {
        unsupported()
    }

    async fn folders(&self) -> Result<Vec<postern_app::model::Folder>, AppError> {
        unsupported()
    }

    async fn open_message(&self, _: &MessageRef) -> Result<MessageView, AppError> {
        unsupported()
    }

    async fn html_part(&self, _: &MessageRef) -> Result<Option<HtmlPart>, AppError> {
        unsupported()
    }

    async fn download_part(
        &self,
        _: &MessageRef,
        _: &PartPath,
    ) -> Result<Option<Download>, AppError> {
        unsupported()
    }

    async fn download_message(&self, _: &MessageRef) -> Result<Download, AppError> {
        unsupported()
    }

    async fn export_folder(&self, _: &FolderName) -> Result<Download, AppError> {
        unsupported()
    }

    async fn organise(
        &self,
        _: &FolderName,
        _: &[Uid],
        _: Option<UidValidity>,
        _: OrganiseRequest,
    ) -> Result<Organised, AppError> {
        unsupported()
    }

    async fn manage_folder(&self, _: FolderRequest) -> Result<FolderChange, AppError> {
        unsupported()
    }

    async fn compose(&self, start: ComposeStart) -> Result<ComposeForm, AppError> {
        super::start(self, start).await
    }

    async fn source(&self, _: &MessageRef) -> Result<SourceMessage, AppError> {
        Err(AppError::NoSuchMessage)
    }

    async fn attachment(
        &self,
        _: &MessageRef,
        _: &PartPath,
    ) -> Result<Option<AttachedFile>, AppError> {
        Ok(None)
    }

    async fn save_draft(
        &self,
        bytes: &[u8],
        _: &str,
        _: Option<&MessageRef>,
    ) -> Result<Option<MessageRef>, AppError> {
        let mut drafts = self.drafts.lock().map_err(|_| AppError::Internal)?;
        drafts.push(bytes.to_vec());
        let uid = u32::try_from(drafts.len()).ok().and_then(Uid::new);
        Ok(uid
            .filter(|_| !self.drafts_unplaced)
            .map(|uid| MessageRef::new(FolderName::new("Drafts"), uid, UidValidity::new(1))))
    }

    async fn send(&self, envelope: &Envelope, bytes: &[u8]) -> Result<(), SendError> {
        if self.refuse_send {
            return Err(SendError::Refused("5.7.1 not today".to_string()));
        }
        if let Ok(mut sent) = self.sent.lock() {
            sent.push((envelope.clone(), bytes.to_vec()));
        }
        Ok(())
    }

    async fn file_sent(&self, sent: SentCopy) -> Result<(), AppError> {
        if self.fail_filing {
            return Err(AppError::ServerRefused {
                reason: "over quota".to_string(),
            });
        }
        if let Ok(mut filed) = self.filed.lock() {
            filed.push(sent);
        }
        Ok(())
    }

    async fn in_sent(&self, message_id: &str) -> Result<bool, AppError> {
        let filed = self.filed.lock().map_err(|_| AppError::Internal)?;
        Ok(filed.iter().any(|copy| copy.message_id == message_id))
    }

    fn settings(&self) -> &Settings {
        &self.settings
    }

    async fn load_settings(&self) -> Result<(Settings, SettingsStore), AppError> {
        Ok((self.settings.clone(), SettingsStore::NotOffered))
    }

    async fn save_settings(&self, _: &Settings) -> Result<(), AppError> {
        Err(AppError::said("settings-not-kept"))
    }

    async fn address_book(&self) -> Result<Vec<NamedAddress>, AppError> {
        Ok(self.book.lock().map_err(|_| AppError::Internal)?.clone())
    }

    async fn remember_addresses(&self, used: &[NamedAddress]) -> Result<(), AppError> {
        let mut book = self.book.lock().map_err(|_| AppError::Internal)?;
        postern_app::model::remember_addresses(&mut book, used);
        Ok(())
    }

    fn vacation_running(&self) -> bool {
        false
    }

    async fn load_rules(
        &self,
    ) -> Result<
        (
            postern_app::model::Rules,
            Option<postern_app::model::ForeignScript>,
            postern_app::model::RulesStore,
        ),
        AppError,
    > {
        Ok(Default::default())
    }

    async fn save_rules(&self, _: &postern_app::model::Rules, _: bool) -> Result<(), AppError> {
        unsupported()
    }

    async fn watch(&self, _: &FolderName) -> Result<postern_app::port::ChangeFeed, AppError> {
        unsupported()
    }

    async fn forget_addresses(&self, addresses: &[String]) -> Result<(), AppError> {
        let mut book = self.book.lock().map_err(|_| AppError::Internal)?;
        book.retain(|b| !addresses.contains(&b.address));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::super::form::{Intent, Submission};
    use super::super::{Outcome, submit};
    use super::*;

    fn form(intent: Intent) -> Submission {
        Submission {
            intent,
            from: String::new(),
            to: "Bob <bob@example.org>".to_string(),
            cc: String::new(),
            bcc: "carol@example.org".to_string(),
            subject: "Grüße".to_string(),
            body: "Hello Bob".to_string(),
            in_reply_to: String::new(),
            references: String::new(),
            draft: None,
            answers: None,
            keep: Vec::new(),
            uploads: Vec::new(),
            upload_error: None,
            send_token: None,
            dropped_files: Vec::new(),
            account: String::new(),
            autosave: false,
        }
    }

    #[tokio::test]
    async fn sent_but_not_filed_says_so_and_sends_once() {
        let account = FakeAccount {
            fail_filing: true,
            ..Default::default()
        };
        match submit(&account, form(Intent::Send)).await {
            Outcome::Sent { back, warning } => {
                assert!(back.is_inbox());
                let warning = warning.map(|w| w.words()).unwrap_or_default();
                assert!(warning.contains("could not be saved in Sent"), "{warning}");
            }
            _ => panic!("the message went out: the outcome must be Sent"),
        }
        let sent = account.sent.lock().unwrap();
        assert_eq!(sent.len(), 1, "sent exactly once, never retried");
        let (envelope, bytes) = &sent[0];
        assert_eq!(
            envelope.recipients,
            ["bob@example.org", "carol@example.org"]
        );
        let text = String::from_utf8_lossy(bytes);
        assert!(!text.contains("carol@"), "Bcc stays in the envelope");
        assert!(
            account.drafts.lock().unwrap().is_empty(),
            "no draft for a sent message"
        );
    }

    #[tokio::test]
    async fn a_refused_send_keeps_everything_as_a_draft() {
        let account = FakeAccount {
            refuse_send: true,
            ..Default::default()
        };
        let Outcome::Failed { form } = submit(&account, form(Intent::Send)).await else {
            panic!("a refused message is not sent");
        };
        assert_eq!(form.body, "Hello Bob");
        assert_eq!(form.to, "Bob <bob@example.org>");
        assert!(
            form.error
                .map(|e| e.words())
                .unwrap_or_default()
                .contains("not today")
        );
        assert_eq!(form.draft.map(|d| d.uid.get()), Some(1));
        assert_eq!(account.drafts.lock().unwrap().len(), 1);
        assert!(account.filed.lock().unwrap().is_empty());
    }

    #[tokio::test]
    async fn a_draft_the_server_cannot_place_is_still_saved() {
        let account = FakeAccount {
            drafts_unplaced: true,
            ..Default::default()
        };
        match submit(&account, form(Intent::SaveDraft)).await {
            Outcome::Saved { draft: None } => {}
            _ => panic!("saved, without a place to reopen it from"),
        }
        assert_eq!(account.drafts.lock().unwrap().len(), 1);
        assert!(account.sent.lock().unwrap().is_empty());
    }
}
