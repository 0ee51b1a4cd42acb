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

## Special folders (the server marks them; shown by their role)
folder-inbox = Posteingang
folder-drafts = Entwürfe
folder-sent = Gesendet
folder-junk = Spam
folder-trash = Papierkorb
folder-archive = Archiv

## Folder changes that cannot be done
folder-name-empty = Geben Sie dem Ordner einen Namen.
folder-name-too-long = Ein Ordnername darf höchstens 100 Zeichen lang sein.
folder-name-bad-characters = Ein Ordnername darf keine Steuerzeichen, * oder % enthalten.
folder-name-separator = Ein Ordnername darf das Trennzeichen der Ordner nicht enthalten.
folder-name-inbox = Dieser Name gehört dem Posteingang.
folder-exists = Einen Ordner mit diesem Namen gibt es schon.
folder-cannot-rename = Dieser Ordner kann nicht umbenannt werden.
folder-cannot-delete = Dieser Ordner kann nicht gelöscht werden.
folder-change-unknown = Diese Änderung an Ordnern ist nicht bekannt.

## Notices after an action (shown once, on the next page)
notice-read =
    { $n ->
        [one] Als gelesen markiert.
       *[other] { $count } Nachrichten: als gelesen markiert.
    }
notice-unread =
    { $n ->
        [one] Als ungelesen markiert.
       *[other] { $count } Nachrichten: als ungelesen markiert.
    }
notice-flagged =
    { $n ->
        [one] Gekennzeichnet.
       *[other] { $count } Nachrichten: gekennzeichnet.
    }
notice-unflagged =
    { $n ->
        [one] Kennzeichnung entfernt.
       *[other] { $count } Nachrichten: Kennzeichnung entfernt.
    }
notice-moved =
    { $n ->
        [one] Nach { $folder } verschoben.
       *[other] { $count } Nachrichten: nach { $folder } verschoben.
    }
notice-purged =
    { $n ->
        [one] Endgültig gelöscht.
       *[other] { $count } Nachrichten: endgültig gelöscht.
    }
notice-trash-emptied =
    Papierkorb geleert: { $n ->
        [one] 1 Nachricht
       *[other] { $count } Nachrichten
    } endgültig gelöscht.
notice-folder-created = Ordner „{ $name }“ angelegt.
notice-folder-renamed = Ordner in „{ $name }“ umbenannt.
notice-folder-deleted = Ordner „{ $name }“ gelöscht.
notice-choose-target = Wählen Sie einen Ordner, in den verschoben werden soll.
notice-unknown-action = Diese Aktion ist nicht bekannt.
notice-select-first = Markieren Sie zuerst mindestens eine Nachricht.
notice-sent = Nachricht gesendet.
notice-sent-no-copy = Nachricht gesendet, aber die Kopie konnte nicht in „Gesendet“ gespeichert werden: { $reason }
notice-draft-saved = Entwurf gespeichert.
notice-still-sending = Diese Nachricht wird noch gesendet. Sehen Sie gleich in „Gesendet“ nach.
notice-send-stopped = Beim Senden ist etwas schiefgegangen. Sehen Sie in „Gesendet“ nach, bevor Sie die Nachricht noch einmal senden.

## Writing a message
loading = Wird geladen …
compose-cannot-open = Das Formular kann nicht geöffnet werden
compose-new = Neue Nachricht
compose-back = ‹ Zurück
compose-from = Von
compose-to = An
compose-cc = Cc
compose-bcc = Bcc
compose-subject = Betreff
compose-body = Nachricht
compose-attachments = Anhänge
compose-untick = Haken entfernen, um einen Anhang zu entfernen.
compose-attach = Dateien anhängen
compose-limit = Insgesamt bis zu { $limit }.
compose-send = Senden
compose-save-draft = Entwurf speichern
quoted = „{ $text }“
compose-not-addresses =
    { $n ->
        [one] { $addresses } ist keine E-Mail-Adresse.
       *[other] { $addresses } sind keine E-Mail-Adressen.
    }
compose-cut-short = Das Formular ist nicht vollständig angekommen (zu groß, oder die Verbindung brach ab).
compose-incomplete = Das Formular ist nicht vollständig angekommen.
compose-not-attached = Nicht angehängt, die Anhänge wären zusammen größer als { $limit } MB: { $files }.
compose-upload-broke = Das Hochladen brach ab. Bitte hängen Sie die Dateien noch einmal an.
compose-attach-again = Bitte erneut anhängen (Dateien bleiben über eine neue Anmeldung nicht erhalten): { $files }.
compose-no-recipient = Geben Sie mindestens einen Empfänger an.
compose-not-built = Die Nachricht konnte nicht zusammengestellt werden: { $reason }
compose-correct-fields = Es wurde nichts gesendet. Bitte korrigieren Sie die markierten Felder.
compose-nothing-sent = Es wurde nichts gesendet.
compose-bad-sender = Ihre Adresse kann nicht als Absender verwendet werden.
compose-line-breaks = Zeilenumbrüche sind hier nicht erlaubt.
compose-draft-without-files = Entwurf gespeichert, aber nicht jede Datei konnte angehängt werden.
compose-draft-not-saved = Der Entwurf konnte nicht gespeichert werden: { $reason }
compose-attachment-gone = Ein Anhang konnte nicht mehr vom Mailserver gelesen werden.
compose-too-large = Die Anhänge sind gesendet { $size } MB groß; erlaubt sind { $limit } MB. Entfernen Sie einige.
compose-not-saved-either = { $reason } Auch der Entwurf konnte nicht gespeichert werden ({ $error }); kopieren Sie Ihren Text, bevor Sie die Seite verlassen.
compose-resumed = Ihre Sitzung war abgelaufen, daher wurde diese Nachricht noch nicht gesendet. Alles, was Sie geschrieben haben, ist hier: Senden Sie sie, wenn Sie so weit sind.

