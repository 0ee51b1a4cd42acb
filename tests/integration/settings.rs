//! The person's settings, kept on their own mail server (IMAP METADATA in Dovecot): saved from
//! the settings page, read at the next login by another session, and used where a person
//! notices them — the name, signature and Reply-To of a message bob receives, the rows of a
//! folder page, its order, the page's language, remote images of a listed sender.

use anyhow::{Context, Result, ensure};
use mail_parser::MessageParser;
use postern_tests::*;

const ENTRY: &str = "/private/vendor/postern/settings";

/// The whole start tag of the element with this test id.
fn tag_of<'a>(page: &'a Page, testid: &str) -> &'a str {
    let marker = format!("data-testid=\"{testid}\"");
    let Some(at) = page.html.find(&marker) else {
        return "";
    };
    let start = page.html[..at].rfind('<').unwrap_or(at);
    let end = at + page.html[at..].find('>').unwrap_or(0);
    &page.html[start..end]
}

/// The kept entry as another client (doveadm) reads it.
fn kept_entry(stack: &MailStack) -> Result<String> {
    stack.doveadm(&["mailbox", "metadata", "get", "-u", ALICE, "-s", "", ENTRY])
}

#[tokio::test]
async fn settings_are_kept_on_the_server_and_used_when_writing() -> Result<()> {
    let stack = MailStack::full()?;
    stack.seed_bulk(ALICE, 30)?;
    // A message to reply to (in a folder of its own: the Inbox is the 30).
    stack.put_message(
        ALICE,
        "Projects",
        b"From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Plans\r\nMessage-ID: <p1@example.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\nShall we meet?\r\n",
    )?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;

    let page = Page::get(&browser, &postern.url("/settings")).await?;
    ensure!(page.status == 200, "settings page: {}", page.status);
    ensure!(page.testid_text("settings").is_some(), "the form is there");
    ensure!(
        page.testid_text("settings-not-kept").is_none(),
        "Dovecot keeps settings (METADATA)"
    );

    // A name that looks like another address, and a signature with a quote and a backslash.
    let name = "Zoë \"Boss\" <boss@evil.test>";
    let signature = "Alice Example\n\"Example Ltd\" \\ Köln";
    let saved = post_form(
        &postern,
        &browser,
        "/settings",
        &[
            ("display_name", name),
            ("reply_to", "replies@example.test"),
            ("signature", signature),
            ("page_size", "25"),
            ("sort", "date"),
            ("language", "de"),
            ("remote_images", "news@example.org"),
        ],
    )
    .await?;
    ensure!(
        saved.path == "/settings",
        "back on the page: {}",
        saved.path
    );
    ensure!(
        saved.testid_text("notice").as_deref() == Some("Einstellungen gespeichert."),
        "saved, said in the language just chosen: {:?}",
        saved.testid_text("notice")
    );
    ensure!(saved.field("display_name") == name);
    ensure!(saved.field("signature") == signature);
    let entry = kept_entry(&stack)?;
    ensure!(
        entry.contains("Example Ltd") && entry.contains("replies@example.test"),
        "kept on the mail server: {entry}"
    );

    // Another session (another browser, or another instance) reads them at its login.
    let other = postern.browser();
    postern.login(&other, ALICE, ALICE_PASSWORD).await?;
    let home = Page::get(&other, &postern.url("/mail")).await?;
    ensure!(
        home.html.contains("<html lang=\"de\""),
        "the chosen language on the new browser too"
    );
    let row_count = home.html.matches("data-testid=\"message-row\"").count();
    ensure!(row_count == 25, "25 rows per page, got {row_count}");
    ensure!(
        tag_of(&home, "sort-date").contains("aria-current=\"true\""),
        "the folder opens in date order: {}",
        tag_of(&home, "sort-date")
    );
    ensure!(
        home.html.contains("sort=arrival"),
        "arrival order is a link of its own now"
    );

    let compose = Page::get(&other, &postern.url("/mail/compose")).await?;
    let body = compose.field("body");
    ensure!(
        body == format!("\n\n-- \n{signature}\n"),
        "the signature under its separator: {body:?}"
    );
    ensure!(
        compose
            .testid_text("compose-from")
            .is_some_and(|from| from.contains("Boss") && from.contains(ALICE)),
        "the name is shown as From: {:?}",
        compose.testid_text("compose-from")
    );

    // Sent as a person would: the form's own body, the signature in it once.
    let typed = format!("Hello Bob,\n{body}");
    let token = load::send_token(&compose).unwrap_or_default();
    let sent = post_compose(
        &postern,
        &other,
        &[
            ("to", BOB),
            ("subject", "Signed"),
            ("body", &typed),
            ("send_token", &token),
            ("action", "send"),
        ],
    )
    .await?;
    ensure!(sent.path == "/mail", "sent: {}", sent.path);
    let bob = stack.wait_for_messages(BOB, "INBOX", 1)?;
    let received = MessageParser::default().parse(&bob[0]).context("parse")?;
    let from = received.from().and_then(|f| f.first()).context("From")?;
    ensure!(from.address() == Some(ALICE), "From is Alice: {from:?}");
    ensure!(
        from.name() == Some(name),
        "the name as set: {:?}",
        from.name()
    );
    let reply_to = received
        .reply_to()
        .and_then(|r| r.first())
        .context("Reply-To")?;
    ensure!(reply_to.address() == Some("replies@example.test"));
    let text = received.body_text(0).context("text")?.replace("\r\n", "\n");
    ensure!(
        text.matches("-- \nAlice Example\n").count() == 1,
        "the signature once: {text:?}"
    );
    let copy = stack.raw_messages(ALICE, "Sent")?;
    ensure!(
        copy.len() == 1 && String::from_utf8_lossy(&copy[0]).contains("Reply-To:"),
        "the Sent copy is the message sent"
    );

    // A reply: the signature above the quote.
    let reply = Page::get(
        &other,
        &postern.url("/mail/compose?mode=reply&folder=Projects&uid=1"),
    )
    .await?;
    let body = reply.field("body");
    let signature_at = body
        .find("-- \nAlice Example")
        .with_context(|| format!("signed: {body:?} {:?}", reply.testid_text("mail-error")))?;
    let quote_at = body.find("> Shall we meet?").context("quoted")?;
    ensure!(signature_at < quote_at, "above the quote: {body:?}");
    Ok(())
}

