# Postern auf Deutsch.

## Every page
skip-to-content = Zum Inhalt springen
language = Sprache
not-found-title = Seite nicht gefunden
not-found-inbox = Zum Posteingang

## Logging in
login-title = Anmelden · Postern
login-tagline = Ihre E-Mail, in jedem Browser.
login-resume = Ihre Sitzung endete, bevor Ihre Nachricht gesendet wurde. Melden Sie sich erneut an, um zu ihr zurückzukehren: Alles, was Sie geschrieben haben, ist erhalten.
login-email = E-Mail-Adresse
login-password = Passwort
login-submit = Anmelden

## The account bar
account-folders = Ordner
account-compose = Neue Nachricht
account-logout = Abmelden

## Keyboard shortcuts (the list "?" opens)
shortcuts-title = Tastenkürzel
shortcuts-hint = Nicht beim Schreiben in einem Feld und nicht mit gedrückter Strg-, Alt- oder ⌘-Taste.
shortcuts-close = Schließen
shortcut-next = Nächste Nachricht der Liste
shortcut-previous = Vorige Nachricht der Liste
shortcut-open = Nachricht öffnen
shortcut-back = Zurück zur Liste
shortcut-reply = Antworten
shortcut-reply-all = Allen antworten
shortcut-forward = Weiterleiten
shortcut-compose = Neue Nachricht
shortcut-delete = Löschen (die markierten Nachrichten, sonst die aktuelle)
shortcut-flag = Kennzeichnen oder Kennzeichnung entfernen
shortcut-select = Aktuelle Nachricht an- oder abhaken
shortcut-search = Suchen
shortcut-help = Diese Liste

## Errors a person can act on
error-not-full-address = Geben Sie Ihre vollständige E-Mail-Adresse ein, zum Beispiel name@example.com.
error-domain-not-served = Dieses Webmail bedient keine Adressen unter { $domain }.
error-wrong-credentials = E-Mail-Adresse oder Passwort falsch.
error-server-unreachable = Der Mailserver { $host } ist nicht erreichbar. Bitte versuchen Sie es gleich noch einmal.
error-timeout = Der Mailserver { $host } hat nicht rechtzeitig geantwortet. Bitte versuchen Sie es gleich noch einmal.
error-certificate-rejected = Das Zertifikat des Mailservers wurde nicht angenommen (erwartet: { $expected }). Bitte wenden Sie sich an die Betreiber dieses Webmails.
error-certificate-expired = Das Zertifikat des Mailservers ist am { $date } abgelaufen. Bitte wenden Sie sich an die Betreiber dieses Webmails.
error-certificate-not-yet-valid = Das Zertifikat des Mailservers ist erst ab { $date } gültig. Bitte wenden Sie sich an die Betreiber dieses Webmails.
error-certificate-changed = Das Zertifikat des Mailservers ist nicht das, dem dieses Webmail vertraut (es wurde vielleicht ersetzt, etwa nach einem Serverumzug). Bitte wenden Sie sich an die Betreiber dieses Webmails.
error-mailbox-busy = Ihr Postfach hat gerade zu viele offene Verbindungen (andere Geräte oder Browserfenster). Melden Sie sich dort ab oder versuchen Sie es in ein paar Minuten noch einmal.
error-too-many-attempts = Zu viele fehlgeschlagene Anmeldungen. Bitte versuchen Sie es in { $minutes } Minuten noch einmal.
error-not-logged-in = Ihre Sitzung ist abgelaufen. Bitte melden Sie sich erneut an.
error-ended-before-action = Ihre Sitzung war abgelaufen, daher wurde nichts geändert. Bitte melden Sie sich an und versuchen Sie es noch einmal.
error-folder-missing = Den Ordner „{ $name }“ gibt es nicht (mehr).
error-folder-missing-unnamed = Diesen Ordner gibt es nicht (mehr).
error-folder-changed = Dieser Ordner hat sich geändert, seit die Seite angezeigt wurde. Bitte laden Sie sie neu.
error-no-such-message = Diese Nachricht gibt es nicht (mehr). Sie wurde vielleicht verschoben oder gelöscht.
error-server-refused = Der Mailserver hat abgelehnt: { $reason }
error-internal = Auf dem Server ist etwas schiefgegangen. Bitte versuchen Sie es noch einmal.
error-unavailable = Das Webmail ist vorübergehend nicht verfügbar. Bitte versuchen Sie es in einer Minute noch einmal.
error-transport = Die Anfrage hat den Server nicht erreicht: { $reason }

