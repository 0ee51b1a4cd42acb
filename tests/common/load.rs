//! A bounded crowd for the fault tests: people of two accounts reading, flagging, moving and
//! sending at once through Postern (one instance or the balancer) while a test breaks something.
//! Every answer is read as the person would read it (done; a clear message; the login page; the
//! browser's own error page; or nothing clear), and at the end what the mail server holds is
//! compared with what each person was told: nothing lost, nothing doubled.

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::future::Future;
use std::time::{Duration, Instant};

use anyhow::{Result, bail};

use crate::{BOB, MailStack, Page};

/// An account whose people take part.
#[derive(Clone, Copy)]
pub struct Account {
    pub address: &'static str,
    pub password: &'static str,
}

/// When the fault began and ended (the same instant for a restart).
pub struct Fault {
    pub began: Instant,
    pub ended: Instant,
}

/// The shape of the load.
pub struct Crowd {
    /// `http://host:port` of Postern or of the balancer in front of it.
    pub base: String,
    pub accounts: Vec<Account>,
    pub people_per_account: usize,
    /// How long people keep working (moves are spread over it); afterwards each finishes what
    /// it was told had not worked, for at most [`Crowd::finish_within`].
    pub run_for: Duration,
    pub finish_within: Duration,
    /// Each person sends a message this often (and tries again at once after "not sent").
    pub send_every: Duration,
    /// A person's pause between two clicks.
    pub think: Duration,
}

/// What the crowd did and saw, and what the server holds compared with it.
#[derive(Default, Debug)]
pub struct Report {
    pub people: usize,
    pub requests: usize,
    /// Requests that did not do what was asked (each answered with a clear message, the
    /// login page or the browser's error page).
    pub failed: usize,
    /// The clear messages people saw, by wording.
    pub messages: BTreeMap<String, usize>,
    /// Connections refused or reset: the browser's own error page.
    pub browser_errors: usize,
    /// Answers that said nothing clear (a blank page, an unexpected status): must be none.
    pub unclear: Vec<String>,
    /// Another account's data on a page: must be none.
    pub foreign: Vec<String>,
    pub logins_again: usize,
    pub moves: usize,
    pub flags: usize,
    pub sends: usize,
    /// Actions told done that did not happen, or told not done that did: must be none.
    pub lost: Vec<String>,
    /// Actions that happened twice: must be none.
    pub doubled: Vec<String>,
    /// From the end of the fault to the last failed request anyone saw (zero: none after it).
    pub recovery: Duration,
    pub fault_lasted: Duration,
}

impl Report {
    /// Fails the test on anything a person must never meet.
    pub fn assert_clean(&self) {
        assert!(
            self.unclear.is_empty(),
            "unclear answers: {:?}",
            self.unclear
        );
        assert!(
            self.foreign.is_empty(),
            "another account's data: {:?}",
            self.foreign
        );
        assert!(self.lost.is_empty(), "lost: {:?}", self.lost);
        assert!(self.doubled.is_empty(), "doubled: {:?}", self.doubled);
    }

    /// One row of the fault table (docs/reliability.md), kept in `target/faults/NAME.md` for
    /// scripts/faults.sh, and printed.
    pub fn record(&self, name: &str, fault: &str) {
        let seen = if self.messages.is_empty() && self.browser_errors == 0 {
            "nothing".to_string()
        } else {
            let mut parts: Vec<String> = self
                .messages
                .iter()
                .map(|(text, n)| format!("{n}× “{text}”"))
                .collect();
            if self.browser_errors > 0 {
                parts.push(format!(
                    "{}× the browser's connection error",
                    self.browser_errors
                ));
            }
            parts.join("; ")
        };
        let row = format!(
            "| {fault} | {} people, {} requests: {} moves, {} flags, {} sends told done | {} failed: {seen}; {} unclear; {} logins again | {} | {} | {:.1} s |\n",
            self.people,
            self.requests,
            self.moves,
            self.flags,
            self.sends,
            self.failed,
            self.unclear.len(),
            self.logins_again,
            self.lost.len(),
            self.doubled.len(),
            self.recovery.as_secs_f64(),
        );
        record_row(name, &row);
    }
}

