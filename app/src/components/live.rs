//! Live mail on a folder page (with JavaScript): new, removed and re-flagged messages, the
//! folder counts and the tab title follow the mail server without a reload.
//!
//! One tab of the browser holds the event stream (`/events`, server-sent events): the tabs
//! elect it with a Web Lock (`postern-live`), which passes to another tab when it closes or
//! leaves the page, and it hands every event on to the others over a `BroadcastChannel`. So five
//! open tabs hold one stream, not five of the six connections a browser gives one site. On an
//! event each tab reads its own page again (`fetch` of the same address) and puts the new folder
//! list, counts, pagers and message list in place of the old ones; the server renders them, so
//! what a mail says is escaped exactly as on a page load, and ticked messages stay ticked. A
//! lost stream is opened again after 1, 2, 4 … 30 s.
//!
//! Desktop notifications are off until the person turns them on here (kept in the browser).
//! Without JavaScript none of this exists: a reload shows new mail.

use leptos::prelude::*;

/// The words the island shows (it has no catalogue of its own).
#[derive(Clone, Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct LiveWords {
    pub connecting: String,
    pub live: String,
    pub reconnecting: String,
    pub off: String,
    pub notify_on: String,
    pub notify_off: String,
    /// The title of a desktop notification ("New message").
    pub new_message: String,
}

/// Where a page's stream stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LiveState {
    Connecting,
    Live,
    Reconnecting,
    /// Ended for good (session over): a reload says why.
    Off,
}

impl LiveState {
    pub fn as_str(self) -> &'static str {
        match self {
            LiveState::Connecting => "connecting",
            LiveState::Live => "live",
            LiveState::Reconnecting => "reconnecting",
            LiveState::Off => "off",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Some(match text {
            "connecting" => LiveState::Connecting,
            "live" => LiveState::Live,
            "reconnecting" => LiveState::Reconnecting,
            "off" => LiveState::Off,
            _ => return None,
        })
    }
}

/// The page regions a refresh replaces (`data-live` attributes).
pub const REGIONS: [&str; 5] = ["folders", "counts", "pager-top", "list", "pager-bottom"];

/// The pause before the `attempt`-th reconnect (1-based): 1, 2, 4, 8, 16, 30, 30 … seconds.
pub fn backoff_ms(attempt: u32) -> i32 {
    let seconds = 1u32 << attempt.saturating_sub(1).min(5);
    (seconds.min(30) * 1000) as i32
}

/// Live updates of the folder page showing `folder` (its IMAP name).
#[island]
pub fn LiveMail(folder: String, words: LiveWords) -> impl IntoView {
    let state = RwSignal::new(LiveState::Connecting);
    let running = RwSignal::new(false);
    // None: the browser has no notifications; Some(on).
    let notify = RwSignal::new(None::<bool>);
    #[cfg(feature = "hydrate")]
    Effect::new({
        let folder = folder.clone();
        let new_message = words.new_message.clone();
        move |_| {
            browser::start(folder.clone(), new_message.clone(), state, notify);
            running.set(true);
        }
    });
    #[cfg(not(feature = "hydrate"))]
    let _ = &folder;
    let words = StoredValue::new(words);
    let toggle = move |_| {
        #[cfg(feature = "hydrate")]
        browser::toggle_notifications(notify);
    };
    // Nothing without a script (a text browser would show a status that never changes).
    move || {
        running.get().then(|| {
            let text = move || {
                words.with_value(|w| match state.get() {
                    LiveState::Connecting => w.connecting.clone(),
                    LiveState::Live => w.live.clone(),
                    LiveState::Reconnecting => w.reconnecting.clone(),
                    LiveState::Off => w.off.clone(),
                })
            };
            view! {
                <p class="live" data-testid="live">
                    <span
                        class="live-status"
                        role="status"
                        data-testid="live-status"
                        data-state=move || state.get().as_str()
                    >
                        {text}
                    </span>
                    {move || notify.get().map(|on| view! {
                        <button
                            type="button"
                            class="live-notify"
                            aria-pressed=on.to_string()
                            data-testid="live-notify"
                            on:click=toggle
                        >
                            {words.with_value(|w| if on { w.notify_off.clone() } else { w.notify_on.clone() })}
                        </button>
                    })}
                </p>
            }
        })
    }
}

