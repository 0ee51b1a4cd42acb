//! The core flows in text browsers, lynx and w3m (Debian's packages): one browser for the
//! whole visit, driven by keystrokes in a terminal (tmux) as a person would: log in, read the
//! list, open a message, move one, delete one, send one, log out. Each step moves to the link
//! or field it wants with the browser's "next" key (lynx: Down Arrow, w3m: Tab), counted from
//! the HTML of the page the browser is on (fetched by the test in a session of its own), types
//! (w3m: on its prompt line; a text area in the editor it opens), presses Enter, waits for the
//! screen to show where it landed and saves that page (lynx: Print → "Save to a local file",
//! w3m: S); the saved text is checked, and what the step did is checked on the mail server.
//! One browser for the visit because Postern's key cookie lives only as long as the browser
//! does: a second one is a new browser, logged out. Keystrokes and pages are written to
//! `target/lynx-transcript.txt` and `target/w3m-transcript.txt`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use mail_parser::MessageParser;
use postern_tests::*;

/// The person at the terminal (typed key by key: a password with a space).
const READER: &str = "lena@example.test";
const READER_PASSWORD: &str = "lynx pass 7";

/// What a step does at the stop it moved to, in the keys of each browser.
enum Key {
    /// Move on `n` stops (lynx: Down Arrow, w3m: Tab).
    To(usize),
    /// Type into the text field the cursor is on (w3m asks for it on a line of its own).
    Text(String),
    /// Type into the text area the cursor is on (w3m opens the person's editor for it).
    Area(String),
    /// Open the list box the cursor is on and choose its `n`th entry (from the first).
    Choose(usize),
    /// Enter: follow the link, press the button.
    Press,
    /// Open an address (lynx: g, w3m: U).
    Go(String),
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Lynx,
    W3m,
}

/// One text browser in a terminal of its own (a detached tmux session), with its own home;
/// ended on drop.
struct TextBrowser {
    kind: Kind,
    dir: tempfile::TempDir,
    terminal: String,
    steps: usize,
    presses: usize,
    transcript: String,
}

