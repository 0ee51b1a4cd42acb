# Postern's words in English: the catalogue every other one follows (a test fails when one
# lacks a key this one has). Variables: { $name }.

## Every page
skip-to-content = Skip to content
language = Language
not-found-title = Page not found
not-found-inbox = Go to your Inbox

## Logging in
login-title = Log in · Postern
login-tagline = Your mail, from any browser.
login-resume = Your session ended before your message was sent. Log in again to go back to it: everything you typed is kept.
login-email = Email address
login-password = Password
login-submit = Log in

## The account bar
account-folders = Folders
account-compose = New message
account-logout = Log out

## Keyboard shortcuts (the list "?" opens)
shortcuts-title = Keyboard shortcuts
shortcuts-hint = Not while typing in a field, and not with Ctrl, Alt or ⌘ held.
shortcuts-close = Close
shortcut-next = Next message in the list
shortcut-previous = Previous message in the list
shortcut-open = Open the message
shortcut-back = Back to the list
shortcut-reply = Reply
shortcut-reply-all = Reply all
shortcut-forward = Forward
shortcut-compose = New message
shortcut-delete = Delete (the ticked messages, else the current one)
shortcut-flag = Flag or unflag
shortcut-select = Tick or untick the current message
shortcut-search = Search
shortcut-help = This list

## Errors a person can act on
error-not-full-address = Use your full email address, for example name@example.com.
error-domain-not-served = This webmail does not serve addresses at { $domain }.
error-wrong-credentials = Wrong email address or password.
error-server-unreachable = Cannot reach the mail server { $host }. Please try again in a moment.
error-timeout = The mail server { $host } did not answer in time. Please try again in a moment.
error-certificate-rejected = The mail server's certificate was not accepted (expected { $expected }). Please tell the administrator of this webmail.
error-certificate-expired = The mail server's certificate expired on { $date }. Please tell the administrator of this webmail.
error-certificate-not-yet-valid = The mail server's certificate is not valid before { $date }. Please tell the administrator of this webmail.
error-certificate-changed = The mail server's certificate is not the one this webmail trusts (it may have been replaced, for example after a server move). Please tell the administrator of this webmail.
error-mailbox-busy = Your mailbox has too many open connections right now (other devices or browser windows). Log out there, or try again in a few minutes.
error-too-many-attempts = Too many failed logins. Please try again in { $minutes } minutes.
error-not-logged-in = Your session has ended. Please log in again.
error-ended-before-action = Your session had ended, so that was not done. Please log in and try again.
error-folder-missing = The folder "{ $name }" does not exist (any more).
error-folder-missing-unnamed = That folder does not exist (any more).
error-folder-changed = This folder changed since the page was shown. Please reload it.
error-no-such-message = This message does not exist (any more). It may have been moved or deleted.
error-server-refused = The mail server refused: { $reason }
error-internal = Something went wrong on the server. Please try again.
error-unavailable = The webmail is temporarily unavailable. Please try again in a minute.
error-transport = The request did not reach the server: { $reason }

## A folder's page
mail-logged-out = Logged out
mail-cannot-show = This folder cannot be shown
mail-back-to-inbox = Back to the Inbox
folders-close = Close folders
search-title = Search in { $folder }
search-found =
    { $n ->
        [one] 1 message
       *[other] { $count } messages
    } found for “{ $text }”.
search-clear = Back to the folder
search-placeholder = Search this folder
search-label = Search
search-in = Search in
search-everywhere = Everywhere
search-from = From
search-to = To
search-subject = Subject
search-text = Text
search-submit = Search
export-mbox = Download folder (.mbox)
counts-empty = This folder is empty.
counts-all-read =
    { $n ->
        [one] 1 message
       *[other] { $count } messages
    }, all read.
counts-unread =
    { $n ->
        [one] 1 message
       *[other] { $count } messages
    }, { $unread } unread.
confirm-purge =
    { $n ->
        [one] Delete the selected message for good? This cannot be undone.
       *[other] Delete the { $count } selected messages for good? This cannot be undone.
    }
confirm-purge-yes = Delete permanently
confirm-delete-folder = Delete the folder “{ $folder }” and the { $count } messages in it for good? This cannot be undone.
confirm-delete-folder-yes = Delete folder
confirm-empty-trash = Delete all { $count } messages in { $folder } for good? This cannot be undone.
confirm-empty-trash-yes = Empty Trash