/// Keeps one row of the fault table in `target/faults/NAME.md` (scripts/faults.sh prints them
/// in the order of their names) and prints it.
pub fn record_row(name: &str, row: &str) {
    eprint!("fault row: {row}");
    let dir = crate::repo_root().join("target/faults");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join(format!("{name}.md")), row);
}

/// What one answer told the person.
enum Heard {
    Done,
    /// Not done (or not shown), said in words.
    NotDone(String),
    /// Perhaps done: the page says so and asks the person to look before doing it again.
    Unknown(String),
    /// The login page: the session had ended.
    LoggedOut(String),
    /// The browser's own error page: the connection was refused or broke.
    Browser(String),
    /// Nothing a person could understand.
    Unclear(String),
}

/// One person's state and what they were told.
struct Person {
    id: usize,
    account: Account,
    /// The other accounts' addresses: never on this person's pages.
    others: Vec<&'static str>,
    base: String,
    browser: reqwest::Client,
    v: String,
    logged_in: bool,
    /// The last answer said the outcome is unknown.
    unknown: bool,
    log: Vec<(Instant, bool)>,
    messages: BTreeMap<String, usize>,
    browser_errors: usize,
    unclear: Vec<String>,
    foreign: Vec<String>,
    logins_again: usize,
    flagged: BTreeSet<String>,
    moved: BTreeSet<String>,
    /// Messages whose move the person was told may or may not have been done, and could not
    /// look at then: they look again before moving them again.
    maybe_moved: BTreeSet<String>,
    /// Subjects told sent, and every subject tried.
    sent: BTreeSet<String>,
    tried: BTreeSet<String>,
    /// Subjects whose last answer was "may or may not have been sent", not found in Sent.
    undecided: BTreeSet<String>,
}

impl Person {
    fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Reads a page as the person would: `done` is what the asked-for page shows.
    fn hear(&mut self, answer: Result<Page>, done: impl Fn(&Page) -> bool) -> Heard {
        let page = match answer {
            Ok(page) => page,
            Err(error) => return Heard::Browser(error.to_string()),
        };
        for other in &self.others {
            if page.html.contains(other) {
                self.foreign
                    .push(format!("{} on a page of {}", other, self.account.address));
            }
        }
        if done(&page) {
            return Heard::Done;
        }
        if let Some(outcome) = page.testid_text("unavailable-outcome")
            && outcome.contains("may or may not")
        {
            let said = page.testid_text("unavailable").unwrap_or_default();
            return Heard::Unknown(format!("{said} {outcome}"));
        }
        if let Some(notice) = page.testid_text("notice")
            && notice.contains("still being sent")
        {
            return Heard::Unknown(notice);
        }
        for id in [
            "unavailable",
            "mail-error",
            "compose-error",
            "login-error",
            "notice",
        ] {
            if let Some(text) = page.testid_text(id).filter(|t| !t.is_empty()) {
                if id == "login-error" {
                    return Heard::LoggedOut(text);
                }
                return Heard::NotDone(text);
            }
        }
        if page.html.contains("data-testid=\"login-form\"") {
            return Heard::LoggedOut(
                page.testid_text("login-resume")
                    .unwrap_or_else(|| "the login page".into()),
            );
        }
        Heard::Unclear(format!(
            "status {} at {}: {}",
            page.status,
            page.path,
            page.html.chars().take(200).collect::<String>()
        ))
    }

    /// Notes an answer; true when it did what was asked.
    fn note(&mut self, what: &str, heard: Heard) -> bool {
        let ok = matches!(heard, Heard::Done);
        self.log.push((Instant::now(), ok));
        // The browser's own error page says nothing of what became of a post either.
        self.unknown = matches!(heard, Heard::Unknown(_) | Heard::Browser(_));
        match heard {
            Heard::Done => {}
            Heard::NotDone(text) | Heard::Unknown(text) => {
                *self.messages.entry(text).or_default() += 1
            }
            Heard::LoggedOut(text) => {
                *self.messages.entry(text).or_default() += 1;
                self.logged_in = false;
            }
            Heard::Browser(error) => {
                eprintln!(
                    "person {} ({what}): the browser's error page: {error}",
                    self.id
                );
                self.browser_errors += 1
            }
            Heard::Unclear(text) => self.unclear.push(format!("{what}: {text}")),
        }
        ok
    }

