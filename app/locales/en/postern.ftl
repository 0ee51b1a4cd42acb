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