## The message list
list-empty = No messages.
list-select-all = Select all on this page
list-select = Select
action-mark-read = Mark read
action-mark-unread = Mark unread
action-flag = Flag
action-unflag = Unflag
action-delete = Delete
action-move-to = Move to
action-move = Move
no-subject = (no subject)
unknown-sender = (unknown sender)
marker-unread = unread
marker-flagged = flagged
marker-answered = answered
has-attachments = has attachments
pager-label = Pages
pager-none = 0 messages
pager-position = { $first }–{ $last } of { $total }
pager-newer = ‹ Newer
pager-older = Older ›
sort-label = Sort by
sort-title = Sort:
sort-key =
    { $key ->
        [date] Date
        [from] Sender
        [subject] Subject
       *[arrival] Arrival
    }

## A message's page
message-cannot-show = This message cannot be shown
message-edit-draft = Continue editing
message-date = Date
message-remote-blocked = Remote images were blocked to protect your privacy.
message-remote-show = Show remote images
message-frame = Message
message-no-text = This message has no text.
message-download-eml = Download original (.eml)
confirm-purge-this = Delete this message for good? This cannot be undone.
confirm-cancel = Cancel

## Storage and folders
quota-used = { $used } of { $limit } used ({ $percent } %)
quota-messages = { $used } of { $limit } messages
quota-warning = Your mailbox is almost full.
trash-holds =
    Trash holds { $size } ({ $n ->
        [one] 1 message
       *[other] { $count } messages
    })
trash-count =
    Trash: { $n ->
        [one] 1 message
       *[other] { $count } messages
    }
folders-manage = Manage folders
folders-new = New folder
folders-in = in
folders-top-level = (top level)
folders-create = Create
folders-rename-to = Rename “{ $folder }” to
folders-rename = Rename
folders-delete = Delete this folder…

## Special folders (the server marks them; shown by their role)
folder-inbox = Inbox
folder-drafts = Drafts
folder-sent = Sent
folder-junk = Junk
folder-trash = Trash
folder-archive = Archive

## Folder changes that cannot be done
folder-name-empty = Give the folder a name.
folder-name-too-long = A folder name can have at most 100 characters.
folder-name-bad-characters = A folder name cannot contain control characters, * or %.
folder-name-separator = A folder name cannot contain the folder separator.
folder-name-inbox = That name is taken by the Inbox.
folder-exists = A folder with that name exists already.
folder-cannot-rename = This folder cannot be renamed.
folder-cannot-delete = This folder cannot be deleted.
folder-change-unknown = That folder change is not known.

## Notices after an action (shown once, on the next page)
notice-read =
    { $n ->
        [one] Marked as read.
       *[other] { $count } messages: marked as read.
    }
notice-unread =
    { $n ->
        [one] Marked as unread.
       *[other] { $count } messages: marked as unread.
    }
notice-flagged =
    { $n ->
        [one] Flagged.
       *[other] { $count } messages: flagged.
    }
notice-unflagged =
    { $n ->
        [one] Flag removed.
       *[other] { $count } messages: flag removed.
    }
notice-moved =
    { $n ->
        [one] Moved to { $folder }.
       *[other] { $count } messages: moved to { $folder }.
    }
notice-purged =
    { $n ->
        [one] Deleted permanently.
       *[other] { $count } messages: deleted permanently.
    }
notice-trash-emptied =
    Trash emptied: { $n ->
        [one] 1 message
       *[other] { $count } messages
    } deleted for good.
notice-folder-created = Folder “{ $name }” created.
notice-folder-renamed = Folder renamed to “{ $name }”.
notice-folder-deleted = Folder “{ $name }” deleted.
notice-choose-target = Choose a folder to move to.
notice-unknown-action = That action is not known.
notice-select-first = Select at least one message first.
notice-sent = Message sent.
notice-sent-no-copy = Message sent, but the copy could not be saved in Sent: { $reason }
notice-draft-saved = Draft saved.
notice-still-sending = This message is still being sent. Look in Sent in a moment.
notice-send-stopped = Something went wrong while sending. Look in Sent before sending the message again.