#[tokio::test]
async fn bad_settings_are_refused_and_kept_for_correction() -> Result<()> {
    let stack = MailStack::imap_only()?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let page = post_form(
        &postern,
        &browser,
        "/settings",
        &[
            ("display_name", "Alice\r\nBcc: everyone@evil.test"),
            ("reply_to", "a@example.test, b@example.test"),
            ("signature", "<script>alert(1)</script>"),
            ("page_size", "7"),
        ],
    )
    .await?;
    ensure!(page.path == "/settings");
    for field in ["display_name", "reply_to", "page_size"] {
        ensure!(
            page.testid_text(&format!("settings-error-{field}"))
                .is_some(),
            "{field} is marked"
        );
    }
    ensure!(
        page.field("signature") == "<script>alert(1)</script>",
        "the typed text is back, as text"
    );
    ensure!(!page.html.contains("<script>alert(1)"), "never as markup");
    ensure!(
        kept_entry(&stack).map_or(true, |e| !e.contains("evil")),
        "nothing was saved"
    );
    Ok(())
}

#[tokio::test]
async fn a_listed_sender_shows_remote_images_without_asking() -> Result<()> {
    let stack = MailStack::imap_only()?;
    stack.put_message(
        ALICE,
        "News",
        b"From: News <News@Example.org>\r\nTo: alice@example.test\r\nSubject: Weekly\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\nMIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n<p>Hi <img src=\"https://tracker.example.org/pixel.png\"></p>\r\n",
    )?;
    let postern = Postern::start(stack.postern_env()).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;
    let link = "/mail/message?folder=News&uid=1";
    let page = Page::get(&browser, &postern.url(link)).await?;
    ensure!(
        page.testid_text("show-remote-images").is_some(),
        "blocked first"
    );
    ensure!(page.testid_text("remote-images-always").is_some());
    let after = Page::from(
        browser
            .post(postern.url("/settings/remote-images"))
            .form(&[
                ("sender", "news@example.org"),
                ("show", "1"),
                ("back", link),
            ])
            .send()
            .await?,
    )
    .await?;
    ensure!(after.path == "/mail/message", "back on the message");
    ensure!(
        tag_of(&after, "message-html").contains("remote=1"),
        "shown with remote images: {}",
        tag_of(&after, "message-html")
    );
    // The next time, without asking.
    let again = Page::get(&browser, &postern.url(link)).await?;
    ensure!(again.testid_text("show-remote-images").is_none());
    ensure!(again.testid_text("remote-images-stop").is_some());
    ensure!(
        tag_of(&again, "message-html").contains("remote=1"),
        "{}",
        tag_of(&again, "message-html")
    );
    let settings = Page::get(&browser, &postern.url("/settings")).await?;
    ensure!(settings.field("remote_images") == "news@example.org");
    Ok(())
}