    /// Gets a page; done when it shows an element whose test id starts with `testid`.
    async fn get(&mut self, path: &str, testid: &str) -> bool {
        let answer = answer(self.browser.get(self.url(path))).await;
        let marker = format!("data-testid=\"{testid}");
        let heard = self.hear(answer, |p| p.status == 200 && p.html.contains(&marker));
        self.note(path, heard)
    }

    async fn act(&mut self, uid: &str, action: &str, told: &str) -> bool {
        let mut fields = vec![("folder", "INBOX"), ("uid", uid), ("action", action)];
        let v = self.v.clone();
        fields.push(("v", &v));
        if action == "move" {
            fields.push(("target", "Archive"));
        }
        let page = answer(self.browser.post(self.url("/mail/action")).form(&fields)).await;
        let heard = self.hear(page, |p| p.testid_text("notice").as_deref() == Some(told));
        self.note(action, heard)
    }

    async fn login(&mut self) -> bool {
        let form = [
            ("email", self.account.address),
            ("password", self.account.password),
        ];
        let page = answer(self.browser.post(self.url("/login")).form(&form)).await;
        let heard = self.hear(page, |p| p.path.starts_with("/mail"));
        let ok = self.note("login", heard);
        self.logged_in = ok;
        ok
    }

    /// Sends `subject` to Bob: from the kept form of the last try (`token`), else a new one.
    /// On "not sent", the token of the form the page kept, for the next try.
    async fn send(&mut self, subject: &str, token: Option<String>) -> Result<(), Option<String>> {
        self.tried.insert(subject.to_string());
        let token = match token {
            Some(token) => token,
            None => {
                let compose = answer(self.browser.get(self.url("/mail/compose"))).await;
                match compose.as_ref().ok().and_then(send_token) {
                    Some(token) => token,
                    None => {
                        let heard = self.hear(compose, |_| false);
                        self.note("compose", heard);
                        return Err(None);
                    }
                }
            }
        };
        let form = reqwest::multipart::Form::new()
            .text("to", BOB)
            .text("subject", subject.to_string())
            .text(
                "body",
                format!("Sent by person {} while something breaks.", self.id),
            )
            .text("send_token", token.clone())
            .text("action", "send")
            .part(
                "attach",
                reqwest::multipart::Part::bytes(Vec::new()).file_name(""),
            );
        let page = answer(self.browser.post(self.url("/mail/compose")).multipart(form)).await;
        // Not sent: the form the page kept; after the browser's error page the form Back
        // returns to, after the login page the form it brings back — the same token, which
        // is what makes pressing Send again safe.
        let kept = page
            .as_ref()
            .ok()
            .and_then(send_token)
            .or(Some(token.clone()));
        let heard = self.hear(page, |p| p.testid_text("compose-sent").is_some());
        if self.note("send", heard) {
            self.sent.insert(subject.to_string());
            Ok(())
        } else {
            Err(kept)
        }
    }

    /// After "may or may not have been done", the person looks: is the message still in
    /// the INBOX? Gone means moved (the check at the end finds it in Archive, or says not).
    async fn looks_moved(&mut self, uid: &str) -> bool {
        let path = format!("/mail/message?folder=INBOX&uid={uid}&v={}", self.v);
        match answer(self.browser.get(self.url(&path))).await {
            Ok(page) => page
                .testid_text("mail-error")
                .is_some_and(|e| e.contains("does not exist")),
            Err(_) => false,
        }
    }

    /// The same for a send: is it in Sent?
    async fn looks_sent(&mut self, subject: &str) -> bool {
        let sent = answer(self.browser.get(self.url("/mail?folder=Sent"))).await;
        let found = sent.is_ok_and(|page| page.html.contains(&format!(">{subject}<")));
        if found {
            self.sent.insert(subject.to_string());
        }
        found
    }