## Writing a message
loading = Loading…
compose-cannot-open = The form cannot be opened
compose-new = New message
compose-back = ‹ Back
compose-from = From
compose-to = To
compose-cc = Cc
compose-bcc = Bcc
compose-subject = Subject
compose-body = Message
compose-attachments = Attachments
compose-untick = Untick an attachment to remove it.
compose-attach = Attach files
compose-limit = Up to { $limit } in all.
compose-send = Send
compose-save-draft = Save draft
quoted = “{ $text }”
compose-not-addresses =
    { $n ->
        [one] { $addresses } is not an email address.
       *[other] { $addresses } are not email addresses.
    }
compose-cut-short = The form did not arrive completely (too large, or the connection broke).
compose-incomplete = The form did not arrive completely.
compose-not-attached = Not attached, the attachments would exceed { $limit } MB in all: { $files }.
compose-upload-broke = The upload broke off. Please attach the files again.
compose-attach-again = Attach again (files cannot be kept over a new login): { $files }.
compose-no-recipient = Add at least one recipient.
compose-not-built = The message could not be put together: { $reason }
compose-correct-fields = Nothing was sent. Please correct the marked fields.
compose-nothing-sent = Nothing was sent.
compose-bad-sender = Your address cannot be used as a sender.
compose-line-breaks = Line breaks are not allowed here.
compose-draft-without-files = Draft saved, but not every file could be attached.
compose-draft-not-saved = The draft could not be saved: { $reason }
compose-attachment-gone = An attachment could not be read from the mail server any more.
compose-too-large = The attachments come to { $size } MB as sent; the limit is { $limit } MB. Remove some.
compose-not-saved-either = { $reason } The draft could not be saved either ({ $error }); copy your text before leaving this page.
compose-resumed = Your session had ended, so this message was not sent yet. Everything you typed is here: send it when you are ready.

## Sending refused
send-auth-refused = The mail server refused to send with your login. Your message was saved as a draft.
send-auth-unavailable = The mail server could not check your login just now, so nothing was sent. Please try again in a moment. Your message was saved as a draft.
send-recipients-refused =
    { $n ->
        [one] The mail server refused this recipient: { $recipients }. Nothing was sent; your message was saved as a draft.
       *[other] The mail server refused these recipients: { $recipients }. Nothing was sent; your message was saved as a draft.
    }
send-too-large = The message is too large for the mail server. Remove an attachment and try again.
send-connection = { $reason } Your message was saved as a draft.
send-refused = The mail server did not accept the message: { $reason }. Your message was saved as a draft.

## Dates (the server decides the form, the language words it)
date-day = { $day } { $month }
date-day-year = { $day } { $month } { $year }
date-full = { $short } ({ $weekday }, { $day } { $month } { $year } { $time } { $zone })
month-1 = Jan
month-2 = Feb
month-3 = Mar
month-4 = Apr
month-5 = May
month-6 = Jun
month-7 = Jul
month-8 = Aug
month-9 = Sep
month-10 = Oct
month-11 = Nov
month-12 = Dec
weekday-1 = Mon
weekday-2 = Tue
weekday-3 = Wed
weekday-4 = Thu
weekday-5 = Fri
weekday-6 = Sat
weekday-7 = Sun