/// Posts the compose form as a browser does (no file), `from` picked.
async fn send_from(
    postern: &Postern,
    browser: &reqwest::Client,
    from: &str,
    subject: &str,
) -> Result<Page> {
    post_compose(
        postern,
        browser,
        &[
            ("from", from),
            ("to", BOB),
            ("subject", subject),
            ("body", "From another address."),
            ("action", "send"),
        ],
    )
    .await
}

#[tokio::test]
async fn other_from_addresses_go_out_only_where_the_operator_and_the_server_allow() -> Result<()> {
    let stack = MailStack::full()?;
    stack.put_message(
        ALICE,
        "Projects",
        b"From: Bob <bob@example.test>\r\nTo: Sales <alice.sales@example.test>\r\nSubject: Offer\r\nMessage-ID: <o1@example.test>\r\nDate: Mon, 2 Mar 2026 10:00:00 +0100\r\n\r\nYour price?\r\n",
    )?;
    let mut env = stack.postern_env();
    env.push(("POSTERN_EXTRA_FROM".into(), "*@{domain}".into()));
    let postern = Postern::start(env).await?;
    let browser = postern.browser();
    postern.login(&browser, ALICE, ALICE_PASSWORD).await?;

    let page = Page::get(&browser, &postern.url("/settings")).await?;
    ensure!(
        page.testid_text("identity-rule")
            .is_some_and(|rule| rule.contains("*@example.test")),
        "the page says which addresses may be added"
    );
    // Outside the operator's rule: refused, and named.
    let refused = post_form(
        &postern,
        &browser,
        "/settings",
        &[(
            "identities",
            "Alice Sales <alice.sales@example.test>\nboss@elsewhere.test",
        )],
    )
    .await?;
    let said = refused
        .testid_text("settings-error-identities")
        .unwrap_or_default();
    ensure!(
        said.contains("boss@elsewhere.test") && !said.contains("alice.sales"),
        "{said}"
    );
    // Inside it: kept (the server decides at sending).
    let saved = post_form(
        &postern,
        &browser,
        "/settings",
        &[
            ("display_name", "Alice"),
            (
                "identities",
                "Alice Sales <Alice.Sales@example.test>\nceo@example.test",
            ),
        ],
    )
    .await?;
    ensure!(saved.testid_text("notice").as_deref() == Some("Settings saved."));

    let compose = Page::get(&browser, &postern.url("/mail/compose")).await?;
    ensure!(
        compose.html.contains("data-testid=\"identity-from\"")
            && compose.html.contains("value=\"alice.sales@example.test\"")
            && compose.html.contains("value=\"ceo@example.test\""),
        "a From menu with the identities"
    );

    // Accepted by the submission server: it arrives from that address, with its name.
    let sent = send_from(&postern, &browser, "alice.sales@example.test", "As sales").await?;
    ensure!(
        sent.testid_text("compose-sent").is_some(),
        "sent: {:?}",
        sent.testid_text("compose-error")
    );
    let bob = stack.wait_for_messages(BOB, "INBOX", 1)?;
    let received = MessageParser::default().parse(&bob[0]).context("parse")?;
    let from = received.from().and_then(|f| f.first()).context("From")?;
    ensure!(
        from.address() == Some("alice.sales@example.test"),
        "{from:?}"
    );
    ensure!(from.name() == Some("Alice Sales"));

    // Refused by the submission server: said in its words, nothing sent, the form kept.
    let refused = send_from(&postern, &browser, "ceo@example.test", "As the CEO").await?;
    let error = refused.testid_text("compose-error").unwrap_or_default();
    ensure!(
        refused.path == "/mail/compose" && error.contains("not owned by user"),
        "the server's refusal, clearly: {error:?}"
    );
    ensure!(refused.field("subject") == "As the CEO");
    // A From that is none of the person's addresses (a forged form): never tried.
    let forged = send_from(&postern, &browser, "someone@example.test", "Forged").await?;
    ensure!(
        forged.testid_text("compose-error-from").is_some(),
        "{:?}",
        forged.testid_text("compose-error")
    );
    stack.flush_queue()?;
    ensure!(
        stack.raw_messages(BOB, "INBOX")?.len() == 1,
        "only the accepted one arrived"
    );

    // A reply comes from the address the message was written to.
    let reply = Page::get(
        &browser,
        &postern.url("/mail/compose?mode=reply&folder=Projects&uid=1"),
    )
    .await?;
    let select = reply
        .html
        .find("value=\"alice.sales@example.test\"")
        .map(|at| &reply.html[at..at + 80])
        .unwrap_or_default();
    ensure!(
        select.contains("selected"),
        "the sales address is picked: {select}"
    );
    Ok(())
}