impl TextBrowser {
    fn open(kind: Kind, url: &str) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        let home = dir.path().join("home");
        std::fs::create_dir_all(&home)?;
        // w3m's editor for a text area: writes what the step typed (as a person's editor would).
        let editor = dir.path().join("editor");
        std::fs::write(
            &editor,
            format!(
                "#!/bin/sh\nfor file; do :; done\ncat '{}' > \"$file\"\n",
                dir.path().join("typed").display()
            ),
        )?;
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&editor, std::fs::Permissions::from_mode(0o755))?;
        let command = match kind {
            Kind::Lynx => format!(
                "HOME={} TERM=vt100 lynx -accept_all_cookies -nopause -noreferer {url}",
                home.display()
            ),
            Kind::W3m => format!(
                "HOME={} TERM=vt100 w3m -o accept_cookie=1 -o use_cookie=1 -o accept_bad_cookie=1 \
                 -o confirm_qq=0 -o editor={} {url}",
                home.display(),
                editor.display()
            ),
        };
        let terminal = format!("postern-{kind:?}-{}", std::process::id()).to_lowercase();
        let status = Command::new("tmux")
            .args([
                "new-session",
                "-d",
                "-s",
                &terminal,
                "-x",
                "100",
                "-y",
                "40",
                &command,
            ])
            .status()?;
        ensure!(status.success(), "tmux could not start {kind:?}");
        Ok(TextBrowser {
            kind,
            dir,
            terminal,
            steps: 0,
            presses: 0,
            transcript: String::new(),
        })
    }

    fn tmux(&self, args: &[&str]) -> Result<String> {
        let output = Command::new("tmux").args(args).output()?;
        ensure!(output.status.success(), "tmux {args:?} failed");
        Ok(String::from_utf8_lossy(&output.stdout).into_owned())
    }

    fn keys(&mut self, keys: &[&str]) -> Result<()> {
        let mut args = vec!["send-keys", "-t", self.terminal.as_str()];
        args.extend_from_slice(keys);
        self.presses += keys.len();
        self.tmux(&args).map(|_| ())
    }

    fn typed(&mut self, text: &str) -> Result<()> {
        self.presses += text.chars().count();
        self.tmux(&["send-keys", "-t", &self.terminal, "-l", text])
            .map(|_| ())
    }

    fn screen(&self) -> Result<String> {
        self.tmux(&["capture-pane", "-p", "-t", &self.terminal])
    }

    /// Waits (up to 30 s) until the screen shows `text` and the browser is done loading.
    fn wait_for(&self, text: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let screen = self.screen()?;
            let busy = ["URL to open", "Reading", "Goto URL"]
                .iter()
                .any(|prompt| *prompt != text && shows(&screen, prompt));
            if shows(&screen, text) && !busy {
                return Ok(());
            }
            if started.elapsed() > Duration::from_secs(30) {
                bail!("the screen never showed “{text}”:\n{screen}");
            }
            std::thread::sleep(Duration::from_millis(100));
        }
    }

    fn press(&mut self, keys: &[Key]) -> Result<Vec<String>> {
        let mut said = Vec::new();
        let next = match self.kind {
            Kind::Lynx => "Down",
            Kind::W3m => "Tab",
        };
        for key in keys {
            match key {
                Key::To(0) => {}
                Key::To(n) => {
                    self.keys(&vec![next; *n])?;
                    said.push(format!("{next}×{n}"));
                }
                Key::Text(text) => {
                    if self.kind == Kind::W3m {
                        self.keys(&["Enter"])?;
                    }
                    self.typed(text)?;
                    if self.kind == Kind::W3m {
                        self.keys(&["Enter"])?;
                    }
                    said.push(format!("“{text}”"));
                }
                Key::Area(text) => {
                    match self.kind {
                        Kind::Lynx => self.typed(text)?,
                        Kind::W3m => {
                            std::fs::write(self.dir.path().join("typed"), format!("{text}\n"))?;
                            self.keys(&["Enter"])?;
                        }
                    }
                    said.push(format!("“{text}” (text area)"));
                }
                Key::Choose(n) => {
                    self.keys(&["Enter"])?;
                    std::thread::sleep(Duration::from_millis(300));
                    self.keys(&vec!["Down"; *n])?;
                    self.keys(&["Enter"])?;
                    said.push(format!("list box: Down×{n}"));
                }
                Key::Press => {
                    self.keys(&["Enter"])?;
                    said.push("Enter".into());
                }
                Key::Go(url) => {
                    match self.kind {
                        Kind::Lynx => {
                            self.keys(&["g"])?;
                            self.wait_for("URL to open")?;
                        }
                        Kind::W3m => {
                            self.keys(&["U"])?;
                            self.wait_for("Goto URL")?;
                            self.keys(&["C-a", "C-k"])?;
                        }
                    }
                    self.typed(url)?;
                    self.keys(&["Enter"])?;
                    said.push(format!("go to {url}"));
                }
            }
        }
        Ok(said)
    }

    /// Presses `keys`, waits for the screen to show `landed`, saves the page the browser is on
    /// (lynx: Print → "Save to a local file", w3m: S) and returns its text.
    fn step(&mut self, what: &str, keys: &[Key], landed: &str) -> Result<String> {
        self.steps += 1;
        let said = self.press(keys)?;
        self.wait_for(landed).with_context(|| what.to_string())?;
        let saved = self.dir.path().join(format!("page-{}.txt", self.steps));
        let path = saved.display().to_string();
        // Each key once the browser shows what it answers (a key pressed while lynx is busy
        // can be taken as "stop loading").
        match self.kind {
            Kind::Lynx => {
                self.keys(&["p"])?;
                self.wait_for("Save to a local file")?;
                self.keys(&["Enter"])?;
                self.wait_for("Enter a filename")?;
                self.keys(&["C-u"])?;
            }
            Kind::W3m => {
                self.keys(&["S"])?;
                self.wait_for("Save buffer to")?;
                self.keys(&["C-a", "C-k"])?;
            }
        }
        self.typed(&path)?;
        self.keys(&["Enter"])?;
        let started = Instant::now();
        let page = loop {
            if let Ok(page) = std::fs::read_to_string(&saved)
                && !page.is_empty()
            {
                // Written at once; read again to be sure it is whole.
                std::thread::sleep(Duration::from_millis(100));
                break std::fs::read_to_string(&saved)?;
            }
            ensure!(
                started.elapsed() < Duration::from_secs(20),
                "{:?} saved no page ({what}):\n{}",
                self.kind,
                self.screen()?
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        self.transcript
            .push_str(&format!("== {what}: {}\n{page}\n", said.join(", ")));
        Ok(page)
    }

    fn write_transcript(&self) -> Result<PathBuf> {
        let name = format!("target/{:?}-transcript.txt", self.kind).to_lowercase();
        let path = repo_root().join(name);
        std::fs::write(&path, &self.transcript)?;
        Ok(path)
    }
}

impl Drop for TextBrowser {
    fn drop(&mut self) {
        // Kept when the test fails too: what the browser showed at each step.
        let _ = self.write_transcript();
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.terminal])
            .status();
    }
}