#[cfg(feature = "hydrate")]
mod browser {
    use std::cell::{Cell, RefCell};
    use std::collections::HashSet;
    use std::rc::Rc;

    use leptos::prelude::*;
    use wasm_bindgen::JsCast;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::prelude::JsValue;

    use super::super::dom;
    use super::{LiveState, REGIONS, backoff_ms};

    const CHANNEL: &str = "postern-live";
    const LOCK: &str = "postern-live";
    const NOTIFY_KEY: &str = "postern-notify";
    /// Events close together are read as one refresh.
    const DEBOUNCE_MS: i32 = 150;

    struct Live {
        folder: String,
        /// The title of a desktop notification.
        new_message: String,
        state: RwSignal<LiveState>,
        notify: RwSignal<Option<bool>>,
        channel: Option<web_sys::BroadcastChannel>,
        leader: Cell<bool>,
        source: RefCell<Option<web_sys::EventSource>>,
        failures: Cell<u32>,
        refresh_timer: Cell<Option<i32>>,
        refreshing: Cell<bool>,
        refresh_again: Cell<bool>,
        /// The stream broke since it last listened: changes may have been missed.
        missed: Cell<bool>,
        /// This tab learnt that the session ended (from its stream, its page or the leader).
        ended: Cell<bool>,
        /// When the page started (ms since the epoch).
        started_at: f64,
        /// Ends this tab's hold on the lock (called when the stream ends for good).
        release: RefCell<Option<js_sys::Function>>,
    }