    async fn work(mut self, uids: Vec<String>, crowd: CrowdPlan) -> Person {
        let start = Instant::now();
        let mut to_move: VecDeque<String> = uids.into();
        let total = to_move.len();
        let mut flagged_front = false;
        let mut next_send = start + crowd.send_every.mul_f64((self.id % 7) as f64 / 7.0);
        let mut sends = 0;
        // A message told not sent: its subject, the kept form's token, when to try again.
        let mut unsent: Option<(String, Option<String>, Instant)> = None;
        loop {
            let elapsed = start.elapsed();
            let past = elapsed >= crowd.run_for;
            if (past && to_move.is_empty() && unsent.is_none())
                || elapsed >= crowd.run_for + crowd.finish_within
            {
                break;
            }
            tokio::time::sleep(crowd.think).await;
            if !self.logged_in {
                if self.login().await {
                    self.logins_again += 1;
                }
                continue;
            }
            if !self.get("/mail", "message-list").await {
                continue;
            }
            let due = ((elapsed.as_secs_f64() / crowd.run_for.as_secs_f64()) * total as f64).ceil()
                as usize;
            if let Some(uid) = to_move.front().cloned()
                && (past || total - to_move.len() < due)
            {
                if self.maybe_moved.contains(&uid) && self.looks_moved(&uid).await {
                    self.maybe_moved.remove(&uid);
                    self.moved.insert(uid);
                    to_move.pop_front();
                    flagged_front = false;
                    continue;
                }
                let path = format!("/mail/message?folder=INBOX&uid={uid}&v={}", self.v);
                if !self.get(&path, "message-view").await {
                    continue;
                }
                if !flagged_front {
                    if !self.act(&uid, "flag", "Flagged.").await {
                        continue;
                    }
                    flagged_front = true;
                    self.flagged.insert(uid.clone());
                }
                let moved = self.act(&uid, "move", "Moved to Archive.").await
                    || (self.unknown && self.looks_moved(&uid).await);
                if moved {
                    self.maybe_moved.remove(&uid);
                    self.moved.insert(uid);
                    to_move.pop_front();
                    flagged_front = false;
                } else if self.unknown {
                    self.maybe_moved.insert(uid);
                }
            }
            let now = Instant::now();
            let attempt = match unsent.take() {
                Some((subject, token, at)) if now >= at => Some((subject, token)),
                Some(waiting) => {
                    unsent = Some(waiting);
                    None
                }
                None if !past && now >= next_send => {
                    sends += 1;
                    next_send += crowd.send_every;
                    Some((format!("Crowd {}-{sends}", self.id), None))
                }
                None => None,
            };
            if let Some((subject, token)) = attempt
                && let Err(kept) = self.send(&subject, token).await
                && !(self.unknown && self.looks_sent(&subject).await)
            {
                // Told "perhaps", not found in Sent: the person does not know (yet).
                if self.unknown {
                    self.undecided.insert(subject.clone());
                } else {
                    self.undecided.remove(&subject);
                }
                // The person presses Send again on the kept form a little later.
                unsent = Some((subject, kept, Instant::now() + crowd.retry_after));
            }
        }
        self
    }
}

#[derive(Clone, Copy)]
struct CrowdPlan {
    retry_after: Duration,
    run_for: Duration,
    finish_within: Duration,
    send_every: Duration,
    think: Duration,
}

impl Crowd {
    /// A crowd of `people_per_account` people for each account, working for `run_for`.
    pub fn new(base: String, accounts: Vec<Account>, people_per_account: usize) -> Self {
        Crowd {
            base,
            accounts,
            people_per_account,
            run_for: Duration::from_secs(10),
            finish_within: Duration::from_secs(40),
            send_every: Duration::from_secs(3),
            think: Duration::from_millis(100),
        }
    }