/// A place the browser's "next" key stops at: a link, a form field, a button, a frame. In
/// lynx each line of a `<textarea>` is a stop of its own.
struct Stop {
    tag: String,
}

/// The stops of a page in document order (text browsers ignore style sheets: hidden elements
/// count).
fn stops(html: &str, kind: Kind) -> Vec<Stop> {
    let body = html.find("<body").map_or(html, |at| &html[at..]);
    let mut found = Vec::new();
    let mut rest = body;
    while let Some(at) = rest.find('<') {
        rest = &rest[at + 1..];
        let end = rest.find('>').unwrap_or(rest.len());
        let tag = &rest[..end];
        let name: String = tag
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect::<String>()
            .to_ascii_lowercase();
        let stop = match name.as_str() {
            "a" => tag.contains("href="),
            "input" => !tag.contains("type=\"hidden\""),
            "select" | "button" | "iframe" => true,
            "textarea" if kind == Kind::W3m => true,
            "textarea" => {
                let rows = attribute(tag, "rows")
                    .and_then(|r| r.parse::<usize>().ok())
                    .unwrap_or(4);
                for _ in 1..rows {
                    found.push(Stop {
                        tag: tag.to_string(),
                    });
                }
                true
            }
            _ => false,
        };
        if stop {
            found.push(Stop {
                tag: tag.to_string(),
            });
        }
        // Skip what is not markup: a script's or style's text.
        if name == "script" || name == "style" {
            let close = format!("</{name}");
            if let Some(at) = rest.find(&close) {
                rest = &rest[at..];
            }
        }
    }
    found
}

fn attribute(tag: &str, name: &str) -> Option<String> {
    let marker = format!(" {name}=\"");
    let at = tag.find(&marker)? + marker.len();
    let end = tag[at..].find('"')? + at;
    Some(tag[at..end].to_string())
}

/// How many "next" keys take the browser from the page's first stop to the first stop `wanted`
/// picks.
fn downs_to(html: &str, kind: Kind, wanted: impl Fn(&str) -> bool, what: &str) -> Result<usize> {
    stops(html, kind)
        .iter()
        .position(|stop| wanted(&stop.tag))
        .with_context(|| format!("no {what} on the page"))
}

fn testid(id: &'static str) -> impl Fn(&str) -> bool {
    move |tag: &str| tag.contains(&format!("data-testid=\"{id}\""))
}

/// The "next" keys between two stops of a page (`to` after `from`).
fn downs_between(html: &str, kind: Kind, from: &'static str, to: &'static str) -> Result<usize> {
    let from = downs_to(html, kind, testid(from), from)?;
    let to = downs_to(html, kind, testid(to), to)?;
    ensure!(to > from, "{to} is not after {from}");
    Ok(to - from)
}

/// The UID of the list's row whose subject is `subject`.
fn row_uid(html: &str, subject: &str) -> Result<String> {
    let at = html
        .find(&format!(">{subject}<"))
        .with_context(|| format!("no row “{subject}”"))?;
    let row = html[..at]
        .rfind("data-testid=\"message-row\"")
        .context("row")?;
    attribute(&html[row - 1..at], "data-uid").context("data-uid")
}

/// The Message-ID of the message of `folder` whose subject is `subject`.
fn message_id(stack: &MailStack, folder: &str, subject: &str) -> Result<String> {
    for raw in stack.raw_messages(READER, folder)? {
        if let Some(message) = MessageParser::default().parse(&raw)
            && message.subject() == Some(subject)
        {
            return Ok(format!("<{}>", message.message_id().context("Message-ID")?));
        }
    }
    bail!("no “{subject}” in {folder}")
}

fn mailbox_of(stack: &MailStack, id: &str) -> Result<Vec<String>> {
    Ok(stack
        .index(READER)?
        .into_iter()
        .filter(|held| held.message_id == id)
        .map(|held| held.mailbox)
        .collect())
}

/// Whether `text` shows `wanted` (lynx wraps lines: spaces and line ends are the same).
fn shows(text: &str, wanted: &str) -> bool {
    let squeeze = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    squeeze(text).contains(&squeeze(wanted))
}

