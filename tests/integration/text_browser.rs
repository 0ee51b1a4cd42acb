//! The core flows in a text browser: lynx (Debian's package), one lynx for the whole visit,
//! driven by keystrokes in a terminal (tmux) as a person would: log in, read the list, open a
//! message, move one, delete one, send one, log out. Each step presses Down Arrow to the link
//! or field it wants (counted from the HTML of the page lynx is on, fetched by the test in a
//! session of its own), types, presses Enter, waits for the screen to show where it landed
//! and saves that page (lynx's Print → "Save to a local file"); the saved text is checked, and
//! what the step did is checked on the mail server. One lynx because Postern's key cookie
//! lives only as long as the browser does: a second lynx is a new browser, logged out.
//! The keystrokes and pages are written to `target/lynx-transcript.txt`.

use std::path::PathBuf;
use std::process::Command;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail, ensure};
use mail_parser::MessageParser;
use postern_tests::*;

/// The person at the terminal (typed key by key: a password with a space).
const READER: &str = "lena@example.test";
const READER_PASSWORD: &str = "lynx pass 7";

/// A keystroke.
enum Key {
    Down(usize),
    Type(String),
    Enter,
}

/// One lynx in a terminal of its own (a detached tmux session), with its own home and
/// configuration; ended on drop.
struct Lynx {
    dir: tempfile::TempDir,
    terminal: String,
    steps: usize,
    presses: usize,
    transcript: String,
}

