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
