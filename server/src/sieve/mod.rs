//! Vacation replies and filters, kept where the mail server runs them: Sieve scripts managed
//! over ManageSieve (RFC 5804) — a small client here (`client`), the script Postern writes and
//! reads back (`script`), with the same TLS trust and upstream rules as IMAP.

pub mod client;
pub mod script;

use std::time::Duration;

use postern_app::error::AppError;
use postern_app::model::{ForeignScript, Rules};
use zeroize::Zeroizing;

use crate::tls::TlsClient;
use crate::upstream::Upstream;

/// Where and how the ManageSieve server is reached.
pub struct ManageSieve {
    pub upstream: Upstream,
    pub tls: TlsClient,
    pub allow_internal: bool,
    pub timeout: Duration,
}

/// What the server holds: Postern's rules, or the active script it did not write.
pub enum Found {
    /// Postern's script is active (or none is): its rules, the defaults when there is none.
    Ours(Rules),
    /// Another script is active; Postern's rules, if it has a script too, are not running.
    Foreign(ForeignScript),
}

impl ManageSieve {
    /// Reads what is active for `address` (the whole exchange within the timeout).
    pub async fn read(
        &self,
        address: &str,
        password: &Zeroizing<String>,
        folder_name: impl Fn(&str) -> String,
    ) -> Result<Found, AppError> {
        self.limited(address, self.read_now(address, password, folder_name))
            .await
    }

    /// Writes Postern's script (see [`Self::write_now`]) within the timeout.
    pub async fn write(
        &self,
        address: &str,
        password: &Zeroizing<String>,
        rules: &Rules,
        aliases: &[String],
        folder_name: impl Fn(&str) -> String,
        replace: bool,
    ) -> Result<(), AppError> {
        self.limited(
            address,
            self.write_now(address, password, rules, aliases, folder_name, replace),
        )
        .await
    }

    /// A server that stalls at any point ends as a timeout, not a request that hangs.
    async fn limited<T>(
        &self,
        address: &str,
        work: impl std::future::Future<Output = Result<T, AppError>>,
    ) -> Result<T, AppError> {
        match tokio::time::timeout(self.timeout, work).await {
            Ok(result) => result,
            Err(_) => {
                let domain = crate::upstream::domain_of(address)?;
                Err(AppError::Timeout {
                    host: self.upstream.target_for(&domain).host,
                })
            }
        }
    }

    async fn read_now(
        &self,
        address: &str,
        password: &Zeroizing<String>,
        folder_name: impl Fn(&str) -> String,
    ) -> Result<Found, AppError> {
        let mut session = self.session(address, password).await?;
        let found = found(&mut session, &folder_name).await?;
        session.logout().await;
        Ok(found)
    }

    /// Writes Postern's script for `rules` and makes it the active one. `replace` says the
    /// person asked to replace another active script; without it, one there is refused.
    async fn write_now(
        &self,
        address: &str,
        password: &Zeroizing<String>,
        rules: &Rules,
        aliases: &[String],
        folder_name: impl Fn(&str) -> String,
        replace: bool,
    ) -> Result<(), AppError> {
        let mut session = self.session(address, password).await?;
        // Another script, or Postern's edited by hand since: replaced only when asked.
        if !replace && matches!(found(&mut session, &folder_name).await?, Found::Foreign(_)) {
            session.logout().await;
            return Err(AppError::said("rules-foreign-kept"));
        }
        let text = script::write(rules, address, aliases, &folder_name);
        session.put(script::NAME, &text).await?;
        session.activate(script::NAME).await?;
        session.logout().await;
        Ok(())
    }

    async fn session(
        &self,
        address: &str,
        password: &Zeroizing<String>,
    ) -> Result<client::Session, AppError> {
        let domain = crate::upstream::domain_of(address)?;
        let target = self.upstream.target_for(&domain);
        client::Session::open(
            &target,
            &self.tls,
            self.allow_internal,
            self.timeout,
            address,
            password,
        )
        .await
    }
}

/// What the server holds now: the active script, Postern's own (read back) or another; with
/// none active, Postern's script turned off if there is one.
async fn found(
    session: &mut client::Session,
    folder_name: impl Fn(&str) -> String,
) -> Result<Found, AppError> {
    let scripts = session.list().await?;
    let active = scripts
        .iter()
        .find(|(_, active)| *active)
        .map(|(n, _)| n.clone());
    Ok(match active {
        None if !scripts.iter().any(|(n, _)| n == script::NAME) => Found::Ours(Rules::default()),
        None => {
            // Postern's script is there but not active: its rules, turned off.
            let text = session.get(script::NAME).await?;
            match script::read(&text, &folder_name) {
                Some(mut rules) => {
                    rules.vacation.enabled = false;
                    rules.filters.iter_mut().for_each(|f| f.enabled = false);
                    Found::Ours(rules)
                }
                None => Found::Foreign(ForeignScript {
                    name: script::NAME.to_string(),
                    text,
                }),
            }
        }
        Some(name) => {
            let text = session.get(&name).await?;
            match (name == script::NAME)
                .then(|| script::read(&text, &folder_name))
                .flatten()
            {
                Some(rules) => Found::Ours(rules),
                None => Found::Foreign(ForeignScript { name, text }),
            }
        }
    })
}