#[tokio::test]
async fn addresses_written_to_are_suggested_to_that_person_alone() -> Result<()> {
    let stack = MailStack::full()?;
    stack.add_user("carol@example.test", "carol-secret")?;
    let postern = Postern::start(stack.postern_env()).await?;
    let alice = postern.browser();
    postern.login(&alice, ALICE, ALICE_PASSWORD).await?;
    let sent = post_compose(
        &postern,
        &alice,
        &[
            ("to", "Bob Example <bob@example.test>"),
            ("bcc", "Carol <carol@example.test>"),
            ("subject", "Hello both"),
            ("body", "Hi."),
            ("action", "send"),
        ],
    )
    .await?;
    ensure!(sent.testid_text("compose-sent").is_some(), "sent");

    let next = Page::get(&alice, &postern.url("/mail/compose")).await?;
    let book = tag_of(&next, "address-book");
    ensure!(!book.is_empty(), "a datalist");
    let datalist = &next.html[next.html.find("data-testid=\"address-book\"").unwrap_or(0)..];
    let datalist = &datalist[..datalist.find("</datalist>").unwrap_or(0)];
    ensure!(
        datalist.contains("value=\"Carol &lt;carol@example.test&gt;\"")
            || datalist.contains("value=\"Carol <carol@example.test>\""),
        "the Bcc is suggested too: {datalist}"
    );
    ensure!(datalist.contains("bob@example.test"), "{datalist}");
    ensure!(
        tag_of(&next, "compose-to").contains("list=\"address-book\""),
        "the field names the list"
    );

    // Bob's own form suggests nothing of Alice's.
    let bob = postern.browser();
    postern.login(&bob, BOB, BOB_PASSWORD).await?;
    let his = Page::get(&bob, &postern.url("/mail/compose")).await?;
    ensure!(
        !his.html.contains("carol@example.test"),
        "another person's addresses"
    );

    // Removed from the settings page: no longer suggested.
    let settings = Page::get(&alice, &postern.url("/settings")).await?;
    let listed = settings.testid_attributes("address-book-entry", "address");
    ensure!(
        listed == ["bob@example.test", "carol@example.test"],
        "in the order written: {listed:?}"
    );
    let after = Page::from(
        alice
            .post(postern.url("/settings/addresses"))
            .form(&[("forget", "carol@example.test")])
            .send()
            .await?,
    )
    .await?;
    ensure!(after.testid_text("notice").as_deref() == Some("1 address removed."));
    ensure!(after.testid_attributes("address-book-entry", "address") == ["bob@example.test"]);
    Ok(())
}