    /// Logs everyone in, runs the crowd while `fault` happens, then compares the server with
    /// what people were told.
    pub async fn run<F>(&self, stack: &MailStack, fault: F) -> Result<Report>
    where
        F: Future<Output = Result<Fault>>,
    {
        let mut people = Vec::new();
        let mut plans = Vec::new();
        let mut before = BTreeMap::new();
        for (a, account) in self.accounts.iter().enumerate() {
            let index = stack.index(account.address)?;
            let inbox: Vec<String> = index
                .iter()
                .filter(|h| h.mailbox == "INBOX")
                .map(|h| h.uid.clone())
                .collect();
            before.insert(account.address, index);
            for k in 0..self.people_per_account {
                let browser = reqwest::Client::builder()
                    .cookie_store(true)
                    .timeout(Duration::from_secs(60))
                    .build()?;
                let mut person = Person {
                    id: a * self.people_per_account + k,
                    account: *account,
                    others: self
                        .accounts
                        .iter()
                        .map(|o| o.address)
                        .filter(|o| *o != account.address)
                        .collect(),
                    base: self.base.clone(),
                    browser,
                    v: String::new(),
                    logged_in: false,
                    unknown: false,
                    log: Vec::new(),
                    messages: BTreeMap::new(),
                    browser_errors: 0,
                    unclear: Vec::new(),
                    foreign: Vec::new(),
                    logins_again: 0,
                    flagged: BTreeSet::new(),
                    moved: BTreeSet::new(),
                    maybe_moved: BTreeSet::new(),
                    sent: BTreeSet::new(),
                    tried: BTreeSet::new(),
                    undecided: BTreeSet::new(),
                };
                if !person.login().await {
                    bail!("{} cannot log in before the fault", account.address);
                }
                let inbox_page = Page::get(&person.browser, &person.url("/mail")).await?;
                person.v = inbox_page
                    .testid_attributes("message-list", "uid-validity")
                    .first()
                    .cloned()
                    .unwrap_or_default();
                person.log.clear();
                let mine: Vec<String> = inbox
                    .iter()
                    .skip(k)
                    .step_by(self.people_per_account)
                    .cloned()
                    .collect();
                plans.push(mine);
                people.push(person);
            }
        }
        let sent_before: BTreeMap<&str, usize> = self
            .accounts
            .iter()
            .map(|a| {
                (
                    a.address,
                    stack.raw_messages(a.address, "Sent").map_or(0, |m| m.len()),
                )
            })
            .collect();
        let plan = CrowdPlan {
            retry_after: Duration::from_secs(2),
            run_for: self.run_for,
            finish_within: self.finish_within,
            send_every: self.send_every,
            think: self.think,
        };
        let workers: Vec<_> = people
            .into_iter()
            .zip(plans)
            .map(|(person, uids)| tokio::spawn(person.work(uids, plan)))
            .collect();
        let fault = fault.await?;
        let mut done = Vec::new();
        for worker in workers {
            done.push(worker.await?);
        }

        let mut report = Report {
            people: done.len(),
            ..Default::default()
        };
        for person in &done {
            report.requests += person.log.len();
            report.failed += person.log.iter().filter(|(_, ok)| !ok).count();
            for (text, n) in &person.messages {
                *report.messages.entry(text.clone()).or_default() += n;
            }
            report.browser_errors += person.browser_errors;
            report.unclear.extend(person.unclear.iter().cloned());
            report.foreign.extend(person.foreign.iter().cloned());
            report.logins_again += person.logins_again;
            report.moves += person.moved.len();
            report.flags += person.flagged.len();
            report.sends += person.sent.len();
            if let Some((at, _)) = person.log.iter().rev().find(|(_, ok)| !ok) {
                report.recovery = report
                    .recovery
                    .max(at.saturating_duration_since(fault.ended));
            }
        }
        report.fault_lasted = fault.ended.saturating_duration_since(fault.began);
        self.compare(stack, &done, &before, &sent_before, &mut report)?;
        Ok(report)
    }