#[tokio::test(flavor = "multi_thread")]
async fn lynx_logs_in_reads_moves_deletes_sends_and_logs_out() -> Result<()> {
    visit(Kind::Lynx).await
}

#[tokio::test(flavor = "multi_thread")]
async fn w3m_logs_in_reads_moves_deletes_sends_and_logs_out() -> Result<()> {
    visit(Kind::W3m).await
}

/// The whole visit in one browser.
async fn visit(kind: Kind) -> Result<()> {
    let program = match kind {
        Kind::Lynx => "/usr/bin/lynx",
        Kind::W3m => "/usr/bin/w3m",
    };
    for tool in [program, "/usr/bin/tmux"] {
        ensure!(
            std::path::Path::new(tool).exists(),
            "{tool} is missing (scripts/setup.sh installs it)"
        );
    }
    let stack = MailStack::full()?;
    stack.add_user(READER, READER_PASSWORD)?;
    stack.seed_demo(READER)?;
    let postern = Postern::start(stack.postern_env()).await?;
    let url = |path: &str| postern.url(path);
    // The test's own look at the pages lynx is on (to count the stops before what it wants).
    let looker = postern.browser();
    let look =
        async |path: &str| -> Result<String> { Ok(Page::get(&looker, &url(path)).await?.html) };

    // Log in: the address, the password, the button.
    let login = look("/login").await?;
    let mut browser = TextBrowser::open(kind, &url("/login"))?;
    browser.wait_for("Email address")?;
    let page = browser.step(
        "log in",
        &[
            Key::To(downs_to(
                &login,
                kind,
                testid("login-email"),
                "address field",
            )?),
            Key::Text(READER.into()),
            Key::To(downs_between(
                &login,
                kind,
                "login-email",
                "login-password",
            )?),
            Key::Text(READER_PASSWORD.into()),
            Key::To(downs_between(
                &login,
                kind,
                "login-password",
                "login-submit",
            )?),
            Key::Press,
        ],
        "Log out",
    )?;
    // The list: the Inbox with its messages.
    for subject in [
        "Grüße aus München 🍺",
        "Invoice 2026-1104 for example.test",
        "Backup report",
    ] {
        ensure!(shows(&page, subject), "the list lacks “{subject}”:\n{page}");
    }
    let landed = postern.login(&looker, READER, READER_PASSWORD).await?;
    ensure!(landed.path == "/mail", "the test's own login failed");

    // Open a message from the list.
    let subject = "Backup report";
    let list = look("/mail").await?;
    let uid = row_uid(&list, subject)?;
    let link = downs_to(&list, kind, link_to(&uid), "the message's link")?;
    let message_path = href_of(&list, &uid)?;
    let page = browser.step(
        "open a message",
        &[Key::To(link), Key::Press],
        "Download original",
    )?;
    ensure!(
        shows(&page, subject),
        "the message page lacks its subject:\n{page}"
    );
    ensure!(
        shows(&page, "All 14 backups completed successfully."),
        "the message page lacks its text:\n{page}"
    );
    let backup = message_id(&stack, "INBOX", subject)?;
    ensure!(
        stack
            .index(READER)?
            .iter()
            .any(|held| held.message_id == backup && held.flags.contains("\\Seen")),
        "the opened message is not marked read"
    );

    // Move it to Archive: the folder chosen in the list box, then Move.
    let message = look(&message_path).await?;
    let options = option_values(&message, "move-to");
    let archive = options
        .iter()
        .position(|v| v == "Archive")
        .context("no Archive in the move list")?;
    let page = browser.step(
        "move it to Archive",
        &[
            Key::To(downs_to(
                &message,
                kind,
                testid("move-to"),
                "the move list",
            )?),
            Key::Choose(archive),
            Key::To(downs_between(&message, kind, "move-to", "move-submit")?),
            Key::Press,
        ],
        "Moved to Archive.",
    )?;
    ensure!(
        !shows(&page, subject),
        "the moved message is still listed:\n{page}"
    );
    ensure!(
        mailbox_of(&stack, &backup)? == ["Archive"],
        "the moved message is in {:?}",
        mailbox_of(&stack, &backup)?
    );

    // Delete another one (to Trash) from its page.
    let subject = "Lunch on Thursday?";
    let list = look("/mail").await?;
    let uid = row_uid(&list, subject)?;
    browser.step(
        "open another",
        &[
            Key::To(downs_to(&list, kind, link_to(&uid), "the message's link")?),
            Key::Press,
        ],
        "Download original",
    )?;
    let message = look(&href_of(&list, &uid)?).await?;
    let page = browser.step(
        "delete it",
        &[
            Key::To(downs_to(&message, kind, testid("delete"), "Delete")?),
            Key::Press,
        ],
        "Moved to Trash.",
    )?;
    ensure!(
        !shows(&page, subject),
        "the deleted message is still listed:\n{page}"
    );
    let lunch = message_id(&stack, "Trash", subject)?;
    ensure!(
        mailbox_of(&stack, &lunch)? == ["Trash"],
        "the deleted message is not (only) in Trash"
    );

    // Send a message: New message, To, Subject, the text, Send.
    let list = look("/mail").await?;
    browser.step(
        "new message",
        &[
            Key::To(downs_to(&list, kind, testid("compose-new"), "New message")?),
            Key::Press,
        ],
        "Attach files",
    )?;
    let compose = look("/mail/compose").await?;
    let sent_subject = &format!("Written in {kind:?}");
    let page = browser.step(
        "send it",
        &[
            Key::To(downs_to(&compose, kind, testid("compose-to"), "To")?),
            Key::Text(BOB.into()),
            Key::To(downs_between(
                &compose,
                kind,
                "compose-to",
                "compose-subject",
            )?),
            Key::Text(sent_subject.into()),
            Key::To(downs_between(
                &compose,
                kind,
                "compose-subject",
                "compose-body",
            )?),
            Key::Area("Typed at a terminal.".into()),
            Key::To(downs_between(
                &compose,
                kind,
                "compose-body",
                "compose-send",
            )?),
            Key::Press,
        ],
        "Message sent.",
    )?;
    let delivered = stack.wait_for_messages(BOB, "INBOX", 1)?;
    let arrived: Vec<_> = delivered
        .iter()
        .filter_map(|raw| MessageParser::default().parse(raw))
        .filter(|m| m.subject() == Some(sent_subject))
        .collect();
    ensure!(arrived.len() == 1, "bob received {} copies", arrived.len());
    ensure!(
        arrived[0]
            .body_text(0)
            .is_some_and(|text| text.contains("Typed at a terminal.")),
        "the text did not arrive"
    );
    message_id(&stack, "Sent", sent_subject).context("no copy in Sent")?;
    ensure!(shows(&page, READER), "the page after sending:\n{page}");

    // Log out (the account bar is the same on every page), then the mail again: the login.
    let page = browser.step(
        "log out",
        &[
            Key::To(downs_to(&list, kind, testid("logout"), "Log out")?),
            Key::Press,
        ],
        "Email address",
    )?;
    ensure!(
        !shows(&page, READER),
        "still logged in after logging out:\n{page}"
    );
    // The mail again, by its address: the login page answers.
    let page = browser.step(
        "the mail again",
        &[Key::Go(url("/mail?folder=Archive"))],
        "Email address",
    )?;
    ensure!(shows(&page, "Log in"), "not the login page:\n{page}");

    let transcript = browser.write_transcript()?;
    eprintln!(
        "{kind:?}: {} steps, {} keystrokes, transcript {} ({} lines)",
        browser.steps,
        browser.presses,
        transcript.display(),
        browser.transcript.lines().count()
    );
    Ok(())
}

/// Picks the link of the list's row `uid`.
fn link_to(uid: &str) -> impl Fn(&str) -> bool {
    let marker = format!("uid={uid}&");
    move |tag: &str| tag.starts_with("a ") && tag.contains(&marker)
}

/// The address of the message `uid` in the list.
fn href_of(list: &str, uid: &str) -> Result<String> {
    let tag = stops(list, Kind::Lynx)
        .into_iter()
        .find(|stop| link_to(uid)(&stop.tag))
        .context("no link")?;
    Ok(attribute(&tag.tag, "href")
        .context("href")?
        .replace("&amp;", "&"))
}

/// The option values of the `<select>` with `data-testid="{id}"`, in order.
fn option_values(html: &str, id: &str) -> Vec<String> {
    let Some(start) = html.find(&format!("data-testid=\"{id}\"")) else {
        return Vec::new();
    };
    let end = html[start..]
        .find("</select>")
        .map_or(html.len(), |e| start + e);
    html[start..end]
        .split("<option")
        .skip(1)
        .filter_map(|option| attribute(option, "value"))
        .collect()
}