/// Sends one message as the logged-in person.
async fn send_as(
    postern: &Postern,
    browser: &reqwest::Client,
    to: &str,
    subject: &str,
) -> Result<()> {
    let sent = post_compose(
        postern,
        browser,
        &[
            ("to", to),
            ("subject", subject),
            ("body", "Hello."),
            ("action", "send"),
        ],
    )
    .await?;
    ensure!(
        sent.testid_text("compose-sent").is_some(),
        "{subject}: {:?}",
        sent.testid_text("compose-error")
    );
    Ok(())
}

#[tokio::test]
async fn a_vacation_reply_answers_once_and_a_filter_files_mail() -> Result<()> {
    let stack = MailStack::full()?;
    // A folder for the filter.
    stack.put_message(
        ALICE,
        "Lists",
        b"From: list@example.org\r\nTo: alice@example.test\r\nSubject: [list] old\r\n\r\nold\r\n",
    )?;
    let postern = Postern::start(stack.postern_env()).await?;
    let alice = postern.browser();
    postern.login(&alice, ALICE, ALICE_PASSWORD).await?;
    let page = Page::get(&alice, &postern.url("/settings/rules")).await?;
    ensure!(
        page.status == 200 && page.testid_text("rules").is_some(),
        "{:?}",
        page.testid_text("mail-error")
    );
    ensure!(page.testid_text("rules-foreign").is_none());

    let subject = "Away \"until\" Monday; discard;";
    let text = "I am away.\n.\nBack soon \\ ünïcode \"quoted\"\nAlice";
    let saved = post_form(
        &postern,
        &alice,
        "/settings/rules",
        &[
            ("vacation_enabled", "1"),
            ("vacation_subject", subject),
            ("vacation_text", text),
            ("vacation_days", "1"),
            ("filter_rows", "2"),
            ("f0_enabled", "1"),
            ("f0_field", "subject"),
            ("f0_match", "contains"),
            ("f0_value", "[list]\"}; discard;"),
            ("f0_action", "move"),
            ("f0_folder", "Lists"),
            ("f0_position", "1"),
            ("f1_value", ""),
        ],
    )
    .await?;
    ensure!(
        saved.testid_text("notice").as_deref() == Some("Vacation reply and filters saved."),
        "{:?} {:?}",
        saved.testid_text("notice"),
        saved.testid_attributes("filter-error", "x")
    );
    // Read back from the server, as typed.
    ensure!(saved.field("vacation_subject") == subject);
    ensure!(
        saved.field("vacation_text") == text,
        "{:?}",
        saved.field("vacation_text")
    );
    ensure!(saved.field("f0_value") == "[list]\"}; discard;");
    let home = Page::get(&alice, &postern.url("/mail")).await?;
    ensure!(
        home.testid_text("vacation-banner").is_some(),
        "the banner on every page"
    );

    // Bob writes twice through the real Postfix and LMTP: one auto-reply, not two.
    let bob = postern.browser();
    postern.login(&bob, BOB, BOB_PASSWORD).await?;
    send_as(&postern, &bob, ALICE, "First").await?;
    send_as(&postern, &bob, ALICE, "Second").await?;
    stack.wait_for_messages(ALICE, "INBOX", 2)?;
    let replies = stack.wait_for_messages(BOB, "INBOX", 1)?;
    std::thread::sleep(std::time::Duration::from_secs(2));
    stack.flush_queue()?;
    std::thread::sleep(std::time::Duration::from_secs(1));
    let replies_now = stack.raw_messages(BOB, "INBOX")?;
    ensure!(
        replies_now.len() == 1,
        "exactly one auto-reply, got {}",
        replies_now.len()
    );
    let reply = MessageParser::default()
        .parse(&replies[0])
        .context("parse")?;
    ensure!(reply.subject() == Some(subject), "{:?}", reply.subject());
    let body = reply.body_text(0).context("text")?.replace("\r\n", "\n");
    ensure!(body.trim_end() == text, "the text as typed: {body:?}");

    // The filter: Bob's next message on the list goes into Lists.
    send_as(&postern, &bob, ALICE, "[list]\"}; discard; news").await?;
    let filed = stack.wait_for_messages(ALICE, "Lists", 2)?;
    ensure!(String::from_utf8_lossy(&filed[1]).contains("news"));
    ensure!(
        stack.raw_messages(ALICE, "INBOX")?.len() == 2,
        "not in the Inbox"
    );

    // Turned off: no banner.
    let off = post_form(
        &postern,
        &alice,
        "/settings/rules",
        &[("vacation_days", "1"), ("filter_rows", "0")],
    )
    .await?;
    ensure!(off.testid_text("vacation-banner").is_none());
    Ok(())
}