## Sending refused
send-auth-refused = Der Mailserver hat das Senden mit Ihrer Anmeldung abgelehnt. Ihre Nachricht wurde als Entwurf gespeichert.
send-auth-unavailable = Der Mailserver konnte Ihre Anmeldung gerade nicht prüfen, daher wurde nichts gesendet. Bitte versuchen Sie es gleich noch einmal. Ihre Nachricht wurde als Entwurf gespeichert.
send-recipients-refused =
    { $n ->
        [one] Der Mailserver hat diesen Empfänger abgelehnt: { $recipients }. Es wurde nichts gesendet; Ihre Nachricht wurde als Entwurf gespeichert.
       *[other] Der Mailserver hat diese Empfänger abgelehnt: { $recipients }. Es wurde nichts gesendet; Ihre Nachricht wurde als Entwurf gespeichert.
    }
send-too-large = Die Nachricht ist zu groß für den Mailserver. Entfernen Sie einen Anhang und versuchen Sie es noch einmal.
send-connection = { $reason } Ihre Nachricht wurde als Entwurf gespeichert.
send-refused = Der Mailserver hat die Nachricht nicht angenommen: { $reason }. Ihre Nachricht wurde als Entwurf gespeichert.

## Dates (the server decides the form, the language words it)
date-day = { $day }. { $month }
date-day-year = { $day }. { $month } { $year }
date-full = { $short } ({ $weekday }, { $day }. { $month } { $year }, { $time } { $zone })
month-1 = Jan.
month-2 = Feb.
month-3 = März
month-4 = Apr.
month-5 = Mai
month-6 = Juni
month-7 = Juli
month-8 = Aug.
month-9 = Sept.
month-10 = Okt.
month-11 = Nov.
month-12 = Dez.
weekday-1 = Mo.
weekday-2 = Di.
weekday-3 = Mi.
weekday-4 = Do.
weekday-5 = Fr.
weekday-6 = Sa.
weekday-7 = So.

## Einstellungen (auf dem Mailserver gespeichert)
account-settings = Einstellungen
settings-title = Einstellungen
settings-cannot-show = Die Einstellungen können nicht angezeigt werden
settings-not-kept = Ihr Mailserver kann keine Einstellungen speichern. Postern verwendet daher die Standardwerte und kann Änderungen nicht sichern.
settings-identity = Ihre Identität
settings-identity-address = Sie schreiben als { $address }.
settings-display-name = Ihr Name
settings-reply-to = Antworten an (optional)
settings-signature = Signatur
settings-signature-hint = Wird unter „-- “ in neue Nachrichten eingefügt, bei Antworten und Weiterleitungen über dem Zitat.
settings-lists = Listen
settings-page-size = Nachrichten pro Seite
settings-page-size-default = Standard ({ $count })
settings-sort = Reihenfolge
settings-language = Sprache
settings-language-browser = Wie im Browser eingestellt
settings-remote-images = Externe Bilder
settings-remote-images-list = Externe Bilder dieser Absender immer anzeigen (eine Adresse pro Zeile)
settings-remote-images-hint = Bei allen anderen Absendern werden externe Bilder nur auf Ihren Wunsch geladen.
settings-save = Einstellungen speichern
settings-saved = Einstellungen gespeichert.
settings-correct-fields = Nichts wurde gespeichert: Bitte korrigieren Sie die markierten Felder.
settings-name-control = Ein Name darf keine Zeilenumbrüche oder Steuerzeichen enthalten.
settings-name-long = Dieser Name ist zu lang.
settings-signature-long = Diese Signatur ist zu lang.
settings-signature-control = Eine Signatur darf keine Steuerzeichen enthalten.
settings-page-size-bad = Wählen Sie 25, 50 oder 100 Nachrichten pro Seite.
settings-language-bad = Diese Sprache wird nicht angeboten.
settings-remote-images-many = Diese Liste ist zu lang.
settings-reply-to-one = Antworten können nur an eine Adresse gehen.
settings-remote-images-sender = Dieser Absender hat keine Adresse, die gespeichert werden könnte.
settings-remote-images-added = Externe Bilder von { $sender } werden jetzt immer angezeigt.
settings-remote-images-removed = Externe Bilder von { $sender } werden wieder blockiert.
message-remote-always = Bilder von { $sender } immer anzeigen
message-remote-never = Bilder von { $sender } nicht mehr von selbst anzeigen
settings-identities-list = Weitere Absenderadressen (eine pro Zeile: Name <Adresse>)
settings-identities-hint = Ihr Mailanbieter erlaubt Absenderadressen wie { $patterns }. Welche er annimmt, entscheidet sein Versandserver; er sagt es beim Senden.
settings-identities-many = Das sind mehr Adressen, als gespeichert werden können.
settings-identities-refused = Von { $addresses } können Sie hier nicht schreiben.
compose-from-not-allowed = Von dieser Adresse können Sie nicht schreiben: Wählen Sie eine andere.
settings-address-book = Adressen, an die Sie geschrieben haben
settings-address-book-hint = Werden in An, Cc und Bcc vorgeschlagen, die neuesten zuerst. Auf Ihrem Mailserver gespeichert, nur für Sie.
settings-address-book-empty = Noch keine: Die Adressen, an die Sie senden, werden hier vorgeschlagen.
settings-address-forget = Markierte Adressen entfernen
settings-address-none-picked = Es wurde keine Adresse markiert.
settings-address-forgotten =
    { $n ->
        [one] 1 Adresse entfernt.
       *[other] { $count } Adressen entfernt.
    }