impl Lynx {
    fn open(url: &str) -> Result<Self> {
        let dir = tempfile::tempdir()?;
        std::fs::create_dir_all(dir.path().join("home"))?;
        let terminal = format!("postern-lynx-{}", std::process::id());
        let lynx = format!(
            "HOME={home} TERM=vt100 lynx -accept_all_cookies -nopause -noreferer {url}",
            home = dir.path().join("home").display()
        );
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
                &lynx,
            ])
            .status()?;
        ensure!(status.success(), "tmux could not start lynx");
        Ok(Lynx {
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

    fn screen(&self) -> Result<String> {
        self.tmux(&["capture-pane", "-p", "-t", &self.terminal])
    }

    /// Waits (up to 30 s) until the screen shows `text` (and no prompt: lynx is done).
    fn wait_for(&self, text: &str) -> Result<()> {
        let started = Instant::now();
        loop {
            let screen = self.screen()?;
            if shows(&screen, text) && (text == "URL to open" || !shows(&screen, "URL to open")) {
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
        for key in keys {
            match key {
                Key::Down(0) => {}
                Key::Down(n) => {
                    let mut args = vec!["send-keys", "-t", self.terminal.as_str()];
                    args.extend(std::iter::repeat_n("Down", *n));
                    self.tmux(&args)?;
                    self.presses += n;
                    said.push(format!("Down×{n}"));
                }
                Key::Type(text) => {
                    self.tmux(&["send-keys", "-t", &self.terminal, "-l", text])?;
                    self.presses += text.chars().count();
                    said.push(format!("“{text}”"));
                }
                Key::Enter => {
                    self.tmux(&["send-keys", "-t", &self.terminal, "Enter"])?;
                    self.presses += 1;
                    said.push("Enter".into());
                }
            }
        }
        Ok(said)
    }

    /// Presses `keys`, waits for the screen to show `landed`, saves the page lynx is on and
    /// returns its text.
    fn step(&mut self, what: &str, keys: &[Key], landed: &str) -> Result<String> {
        self.steps += 1;
        let said = self.press(keys)?;
        self.wait_for(landed).with_context(|| what.to_string())?;
        let saved = self.dir.path().join(format!("page-{}.txt", self.steps));
        // Each key once lynx shows what it answers (a key pressed while lynx is busy can be
        // taken as "stop loading").
        self.tmux(&["send-keys", "-t", &self.terminal, "p"])?;
        self.wait_for("Save to a local file")?;
        self.tmux(&["send-keys", "-t", &self.terminal, "Enter"])?;
        self.wait_for("Enter a filename")?;
        self.tmux(&["send-keys", "-t", &self.terminal, "C-u"])?;
        self.tmux(&[
            "send-keys",
            "-t",
            &self.terminal,
            "-l",
            &saved.display().to_string(),
        ])?;
        self.tmux(&["send-keys", "-t", &self.terminal, "Enter"])?;
        let started = Instant::now();
        let page = loop {
            if let Ok(page) = std::fs::read_to_string(&saved)
                && !page.is_empty()
            {
                // Written at once by lynx; read again to be sure it is whole.
                std::thread::sleep(Duration::from_millis(100));
                break std::fs::read_to_string(&saved)?;
            }
            ensure!(
                started.elapsed() < Duration::from_secs(20),
                "lynx saved no page ({what}):\n{}",
                self.screen()?
            );
            std::thread::sleep(Duration::from_millis(100));
        };
        self.transcript
            .push_str(&format!("== {what}: {}\n{page}\n", said.join(", ")));
        Ok(page)
    }

    fn write_transcript(&self) -> Result<PathBuf> {
        let path = repo_root().join("target/lynx-transcript.txt");
        std::fs::write(&path, &self.transcript)?;
        Ok(path)
    }
}

impl Drop for Lynx {
    fn drop(&mut self) {
        // Kept when the test fails too: what lynx showed at each step.
        let _ = self.write_transcript();
        let _ = Command::new("tmux")
            .args(["kill-session", "-t", &self.terminal])
            .status();
    }
}

/// A place lynx stops at when Down Arrow is pressed: a link, a form field, a button, a frame.
/// Each line of a `<textarea>` is a stop of its own.
struct Stop {
    tag: String,
}

/// The stops of a page in document order (lynx ignores style sheets: hidden elements count).
fn stops(html: &str) -> Vec<Stop> {
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

/// How many Down Arrows take lynx from the page's first stop to the first stop `wanted` picks.
fn downs_to(html: &str, wanted: impl Fn(&str) -> bool, what: &str) -> Result<usize> {
    stops(html)
        .iter()
        .position(|stop| wanted(&stop.tag))
        .with_context(|| format!("no {what} on the page"))
}

fn testid(id: &'static str) -> impl Fn(&str) -> bool {
    move |tag: &str| tag.contains(&format!("data-testid=\"{id}\""))
}

/// The Down Arrows between two stops of a page (`to` after `from`).
fn downs_between(html: &str, from: &'static str, to: &'static str) -> Result<usize> {
    let from = downs_to(html, testid(from), from)?;
    let to = downs_to(html, testid(to), to)?;
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
    for tool in ["/usr/bin/lynx", "/usr/bin/tmux"] {
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
    let mut lynx = Lynx::open(&url("/login"))?;
    lynx.wait_for("Email address")?;
    let page = lynx.step(
        "log in",
        &[
            Key::Down(downs_to(&login, testid("login-email"), "address field")?),
            Key::Type(READER.into()),
            Key::Down(downs_between(&login, "login-email", "login-password")?),
            Key::Type(READER_PASSWORD.into()),
            Key::Down(downs_between(&login, "login-password", "login-submit")?),
            Key::Enter,
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
    let link = downs_to(&list, link_to(&uid), "the message's link")?;
    let message_path = href_of(&list, &uid)?;
    let page = lynx.step(
        "open a message",
        &[Key::Down(link), Key::Enter],
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
    let page = lynx.step(
        "move it to Archive",
        &[
            Key::Down(downs_to(&message, testid("move-to"), "the move list")?),
            Key::Enter,
            Key::Down(archive),
            Key::Enter,
            Key::Down(downs_between(&message, "move-to", "move-submit")?),
            Key::Enter,
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
    lynx.step(
        "open another",
        &[
            Key::Down(downs_to(&list, link_to(&uid), "the message's link")?),
            Key::Enter,
        ],
        "Download original",
    )?;
    let message = look(&href_of(&list, &uid)?).await?;
    let page = lynx.step(
        "delete it",
        &[
            Key::Down(downs_to(&message, testid("delete"), "Delete")?),
            Key::Enter,
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
    lynx.step(
        "new message",
        &[
            Key::Down(downs_to(&list, testid("compose-new"), "New message")?),
            Key::Enter,
        ],
        "Attach files",
    )?;
    let compose = look("/mail/compose").await?;
    let sent_subject = "Written in lynx";
    let page = lynx.step(
        "send it",
        &[
            Key::Down(downs_to(&compose, testid("compose-to"), "To")?),
            Key::Type(BOB.into()),
            Key::Down(downs_between(&compose, "compose-to", "compose-subject")?),
            Key::Type(sent_subject.into()),
            Key::Down(downs_between(&compose, "compose-subject", "compose-body")?),
            Key::Type("Typed at a terminal.".into()),
            Key::Down(downs_between(&compose, "compose-body", "compose-send")?),
            Key::Enter,
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
    let page = lynx.step(
        "log out",
        &[
            Key::Down(downs_to(&list, testid("logout"), "Log out")?),
            Key::Enter,
        ],
        "Email address",
    )?;
    ensure!(
        !shows(&page, READER),
        "still logged in after logging out:\n{page}"
    );
    // "g": lynx asks for an address ("URL to open:"); the login page answers again.
    lynx.press(&[Key::Type("g".into())])?;
    lynx.wait_for("URL to open")?;
    let page = lynx.step(
        "the mail again",
        &[Key::Type(url("/mail?folder=Archive")), Key::Enter],
        "Email address",
    )?;
    ensure!(shows(&page, "Log in"), "not the login page:\n{page}");

    let transcript = lynx.write_transcript()?;
    eprintln!(
        "lynx: {} steps, {} keystrokes, transcript {} ({} lines)",
        lynx.steps,
        lynx.presses,
        transcript.display(),
        lynx.transcript.lines().count()
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
    let tag = stops(list)
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