#[tokio::test]
async fn a_script_postern_did_not_write_is_shown_and_replaced_only_when_asked() -> Result<()> {
    let stack = MailStack::imap_only()?;
    // Another client's script, active (Pigeonhole's file storage: the active one is a link).
    let home = stack.dir.path().join("mail/example.test/alice");
    std::fs::create_dir_all(home.join("sieve"))?;
    let theirs = "require \"fileinto\";\r\n# mine <b>bold</b>\r\nif header :contains \"subject\" \"x\" { fileinto \"Junk\"; }\r\n";
    std::fs::write(home.join("sieve/desktop.sieve"), theirs)?;
    std::os::unix::fs::symlink("sieve/desktop.sieve", home.join(".dovecot.sieve"))?;
    let status = std::process::Command::new("chown")
        .args(["-R", "vmail:vmail"])
        .arg(&home)
        .status()?;
    ensure!(status.success());
    let postern = Postern::start(stack.postern_env()).await?;
    let alice = postern.browser();
    postern.login(&alice, ALICE, ALICE_PASSWORD).await?;
    let page = Page::get(&alice, &postern.url("/settings/rules")).await?;
    ensure!(
        page.testid_text("rules-foreign-text")
            .map(|t| t.replace("\r\n", "\n").trim().to_string())
            == Some(theirs.replace("\r\n", "\n").trim().to_string()),
        "shown as it is: {:?}",
        page.testid_text("rules-foreign-text")
    );
    ensure!(!page.html.contains("<b>bold</b>"), "as text");
    let fields = [
        ("vacation_enabled", "1"),
        ("vacation_text", "Away."),
        ("vacation_days", "7"),
        ("filter_rows", "0"),
    ];
    let kept = post_form(&postern, &alice, "/settings/rules", &fields).await?;
    ensure!(
        kept.testid_text("notice")
            .is_some_and(|n| n.contains("Nothing was changed")),
        "{:?}",
        kept.testid_text("notice")
    );
    ensure!(
        std::fs::read_link(home.join(".dovecot.sieve"))?.ends_with("desktop.sieve"),
        "still theirs"
    );
    let mut replace = fields.to_vec();
    replace.push(("replace_foreign", "1"));
    let replaced = post_form(&postern, &alice, "/settings/rules", &replace).await?;
    ensure!(replaced.testid_text("notice").as_deref() == Some("Vacation reply and filters saved."));
    ensure!(replaced.testid_text("rules-foreign").is_none());
    ensure!(
        home.join("sieve/desktop.sieve").exists(),
        "their script is kept (not active)"
    );
    Ok(())
}