## Abwesenheitsnotiz und Filter (Sieve auf dem Mailserver)
settings-rules-link = Abwesenheitsnotiz und Filter
vacation-banner = Ihre Abwesenheitsnotiz ist eingeschaltet.
vacation-banner-change = Ändern
rules-title = Abwesenheitsnotiz und Filter
rules-cannot-show = Abwesenheitsnotiz und Filter können nicht angezeigt werden
rules-back = ‹ Einstellungen
rules-not-offered = Ihr Mailserver bietet keine Filter, die Postern verwalten kann.
rules-foreign = Ihr Mailserver führt ein Filterskript aus, das nicht von Postern stammt („{ $name }“). Es wird hier unverändert gezeigt; Postern ersetzt es nur, wenn Sie unten das Kästchen ankreuzen und speichern.
rules-replace = Dieses Skript durch diese Regeln ersetzen
rules-foreign-kept = Nichts wurde geändert: Ein anderes Filterskript ist aktiv. Kreuzen Sie „Dieses Skript durch diese Regeln ersetzen“ an, um diese zu verwenden.
rules-vacation = Abwesenheitsnotiz
rules-vacation-on = Eingehende Nachrichten mit diesem Text beantworten
rules-vacation-subject = Betreff
rules-vacation-text = Nachricht
rules-vacation-first = Erster Tag (optional)
rules-vacation-last = Letzter Tag (optional)
rules-vacation-days = Denselben Absender erneut beantworten nach (Tagen)
rules-filters = Filter
rules-filters-hint = Ihr Mailserver wendet sie in dieser Reihenfolge auf jede eingehende Nachricht an. Leeren Sie den Text eines Filters, um ihn zu entfernen.
rules-filter-new = Neuer Filter
rules-filter-n = Filter { $n }
rules-filter-enabled = Ein
rules-filter-when = Wenn
rules-filter-how = Vergleich
rules-filter-value = Text
rules-filter-then = Dann
rules-filter-folder = Ordner (für „verschieben“)
rules-filter-forward = Adresse (für „Kopie weiterleiten“)
rules-filter-position = Position
rules-filter-delete = Diesen Filter entfernen
rules-field-from = der Absender
rules-field-to = ein Empfänger (An oder Cc)
rules-field-subject = der Betreff
rules-match-contains = enthält
rules-match-is = ist
rules-action-move = in den Ordner verschieben
rules-action-read = als gelesen markieren
rules-action-flag = markieren
rules-action-forward = eine Kopie an die Adresse weiterleiten
rules-save = Abwesenheitsnotiz und Filter speichern
rules-saved = Abwesenheitsnotiz und Filter gespeichert.
rules-date-bad = Daten werden als JJJJ-MM-TT geschrieben.
rules-dates-order = Der letzte Tag liegt vor dem ersten.
rules-days-bad = Zwischen 1 und 30 Tagen.
rules-text-empty = Eine Abwesenheitsnotiz braucht einen Text.
rules-text-long = Dieser Text ist zu lang.
rules-filters-many = Das sind mehr Filter, als gespeichert werden können.
rules-filter-empty = Ein Filter braucht einen Suchtext.
rules-filter-control = Der Text eines Filters darf keine Zeilenumbrüche oder Steuerzeichen enthalten.
rules-forward-bad = Weiterleiten an genau eine E-Mail-Adresse.
rules-folder-bad = Wählen Sie einen Ihrer Ordner.
rules-no-tls = Der Filterserver ist nicht sicher erreichbar (er bietet kein STARTTLS).

# Live mail (with JavaScript)
live-connecting = Verbinde für neue Nachrichten …
live-on = Neue Nachrichten erscheinen sofort
live-reconnecting = Verbindung verloren; neuer Versuch …
live-off = Neue Nachrichten erscheinen beim Neuladen
live-notify-on = Desktop-Benachrichtigungen: aus (einschalten)
live-notify-off = Desktop-Benachrichtigungen: an (ausschalten)
live-new-message = Neue Nachricht