    /// What the server holds against what people were told.
    fn compare(
        &self,
        stack: &MailStack,
        people: &[Person],
        before: &BTreeMap<&str, Vec<crate::Held>>,
        sent_before: &BTreeMap<&str, usize>,
        report: &mut Report,
    ) -> Result<()> {
        for account in &self.accounts {
            let was = &before[account.address];
            let now = stack.index(account.address)?;
            let mine = || {
                people
                    .iter()
                    .filter(|p| p.account.address == account.address)
            };
            let moved: BTreeSet<&String> = mine().flat_map(|p| p.moved.iter()).collect();
            let flagged: BTreeSet<&String> = mine().flat_map(|p| p.flagged.iter()).collect();
            for held in was.iter().filter(|h| h.mailbox == "INBOX") {
                let copies: Vec<&crate::Held> = now
                    .iter()
                    .filter(|h| h.message_id == held.message_id)
                    .collect();
                let what = format!("{} INBOX uid {}", account.address, held.uid);
                match copies.as_slice() {
                    [] => report.lost.push(format!("{what}: gone")),
                    [one] => {
                        let in_archive = one.mailbox == "Archive";
                        if in_archive != moved.contains(&held.uid) {
                            report.lost.push(format!(
                                "{what}: in {} but told {}",
                                one.mailbox,
                                if in_archive { "not moved" } else { "moved" }
                            ));
                        }
                        let told_flagged = flagged.contains(&held.uid) || held.flagged();
                        if one.flagged() != told_flagged {
                            report.lost.push(format!(
                                "{what}: flagged {} but told {}",
                                one.flagged(),
                                told_flagged
                            ));
                        }
                    }
                    more => report
                        .doubled
                        .push(format!("{what}: {} copies", more.len())),
                }
            }
            let sent_now = stack.raw_messages(account.address, "Sent")?;
            let sent_copies = sent_now.len() - sent_before[account.address];
            let told_sent: usize = mine().map(|p| p.sent.len()).sum();
            if sent_copies > told_sent {
                report.doubled.push(format!(
                    "{}: {sent_copies} Sent copies for {told_sent} sends",
                    account.address
                ));
            }
        }
        // Deliveries that met a fault wait in the queue (accepted: "sent" was true).
        let _ = stack.flush_queue();
        let told_sent: usize = people.iter().map(|p| p.sent.len()).sum();
        let deadline = Instant::now() + Duration::from_secs(30);
        let submissions = loop {
            let submissions = submissions_by_subject(&stack.raw_messages(BOB, "INBOX")?);
            let arrived = people
                .iter()
                .flat_map(|p| p.sent.iter())
                .filter(|s| submissions.contains_key(*s))
                .count();
            if arrived >= told_sent || Instant::now() > deadline {
                break submissions;
            }
            let _ = stack.flush_queue();
            std::thread::sleep(Duration::from_millis(300));
        };
        for person in people {
            for subject in &person.tried {
                let ids = submissions.get(subject);
                let told = person.sent.contains(subject);
                match (told, ids.map_or(0, |ids| ids.len())) {
                    (true, 0) => report
                        .lost
                        .push(format!("{subject}: told sent, never arrived")),
                    (false, n) if person.undecided.contains(subject) => report.lost.push(format!(
                        "{subject}: left not knowing if it was sent ({n} submissions)"
                    )),
                    (false, n) if n > 0 => report
                        .lost
                        .push(format!("{subject}: told not sent, yet delivered")),
                    (_, n) if n > 1 => report
                        .doubled
                        .push(format!("{subject}: submitted {n} times")),
                    _ => {}
                }
                if ids.is_some_and(|ids| ids.contains("unknown")) {
                    report.lost.push(format!("{subject}: no submission id"));
                }
            }
        }
        Ok(())
    }
}

/// Per subject, the submissions Postfix accepted (its queue id in the Received line of the
/// authenticated hop). A copy delivered twice from one submission is the mail system's
/// at-least-once delivery (an LMTP delivery cut by a restart and tried again), not a second send.
fn submissions_by_subject(messages: &[Vec<u8>]) -> BTreeMap<String, BTreeSet<String>> {
    let mut submissions: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for raw in messages {
        let text = String::from_utf8_lossy(raw)
            .replace("\r\n", "\n")
            .replace("\n\t", " ")
            .replace("\n ", " ");
        let subject = text
            .lines()
            .find_map(|l| l.strip_prefix("Subject: "))
            .unwrap_or_default()
            .trim()
            .to_string();
        let queue_id = text
            .lines()
            .filter(|l| l.starts_with("Received:") && l.contains("ESMTPSA"))
            .find_map(|l| l.split(" id ").nth(1))
            .and_then(|rest| rest.split([' ', ';']).next())
            .unwrap_or("unknown")
            .to_string();
        submissions.entry(subject).or_default().insert(queue_id);
    }
    submissions
}

/// A request's answer as the browser ends up with it (redirects followed).
async fn answer(request: reqwest::RequestBuilder) -> Result<Page> {
    Page::from(request.send().await?).await
}

/// The one-time send token of the compose form on a page.
pub fn send_token(page: &Page) -> Option<String> {
    page.html
        .split("name=\"send_token\" value=\"")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .map(str::to_string)
}