## Settings (kept on the person's mail server)
account-settings = Settings
settings-title = Settings
settings-cannot-show = The settings cannot be shown
settings-not-kept = Your mail server has no place to keep settings, so Postern uses its defaults and cannot save changes.
settings-identity = Your identity
settings-identity-address = You write as { $address }.
settings-display-name = Your name
settings-reply-to = Replies to (optional)
settings-signature = Signature
settings-signature-hint = Added under “-- ” to new messages, and above the quote in replies and forwards.
settings-lists = Lists
settings-page-size = Messages per page
settings-page-size-default = Standard ({ $count })
settings-sort = Order
settings-language = Language
settings-language-browser = As the browser says
settings-remote-images = Remote images
settings-remote-images-list = Always show remote images from these senders (one address per line)
settings-remote-images-hint = A message from anyone else shows its remote images only when you ask.
settings-save = Save settings
settings-saved = Settings saved.
settings-correct-fields = Nothing was saved: please correct the marked fields.
settings-name-control = A name cannot hold line breaks or control characters.
settings-name-long = That name is too long.
settings-signature-long = That signature is too long.
settings-signature-control = A signature cannot hold control characters.
settings-page-size-bad = Choose 25, 50 or 100 messages per page.
settings-language-bad = That language is not offered.
settings-remote-images-many = That list is too long.
settings-reply-to-one = Replies can go to one address only.
settings-remote-images-sender = That sender has no address to remember.
settings-remote-images-added = Remote images from { $sender } are always shown now.
settings-remote-images-removed = Remote images from { $sender } are blocked again.
message-remote-always = Always show images from { $sender }
message-remote-never = Stop showing images from { $sender } by themselves
settings-identities-list = Other addresses you write from (one per line: Name <address>)
settings-identities-hint = Your mail service lets you write from addresses like { $patterns }. Its submission server decides which it accepts, and says so when you send.
settings-identities-many = That is more addresses than can be kept.
settings-identities-refused = You cannot write from { $addresses } here.
compose-from-not-allowed = You cannot write from that address: pick another.
settings-address-book = Addresses you have written to
settings-address-book-hint = Suggested in To, Cc and Bcc, the most recent first. Kept on your mail server, for you alone.
settings-address-book-empty = None yet: the addresses you send to will be suggested here.
settings-address-forget = Remove the ticked addresses
settings-address-none-picked = No address was ticked.
settings-address-forgotten =
    { $n ->
        [one] 1 address removed.
       *[other] { $count } addresses removed.
    }

## Vacation reply and filters (Sieve on the mail server)
settings-rules-link = Vacation reply and filters
vacation-banner = Your vacation reply is on.
vacation-banner-change = Change it
rules-title = Vacation reply and filters
rules-cannot-show = The vacation reply and filters cannot be shown
rules-back = ‹ Settings
rules-not-offered = Your mail server offers no filters that Postern can manage.
rules-foreign = Your mail server runs a filter script that Postern did not write (“{ $name }”). It is shown here as it is; Postern replaces it only if you tick the box below and save.
rules-replace = Replace that script with these rules
rules-foreign-kept = Nothing was changed: another filter script is active. Tick “Replace that script with these rules” to use these instead.
rules-vacation = Vacation reply
rules-vacation-on = Answer incoming mail with this message
rules-vacation-subject = Subject
rules-vacation-text = Message
rules-vacation-first = First day (optional)
rules-vacation-last = Last day (optional)
rules-vacation-days = Answer the same sender again after (days)
rules-filters = Filters
rules-filters-hint = Run by your mail server on every message that arrives, in this order. Clear a filter’s text to remove it.
rules-filter-new = New filter
rules-filter-n = Filter { $n }
rules-filter-enabled = On
rules-filter-when = When
rules-filter-how = Match
rules-filter-value = Text
rules-filter-then = Then
rules-filter-folder = Folder (for “move”)
rules-filter-forward = Address (for “forward a copy”)
rules-filter-position = Position
rules-filter-delete = Remove this filter
rules-field-from = the sender
rules-field-to = a recipient (To or Cc)
rules-field-subject = the subject
rules-match-contains = contains
rules-match-is = is
rules-action-move = move to the folder
rules-action-read = mark as read
rules-action-flag = flag
rules-action-forward = forward a copy to the address
rules-save = Save vacation reply and filters
rules-saved = Vacation reply and filters saved.
rules-date-bad = Dates are written as YYYY-MM-DD.
rules-dates-order = The last day comes before the first.
rules-days-bad = Between 1 and 30 days.
rules-text-empty = A vacation reply needs a message.
rules-text-long = That message is too long.
rules-filters-many = That is more filters than can be kept.
rules-filter-empty = A filter needs a text to look for.
rules-filter-control = A filter’s text cannot hold line breaks or control characters.
rules-forward-bad = Forward to one email address.
rules-folder-bad = Pick one of your folders.
rules-no-tls = The filter server cannot be reached securely (it offers no STARTTLS).

# Live mail (with JavaScript)
live-connecting = Connecting for new mail…
live-on = New mail shows as it arrives
live-reconnecting = Connection lost; trying again…
live-off = New mail shows when you reload
live-notify-on = Desktop notifications: off (turn on)
live-notify-off = Desktop notifications: on (turn off)
live-new-message = New message