## A folder's page
mail-logged-out = Abgemeldet
mail-cannot-show = Dieser Ordner kann nicht angezeigt werden
mail-back-to-inbox = Zurück zum Posteingang
folders-close = Ordner schließen
search-title = Suche in { $folder }
search-found =
    { $n ->
        [one] 1 Nachricht
       *[other] { $count } Nachrichten
    } gefunden für „{ $text }“.
search-clear = Zurück zum Ordner
search-placeholder = Diesen Ordner durchsuchen
search-label = Suche
search-in = Suchen in
search-everywhere = Überall
search-from = Von
search-to = An
search-subject = Betreff
search-text = Text
search-submit = Suchen
export-mbox = Ordner herunterladen (.mbox)
counts-empty = Dieser Ordner ist leer.
counts-all-read =
    { $n ->
        [one] 1 Nachricht
       *[other] { $count } Nachrichten
    }, alle gelesen.
counts-unread =
    { $n ->
        [one] 1 Nachricht
       *[other] { $count } Nachrichten
    }, { $unread } ungelesen.
confirm-purge =
    { $n ->
        [one] Die ausgewählte Nachricht endgültig löschen? Das kann nicht rückgängig gemacht werden.
       *[other] Die { $count } ausgewählten Nachrichten endgültig löschen? Das kann nicht rückgängig gemacht werden.
    }
confirm-purge-yes = Endgültig löschen
confirm-delete-folder = Den Ordner „{ $folder }“ und die { $count } Nachrichten darin endgültig löschen? Das kann nicht rückgängig gemacht werden.
confirm-delete-folder-yes = Ordner löschen
confirm-empty-trash = Alle { $count } Nachrichten in { $folder } endgültig löschen? Das kann nicht rückgängig gemacht werden.
confirm-empty-trash-yes = Papierkorb leeren

## The message list
list-empty = Keine Nachrichten.
list-select-all = Alle auf dieser Seite auswählen
list-select = Auswählen
action-mark-read = Als gelesen markieren
action-mark-unread = Als ungelesen markieren
action-flag = Kennzeichnen
action-unflag = Kennzeichnung entfernen
action-delete = Löschen
action-move-to = Verschieben nach
action-move = Verschieben
no-subject = (kein Betreff)
unknown-sender = (unbekannter Absender)
marker-unread = ungelesen
marker-flagged = gekennzeichnet
marker-answered = beantwortet
has-attachments = hat Anhänge
pager-label = Seiten
pager-none = 0 Nachrichten
pager-position = { $first }–{ $last } von { $total }
pager-newer = ‹ Neuere
pager-older = Ältere ›
sort-label = Sortieren nach
sort-title = Sortierung:
sort-key =
    { $key ->
        [date] Datum
        [from] Absender
        [subject] Betreff
       *[arrival] Eingang
    }

## A message's page
message-cannot-show = Diese Nachricht kann nicht angezeigt werden
message-edit-draft = Weiter bearbeiten
message-date = Datum
message-remote-blocked = Externe Bilder wurden zum Schutz Ihrer Privatsphäre blockiert.
message-remote-show = Externe Bilder anzeigen
message-frame = Nachricht
message-no-text = Diese Nachricht enthält keinen Text.
message-download-eml = Original herunterladen (.eml)
confirm-purge-this = Diese Nachricht endgültig löschen? Das kann nicht rückgängig gemacht werden.
confirm-cancel = Abbrechen

## Storage and folders
quota-used = { $used } von { $limit } belegt ({ $percent } %)
quota-messages = { $used } von { $limit } Nachrichten
quota-warning = Ihr Postfach ist fast voll.
trash-holds =
    Im Papierkorb: { $size } ({ $n ->
        [one] 1 Nachricht
       *[other] { $count } Nachrichten
    })
trash-count =
    Papierkorb: { $n ->
        [one] 1 Nachricht
       *[other] { $count } Nachrichten
    }
folders-manage = Ordner verwalten
folders-new = Neuer Ordner
folders-in = in
folders-top-level = (oberste Ebene)
folders-create = Anlegen
folders-rename-to = „{ $folder }“ umbenennen in
folders-rename = Umbenennen
folders-delete = Diesen Ordner löschen …