    pub fn start(
        folder: String,
        new_message: String,
        state: RwSignal<LiveState>,
        notify: RwSignal<Option<bool>>,
    ) {
        let Some(window) = web_sys::window() else {
            return;
        };
        if notifications_supported() {
            notify.set(Some(
                notifications_wanted(&window)
                    && web_sys::Notification::permission()
                        == web_sys::NotificationPermission::Granted,
            ));
        }
        let live = Rc::new(Live {
            folder,
            new_message,
            state,
            notify,
            channel: web_sys::BroadcastChannel::new(CHANNEL).ok(),
            leader: Cell::new(false),
            source: RefCell::new(None),
            failures: Cell::new(0),
            refresh_timer: Cell::new(None),
            refreshing: Cell::new(false),
            refresh_again: Cell::new(false),
            missed: Cell::new(false),
            ended: Cell::new(false),
            started_at: js_sys::Date::now(),
            release: RefCell::new(None),
        });
        if let Some(channel) = &live.channel {
            let this = live.clone();
            let on_message = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    if let Some(text) = event.data().as_string() {
                        this.heard(&text);
                    }
                },
            );
            channel.set_onmessage(Some(on_message.as_ref().unchecked_ref()));
            on_message.forget();
            // A leader that is there already says where it stands.
            let _ = channel.post_message(&JsValue::from_str("hello"));
        }
        lead_when_elected(live);
    }

    /// Runs `live.lead()` once this tab holds the lock (at once where the browser has no Web
    /// Locks: then every tab holds its own stream).
    fn lead_when_elected(live: Rc<Live>) {
        let locks = web_sys::window()
            .map(|w| w.navigator())
            .and_then(|n| js_sys::Reflect::get(&n, &JsValue::from_str("locks")).ok())
            .filter(|l| !l.is_undefined() && !l.is_null());
        let request = locks.as_ref().and_then(|locks| {
            js_sys::Reflect::get(locks, &JsValue::from_str("request"))
                .ok()
                .and_then(|f| f.dyn_into::<js_sys::Function>().ok())
        });
        let (Some(locks), Some(request)) = (locks, request) else {
            live.lead();
            return;
        };
        let this = live.clone();
        // Held for as long as the page lives, or until its stream ends for good.
        let granted = Closure::once_into_js(move |_lock: JsValue| -> JsValue {
            let held = js_sys::Promise::new(&mut |resolve, _| {
                *this.release.borrow_mut() = Some(resolve);
            });
            this.lead();
            held.into()
        });
        if request
            .call2(&locks, &JsValue::from_str(LOCK), &granted)
            .is_err()
        {
            live.lead();
        }
    }

    impl Live {
        fn post(&self, text: &str) {
            if let Some(channel) = &self.channel {
                let _ = channel.post_message(&JsValue::from_str(text));
            }
        }

        fn set_state(&self, state: LiveState) {
            self.state.set(state);
            if self.leader.get() {
                self.post(&format!("state:{}", state.as_str()));
            }
        }

        /// A message from the leading tab (or, to the leader, from a new tab).
        fn heard(self: &Rc<Self>, text: &str) {
            if text == "hello" {
                if self.leader.get() && self.state.get_untracked() != LiveState::Off {
                    self.post(&format!("state:{}", self.state.get_untracked().as_str()));
                }
                return;
            }
            if let Some(state) = text.strip_prefix("state:").and_then(LiveState::parse) {
                self.state.set(state);
                return;
            }
            self.event(text);
        }

        /// An event of the stream, here or in the leading tab.
        fn event(self: &Rc<Self>, text: &str) {
            match text {
                "ended" => self.end(),
                // The leader opens its next stream at once; others have nothing to do.
                "renew" => {}
                _ if text == "resync" || text.starts_with("change:") => self.schedule_refresh(),
                _ => {}
            }
        }

        /// This tab now holds the stream. One that waited for it took over from a tab that
        /// closed: what happened in between is read again once it listens.
        fn lead(self: &Rc<Self>) {
            self.leader.set(true);
            if self.ended.get() {
                self.end();
                return;
            }
            if js_sys::Date::now() - self.started_at > 2000.0 {
                self.missed.set(true);
            }
            self.connect();
        }

        /// The session is over: no stream, and the lock goes to a tab of the next login.
        fn end(&self) {
            self.close();
            self.ended.set(true);
            self.leader.set(false);
            self.state.set(LiveState::Off);
            if let Some(release) = self.release.borrow_mut().take() {
                let _ = release.call0(&JsValue::NULL);
            }
        }

        fn connect(self: &Rc<Self>) {
            let url = format!(
                "/events?folder={}",
                crate::url::encode_component(&self.folder)
            );
            let Ok(source) = web_sys::EventSource::new(&url) else {
                self.set_state(LiveState::Off);
                return;
            };
            let this = self.clone();
            let on_ready = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                move |event: web_sys::MessageEvent| {
                    this.failures.set(0);
                    this.set_state(LiveState::Live);
                    if this.missed.replace(false) {
                        this.post("resync");
                        this.schedule_refresh();
                    } else if !shows(&event.data().as_string().unwrap_or_default()) {
                        // Mail came while the stream was being opened.
                        this.schedule_refresh();
                    }
                },
            );
            let _ =
                source.add_event_listener_with_callback("ready", on_ready.as_ref().unchecked_ref());
            on_ready.forget();
            let this = self.clone();
            let on_renew = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                // The stream's planned end: the next one at once, nothing missed (its `ready`
                // count says if mail came in between). Not after the session ended.
                if this.ended.get() {
                    return;
                }
                this.close();
                this.connect();
            });
            let _ =
                source.add_event_listener_with_callback("renew", on_renew.as_ref().unchecked_ref());
            on_renew.forget();
            for name in ["change", "resync", "ended"] {
                let this = self.clone();
                let on_event = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |event: web_sys::MessageEvent| {
                        let text = match name {
                            "change" => {
                                format!("change:{}", event.data().as_string().unwrap_or_default())
                            }
                            other => other.to_string(),
                        };
                        if name == "ended" {
                            this.end();
                            this.post("state:off");
                        }
                        this.post(&text);
                        this.event(&text);
                    },
                );
                let _ = source
                    .add_event_listener_with_callback(name, on_event.as_ref().unchecked_ref());
                on_event.forget();
            }
            let this = self.clone();
            let on_error = Closure::<dyn FnMut(web_sys::Event)>::new(move |_| {
                // The browser would retry every 2 s for ever; Postern waits longer each time.
                if this.state.get_untracked() == LiveState::Off {
                    this.end();
                    return;
                }
                this.close();
                this.missed.set(true);
                this.set_state(LiveState::Reconnecting);
                let attempt = this.failures.get() + 1;
                this.failures.set(attempt);
                let again = this.clone();
                // Before opening the next stream, read the page: a session that ended (the
                // stream's 401 is not told to scripts) shows as the login page.
                let retry = Closure::once_into_js(move || {
                    leptos::task::spawn_local(async move {
                        let _ = refresh_page(&again).await;
                        if again.state.get_untracked() != LiveState::Off {
                            again.connect();
                        } else {
                            again.end();
                        }
                    });
                });
                if let Some(window) = web_sys::window() {
                    let _ = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                        retry.unchecked_ref(),
                        backoff_ms(attempt),
                    );
                }
            });
            source.set_onerror(Some(on_error.as_ref().unchecked_ref()));
            on_error.forget();
            *self.source.borrow_mut() = Some(source);
        }

        fn close(&self) {
            if let Some(source) = self.source.borrow_mut().take() {
                source.close();
            }
        }

        fn schedule_refresh(self: &Rc<Self>) {
            let Some(window) = web_sys::window() else {
                return;
            };
            if let Some(timer) = self.refresh_timer.take() {
                window.clear_timeout_with_handle(timer);
            }
            let this = self.clone();
            let run = Closure::once_into_js(move || {
                this.refresh_timer.set(None);
                this.refresh();
            });
            if let Ok(timer) = window.set_timeout_with_callback_and_timeout_and_arguments_0(
                run.unchecked_ref(),
                DEBOUNCE_MS,
            ) {
                self.refresh_timer.set(Some(timer));
            }
        }

        /// Reads the page again and puts its changing parts in place.
        fn refresh(self: &Rc<Self>) {
            if self.refreshing.replace(true) {
                self.refresh_again.set(true);
                return;
            }
            let this = self.clone();
            leptos::task::spawn_local(async move {
                if let Err(error) = refresh_page(&this).await {
                    leptos::logging::warn!(
                        "live mail: the page could not be read again: {error:?}"
                    );
                }
                this.refreshing.set(false);
                if this.refresh_again.replace(false) {
                    this.refresh();
                }
            });
        }
    }

    async fn refresh_page(live: &Live) -> Result<(), JsValue> {
        let window = web_sys::window().ok_or("no window")?;
        let document = window.document().ok_or("no document")?;
        // Never `select=all`: that would tick messages that arrived since.
        let address = without_select_all(&window.location().href()?);
        let answer: web_sys::Response =
            wasm_bindgen_futures::JsFuture::from(window.fetch_with_str(&address))
                .await?
                .dyn_into()?;
        if answer.redirected() || !answer.ok() {
            // The session ended (the login page) or the page cannot be shown: a reload says why.
            if answer.url().contains("/login") {
                live.end();
                live.post("state:off");
                live.post("ended");
            }
            return Ok(());
        }
        let text = wasm_bindgen_futures::JsFuture::from(answer.text()?)
            .await?
            .as_string()
            .unwrap_or_default();
        let parser = web_sys::DomParser::new()?;
        let fresh = parser.parse_from_string(&text, web_sys::SupportedType::TextHtml)?;
        let ticked = ticked_uids();
        let newest_before = newest_uid();
        let choices = choices();
        let cursor = Cursor::of(&document);
        for region in REGIONS {
            let selector = format!("[data-live=\"{region}\"]");
            if let (Some(old), Some(new)) = (
                document.query_selector(&selector)?,
                fresh.query_selector(&selector)?,
            ) {
                let imported = document.import_node_with_deep(&new, true)?;
                old.replace_with_with_node_1(&imported)?;
            }
        }
        retick(&ticked);
        restore_choices(&choices);
        cursor.restore(&document);
        document.set_title(&fresh.title());
        if live.notify.get_untracked() == Some(true) {
            announce_new(&document, newest_before, &live.new_message)?;
        }
        Ok(())
    }

    /// The row the keyboard is on (the shortcuts' current row, or the focus), kept across a
    /// refresh so that `j`/`k` and Tab go on from where the person was.
    struct Cursor {
        uid: Option<String>,
        marked: bool,
        focused: bool,
    }

    impl Cursor {
        fn of(document: &web_sys::Document) -> Cursor {
            let row = dom::current_row();
            let focused = document
                .active_element()
                .is_some_and(|e| e.closest(dom::ROW).ok().flatten().is_some());
            Cursor {
                marked: row
                    .as_ref()
                    .is_some_and(|r| r.class_list().contains(dom::CURRENT)),
                uid: row.and_then(|r| r.get_attribute("data-uid")),
                focused,
            }
        }

        fn restore(&self, document: &web_sys::Document) {
            let Some(uid) = self
                .uid
                .as_deref()
                .filter(|u| u.bytes().all(|b| b.is_ascii_digit()))
            else {
                return;
            };
            let Some(row) = document
                .query_selector(&format!("{}[data-uid=\"{uid}\"]", dom::ROW))
                .ok()
                .flatten()
            else {
                return;
            };
            if self.marked {
                let _ = row.class_list().add_1(dom::CURRENT);
            }
            if self.focused
                && let Some(link) = row
                    .query_selector("a")
                    .ok()
                    .flatten()
                    .and_then(|a| a.dyn_into::<web_sys::HtmlElement>().ok())
            {
                let _ = link.focus();
            }
        }
    }

    fn ticked_uids() -> HashSet<String> {
        dom::all::<web_sys::HtmlInputElement>("input[name=\"uids\"]:checked")
            .iter()
            .map(|input| input.value())
            .collect()
    }

    fn retick(ticked: &HashSet<String>) {
        for input in dom::all::<web_sys::HtmlInputElement>("input[name=\"uids\"]") {
            // Exactly what the person ticked (a page read with "select all" ticks all).
            input.set_checked(ticked.contains(&input.value()));
        }
    }

    /// Whether the page's folder holds `count` messages (what the stream says as it starts).
    fn shows(count: &str) -> bool {
        let shown = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.query_selector("[data-live=\"counts\"]").ok().flatten())
            .and_then(|e| e.get_attribute("data-messages"));
        !count.is_empty() && shown.as_deref() == Some(count)
    }

    fn without_select_all(address: &str) -> String {
        let Some((path, query)) = address.split_once('?') else {
            return address.to_string();
        };
        let (query, fragment) = match query.split_once('#') {
            Some((q, f)) => (q, Some(f)),
            None => (query, None),
        };
        let kept: Vec<&str> = query.split('&').filter(|p| *p != "select=all").collect();
        let mut out = path.to_string();
        if !kept.is_empty() {
            out.push('?');
            out.push_str(&kept.join("&"));
        }
        if let Some(fragment) = fragment {
            out.push('#');
            out.push_str(fragment);
        }
        out
    }

    /// The highest UID listed (new mail has higher ones).
    fn newest_uid() -> u32 {
        dom::all::<web_sys::Element>(dom::ROW)
            .iter()
            .filter_map(|row| row.get_attribute("data-uid")?.parse::<u32>().ok())
            .max()
            .unwrap_or(0)
    }

    /// The menus of the replaced regions (the folder to move to).
    const CHOICES: &str = "[data-live] select[name]";

    /// What the person chose in those menus.
    fn choices() -> Vec<(String, String)> {
        dom::all::<web_sys::HtmlSelectElement>(CHOICES)
            .iter()
            .map(|select| (select.name(), select.value()))
            .collect()
    }

    fn restore_choices(choices: &[(String, String)]) {
        for select in dom::all::<web_sys::HtmlSelectElement>(CHOICES) {
            if let Some((_, value)) = choices.iter().find(|(name, _)| *name == select.name()) {
                select.set_value(value);
            }
        }
    }

    /// A desktop notification for each unread row newer than any listed before (not for
    /// older mail that moved up onto the page when others left).
    fn announce_new(
        document: &web_sys::Document,
        newest_before: u32,
        title: &str,
    ) -> Result<(), JsValue> {
        if web_sys::Notification::permission() != web_sys::NotificationPermission::Granted {
            return Ok(());
        }
        // Only where new mail comes first (the first page, newest first): elsewhere an older
        // row moves onto the page when others leave.
        let later_page = document
            .query_selector("[data-testid=\"page-prev\"]")?
            .is_some();
        let order = document
            .query_selector("[aria-current=\"true\"][data-testid^=\"sort-\"]")?
            .and_then(|e| e.get_attribute("data-testid"));
        let newest_first = matches!(order.as_deref(), None | Some("sort-arrival" | "sort-date"));
        if later_page || !newest_first {
            return Ok(());
        }
        for row in dom::all::<web_sys::Element>(&format!("{}[data-unread=\"true\"]", dom::ROW)) {
            let Some(uid) = row.get_attribute("data-uid") else {
                continue;
            };
            if uid.parse::<u32>().map_or(true, |u| u <= newest_before) {
                continue;
            }
            let part = |testid: &str| {
                row.query_selector(&format!("[data-testid=\"{testid}\"]"))
                    .ok()
                    .flatten()
                    .and_then(|e| e.text_content())
                    .unwrap_or_default()
            };
            let options = web_sys::NotificationOptions::new();
            // Plain text: the desktop shows it as text, whatever the subject holds.
            options.set_body(&format!(
                "{} — {}",
                part("message-from"),
                part("message-subject")
            ));
            // Every tab announces; one tag per message makes that one notification.
            options.set_tag(&format!("postern-{uid}"));
            let _ = web_sys::Notification::new_with_options(title, &options);
        }
        Ok(())
    }

    fn notifications_supported() -> bool {
        web_sys::window()
            .and_then(|w| js_sys::Reflect::has(&w, &JsValue::from_str("Notification")).ok())
            .unwrap_or(false)
    }

    fn notifications_wanted(window: &web_sys::Window) -> bool {
        window
            .local_storage()
            .ok()
            .flatten()
            .and_then(|s| s.get_item(NOTIFY_KEY).ok().flatten())
            .as_deref()
            == Some("on")
    }

    fn keep_choice(on: bool) {
        if let Some(storage) = web_sys::window().and_then(|w| w.local_storage().ok().flatten()) {
            let _ = storage.set_item(NOTIFY_KEY, if on { "on" } else { "off" });
        }
    }

    /// The person turns desktop notifications on (the browser asks them first) or off.
    pub fn toggle_notifications(notify: RwSignal<Option<bool>>) {
        if notify.get_untracked() == Some(true) {
            keep_choice(false);
            notify.set(Some(false));
            return;
        }
        if web_sys::Notification::permission() == web_sys::NotificationPermission::Granted {
            keep_choice(true);
            notify.set(Some(true));
            return;
        }
        let Ok(asked) = web_sys::Notification::request_permission() else {
            return;
        };
        leptos::task::spawn_local(async move {
            let answer = wasm_bindgen_futures::JsFuture::from(asked).await;
            let granted = answer.ok().and_then(|a| a.as_string()).as_deref() == Some("granted");
            keep_choice(granted);
            notify.set(Some(granted));
        });
    }
}
