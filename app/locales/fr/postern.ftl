# Postern en français.

## Every page
skip-to-content = Aller au contenu
language = Langue
not-found-title = Page introuvable
not-found-inbox = Aller à la boîte de réception

## Logging in
login-title = Connexion · Postern
login-tagline = Votre courrier, depuis n’importe quel navigateur.
login-resume = Votre session a pris fin avant l’envoi de votre message. Reconnectez-vous pour le retrouver : tout ce que vous avez saisi est conservé.
login-email = Adresse e-mail
login-password = Mot de passe
login-submit = Se connecter

## The account bar
account-folders = Dossiers
account-compose = Nouveau message
account-logout = Se déconnecter

## Keyboard shortcuts (the list "?" opens)
shortcuts-title = Raccourcis clavier
shortcuts-hint = Jamais pendant la saisie dans un champ, ni avec Ctrl, Alt ou ⌘ enfoncé.
shortcuts-close = Fermer
shortcut-next = Message suivant de la liste
shortcut-previous = Message précédent de la liste
shortcut-open = Ouvrir le message
shortcut-back = Retour à la liste
shortcut-reply = Répondre
shortcut-reply-all = Répondre à tous
shortcut-forward = Transférer
shortcut-compose = Nouveau message
shortcut-delete = Supprimer (les messages cochés, sinon le message courant)
shortcut-flag = Marquer ou retirer le drapeau
shortcut-select = Cocher ou décocher le message courant
shortcut-search = Rechercher
shortcut-help = Cette liste

## Errors a person can act on
error-not-full-address = Saisissez votre adresse e-mail complète, par exemple nom@example.com.
error-domain-not-served = Ce webmail ne dessert pas les adresses en { $domain }.
error-wrong-credentials = Adresse e-mail ou mot de passe incorrect.
error-server-unreachable = Impossible de joindre le serveur de messagerie { $host }. Veuillez réessayer dans un instant.
error-timeout = Le serveur de messagerie { $host } n’a pas répondu à temps. Veuillez réessayer dans un instant.
error-certificate-rejected = Le certificat du serveur de messagerie n’a pas été accepté (attendu : { $expected }). Veuillez prévenir l’administrateur de ce webmail.
error-certificate-expired = Le certificat du serveur de messagerie a expiré le { $date }. Veuillez prévenir l’administrateur de ce webmail.
error-certificate-not-yet-valid = Le certificat du serveur de messagerie n’est pas valable avant le { $date }. Veuillez prévenir l’administrateur de ce webmail.
error-certificate-changed = Le certificat du serveur de messagerie n’est pas celui auquel ce webmail fait confiance (il a peut-être été remplacé, par exemple après un déménagement du serveur). Veuillez prévenir l’administrateur de ce webmail.
error-mailbox-busy = Votre boîte aux lettres a trop de connexions ouvertes en ce moment (autres appareils ou fenêtres). Déconnectez-vous-y, ou réessayez dans quelques minutes.
error-too-many-attempts = Trop de connexions échouées. Veuillez réessayer dans { $minutes } minutes.
error-not-logged-in = Votre session a pris fin. Veuillez vous reconnecter.
error-ended-before-action = Votre session avait pris fin : rien n’a été fait. Veuillez vous connecter et réessayer.
error-folder-missing = Le dossier « { $name } » n’existe pas (ou plus).
error-folder-missing-unnamed = Ce dossier n’existe pas (ou plus).
error-folder-changed = Ce dossier a changé depuis l’affichage de la page. Veuillez la recharger.
error-no-such-message = Ce message n’existe pas (ou plus). Il a peut-être été déplacé ou supprimé.
error-server-refused = Le serveur de messagerie a refusé : { $reason }
error-internal = Une erreur s’est produite sur le serveur. Veuillez réessayer.
error-unavailable = Le webmail est momentanément indisponible. Veuillez réessayer dans une minute.
error-transport = La requête n’a pas atteint le serveur : { $reason }

## A folder's page
mail-logged-out = Déconnecté
mail-cannot-show = Ce dossier ne peut pas être affiché
mail-back-to-inbox = Retour à la boîte de réception
folders-close = Fermer les dossiers
search-title = Recherche dans { $folder }
search-found =
    { $n ->
        [one] 1 message trouvé
       *[other] { $count } messages trouvés
    } pour « { $text } ».
search-clear = Retour au dossier
search-placeholder = Rechercher dans ce dossier
search-label = Recherche
search-in = Rechercher dans
search-everywhere = Partout
search-from = De
search-to = À
search-subject = Objet
search-text = Texte
search-submit = Rechercher
export-mbox = Télécharger le dossier (.mbox)
counts-empty = Ce dossier est vide.
counts-all-read =
    { $n ->
        [one] 1 message, lu
       *[other] { $count } messages, tous lus
    }.
counts-unread =
    { $n ->
        [one] 1 message
       *[other] { $count } messages
    }, { $unread } non lus.
confirm-purge =
    { $n ->
        [one] Supprimer définitivement le message sélectionné ? Cette action est irréversible.
       *[other] Supprimer définitivement les { $count } messages sélectionnés ? Cette action est irréversible.
    }
confirm-purge-yes = Supprimer définitivement
confirm-delete-folder = Supprimer définitivement le dossier « { $folder } » et ses { $count } messages ? Cette action est irréversible.
confirm-delete-folder-yes = Supprimer le dossier
confirm-empty-trash = Supprimer définitivement les { $count } messages de { $folder } ? Cette action est irréversible.
confirm-empty-trash-yes = Vider la corbeille

## The message list
list-empty = Aucun message.
list-select-all = Tout sélectionner sur cette page
list-select = Sélectionner
action-mark-read = Marquer comme lu
action-mark-unread = Marquer comme non lu
action-flag = Marquer d’un drapeau
action-unflag = Retirer le drapeau
action-delete = Supprimer
action-move-to = Déplacer vers
action-move = Déplacer
no-subject = (sans objet)
unknown-sender = (expéditeur inconnu)
marker-unread = non lu
marker-flagged = avec drapeau
marker-answered = répondu
has-attachments = contient des pièces jointes
pager-label = Pages
pager-none = 0 message
pager-position = { $first }–{ $last } sur { $total }
pager-newer = ‹ Plus récents
pager-older = Plus anciens ›
sort-label = Trier par
sort-title = Tri :
sort-key =
    { $key ->
        [date] Date
        [from] Expéditeur
        [subject] Objet
       *[arrival] Arrivée
    }

## A message's page
message-cannot-show = Ce message ne peut pas être affiché
message-edit-draft = Reprendre la rédaction
message-date = Date
message-remote-blocked = Les images distantes ont été bloquées pour protéger votre vie privée.
message-remote-show = Afficher les images distantes
message-frame = Message
message-no-text = Ce message ne contient pas de texte.
message-download-eml = Télécharger l’original (.eml)
confirm-purge-this = Supprimer définitivement ce message ? Cette action est irréversible.
confirm-cancel = Annuler

## Storage and folders
quota-used = { $used } utilisés sur { $limit } ({ $percent } %)
quota-messages = { $used } messages sur { $limit }
quota-warning = Votre boîte aux lettres est presque pleine.
trash-holds =
    La corbeille contient { $size } ({ $n ->
        [one] 1 message
       *[other] { $count } messages
    })
trash-count =
    Corbeille : { $n ->
        [one] 1 message
       *[other] { $count } messages
    }
folders-manage = Gérer les dossiers
folders-new = Nouveau dossier
folders-in = dans
folders-top-level = (premier niveau)
folders-create = Créer
folders-rename-to = Renommer « { $folder } » en
folders-rename = Renommer
folders-delete = Supprimer ce dossier…

## Special folders (the server marks them; shown by their role)
folder-inbox = Boîte de réception
folder-drafts = Brouillons
folder-sent = Envoyés
folder-junk = Indésirables
folder-trash = Corbeille
folder-archive = Archives

## Folder changes that cannot be done
folder-name-empty = Donnez un nom au dossier.
folder-name-too-long = Un nom de dossier peut compter au plus 100 caractères.
folder-name-bad-characters = Un nom de dossier ne peut contenir ni caractères de contrôle, ni * ni %.
folder-name-separator = Un nom de dossier ne peut pas contenir le séparateur des dossiers.
folder-name-inbox = Ce nom est celui de la boîte de réception.
folder-exists = Un dossier de ce nom existe déjà.
folder-cannot-rename = Ce dossier ne peut pas être renommé.
folder-cannot-delete = Ce dossier ne peut pas être supprimé.
folder-change-unknown = Cette modification de dossier n’est pas connue.

## Notices after an action (shown once, on the next page)
notice-read =
    { $n ->
        [one] Marqué comme lu.
       *[other] { $count } messages : marqués comme lus.
    }
notice-unread =
    { $n ->
        [one] Marqué comme non lu.
       *[other] { $count } messages : marqués comme non lus.
    }
notice-flagged =
    { $n ->
        [one] Suivi.
       *[other] { $count } messages : suivis.
    }
notice-unflagged =
    { $n ->
        [one] Suivi retiré.
       *[other] { $count } messages : suivi retiré.
    }
notice-moved =
    { $n ->
        [one] Déplacé vers { $folder }.
       *[other] { $count } messages : déplacés vers { $folder }.
    }
notice-purged =
    { $n ->
        [one] Supprimé définitivement.
       *[other] { $count } messages : supprimés définitivement.
    }
notice-trash-emptied =
    Corbeille vidée : { $n ->
        [one] 1 message supprimé
       *[other] { $count } messages supprimés
    } définitivement.
notice-folder-created = Dossier « { $name } » créé.
notice-folder-renamed = Dossier renommé en « { $name } ».
notice-folder-deleted = Dossier « { $name } » supprimé.
notice-choose-target = Choisissez le dossier de destination.
notice-unknown-action = Cette action n’est pas connue.
notice-select-first = Sélectionnez d’abord au moins un message.
notice-sent = Message envoyé.
notice-sent-no-copy = Message envoyé, mais la copie n’a pas pu être enregistrée dans Envoyés : { $reason }
notice-draft-saved = Brouillon enregistré.
notice-still-sending = Ce message est encore en cours d’envoi. Regardez dans Envoyés dans un instant.
notice-send-stopped = Un problème est survenu pendant l’envoi. Regardez dans Envoyés avant d’envoyer le message à nouveau.

## Writing a message
loading = Chargement…
compose-cannot-open = Le formulaire ne peut pas être ouvert
compose-new = Nouveau message
compose-back = ‹ Retour
compose-from = De
compose-to = À
compose-cc = Cc
compose-bcc = Cci
compose-subject = Objet
compose-body = Message
compose-attachments = Pièces jointes
compose-untick = Décochez une pièce jointe pour la retirer.
compose-attach = Joindre des fichiers
compose-limit = Jusqu’à { $limit } au total.
compose-send = Envoyer
compose-save-draft = Enregistrer le brouillon
quoted = « { $text } »
compose-not-addresses =
    { $n ->
        [one] { $addresses } n’est pas une adresse e-mail.
       *[other] { $addresses } ne sont pas des adresses e-mail.
    }
compose-cut-short = Le formulaire n’est pas arrivé en entier (trop volumineux, ou la connexion a été coupée).
compose-incomplete = Le formulaire n’est pas arrivé en entier.
compose-not-attached = Non joints, les pièces jointes dépasseraient { $limit } Mo au total : { $files }.
compose-upload-broke = L’envoi des fichiers a été interrompu. Veuillez joindre les fichiers à nouveau.
compose-attach-again = À joindre à nouveau (les fichiers ne sont pas conservés après une nouvelle connexion) : { $files }.
compose-no-recipient = Indiquez au moins un destinataire.
compose-not-built = Le message n’a pas pu être composé : { $reason }
compose-correct-fields = Rien n’a été envoyé. Veuillez corriger les champs signalés.
compose-nothing-sent = Rien n’a été envoyé.
compose-bad-sender = Votre adresse ne peut pas servir d’expéditeur.
compose-line-breaks = Les retours à la ligne ne sont pas permis ici.
compose-draft-without-files = Brouillon enregistré, mais tous les fichiers n’ont pas pu être joints.
compose-draft-not-saved = Le brouillon n’a pas pu être enregistré : { $reason }
compose-attachment-gone = Une pièce jointe n’a plus pu être lue sur le serveur de messagerie.
compose-too-large = Les pièces jointes font { $size } Mo une fois envoyées ; la limite est de { $limit } Mo. Retirez-en.
compose-not-saved-either = { $reason } Le brouillon n’a pas pu être enregistré non plus ({ $error }) ; copiez votre texte avant de quitter cette page.
compose-resumed = Votre session avait expiré, ce message n’a donc pas encore été envoyé. Tout ce que vous avez saisi est ici : envoyez-le quand vous serez prêt.

## Sending refused
send-auth-refused = Le serveur de messagerie a refusé l’envoi avec votre identifiant. Votre message a été enregistré comme brouillon.
send-auth-unavailable = Le serveur de messagerie n’a pas pu vérifier votre identifiant pour l’instant, rien n’a donc été envoyé. Veuillez réessayer dans un instant. Votre message a été enregistré comme brouillon.
send-recipients-refused =
    { $n ->
        [one] Le serveur de messagerie a refusé ce destinataire : { $recipients }. Rien n’a été envoyé ; votre message a été enregistré comme brouillon.
       *[other] Le serveur de messagerie a refusé ces destinataires : { $recipients }. Rien n’a été envoyé ; votre message a été enregistré comme brouillon.
    }
send-too-large = Le message est trop volumineux pour le serveur de messagerie. Retirez une pièce jointe et réessayez.
send-connection = { $reason } Votre message a été enregistré comme brouillon.
send-refused = Le serveur de messagerie n’a pas accepté le message : { $reason }. Votre message a été enregistré comme brouillon.

## Dates (the server decides the form, the language words it)
date-day = { $day } { $month }
date-day-year = { $day } { $month } { $year }
date-full = { $short } ({ $weekday } { $day } { $month } { $year }, { $time } { $zone })
month-1 = janv.
month-2 = févr.
month-3 = mars
month-4 = avr.
month-5 = mai
month-6 = juin
month-7 = juil.
month-8 = août
month-9 = sept.
month-10 = oct.
month-11 = nov.
month-12 = déc.
weekday-1 = lun.
weekday-2 = mar.
weekday-3 = mer.
weekday-4 = jeu.
weekday-5 = ven.
weekday-6 = sam.
weekday-7 = dim.

## Réglages (conservés sur le serveur de messagerie)
account-settings = Réglages
settings-title = Réglages
settings-cannot-show = Les réglages ne peuvent pas être affichés
settings-not-kept = Votre serveur de messagerie ne peut pas conserver de réglages : Postern utilise ses valeurs par défaut et ne peut pas enregistrer de modification.
settings-identity = Votre identité
settings-identity-address = Vous écrivez en tant que { $address }.
settings-display-name = Votre nom
settings-reply-to = Réponses à (facultatif)
settings-signature = Signature
settings-signature-hint = Ajoutée sous « -- » aux nouveaux messages, et au-dessus de la citation dans les réponses et les transferts.
settings-lists = Listes
settings-page-size = Messages par page
settings-page-size-default = Standard ({ $count })
settings-sort = Ordre
settings-language = Langue
settings-language-browser = Celle du navigateur
settings-remote-images = Images distantes
settings-remote-images-list = Toujours afficher les images distantes de ces expéditeurs (une adresse par ligne)
settings-remote-images-hint = Pour tout autre expéditeur, les images distantes ne s’affichent que si vous le demandez.
settings-save = Enregistrer les réglages
settings-saved = Réglages enregistrés.
settings-correct-fields = Rien n’a été enregistré : veuillez corriger les champs signalés.
settings-name-control = Un nom ne peut pas contenir de saut de ligne ni de caractère de contrôle.
settings-name-long = Ce nom est trop long.
settings-signature-long = Cette signature est trop longue.
settings-signature-control = Une signature ne peut pas contenir de caractère de contrôle.
settings-page-size-bad = Choisissez 25, 50 ou 100 messages par page.
settings-language-bad = Cette langue n’est pas proposée.
settings-remote-images-many = Cette liste est trop longue.
settings-reply-to-one = Les réponses ne peuvent aller qu’à une seule adresse.
settings-remote-images-sender = Cet expéditeur n’a pas d’adresse à retenir.
settings-remote-images-added = Les images distantes de { $sender } sont désormais toujours affichées.
settings-remote-images-removed = Les images distantes de { $sender } sont de nouveau bloquées.
message-remote-always = Toujours afficher les images de { $sender }
message-remote-never = Ne plus afficher d’office les images de { $sender }
settings-identities-list = Autres adresses d’expédition (une par ligne : Nom <adresse>)
settings-identities-hint = Votre service de messagerie permet d’écrire depuis des adresses comme { $patterns }. Son serveur d’envoi décide lesquelles il accepte, et le dit à l’envoi.
settings-identities-many = Cela fait plus d’adresses qu’il n’est possible d’en conserver.
settings-identities-refused = Vous ne pouvez pas écrire depuis { $addresses } ici.
compose-from-not-allowed = Vous ne pouvez pas écrire depuis cette adresse : choisissez-en une autre.
settings-address-book = Adresses auxquelles vous avez écrit
settings-address-book-hint = Proposées dans À, Cc et Cci, les plus récentes d’abord. Conservées sur votre serveur de messagerie, pour vous seul.
settings-address-book-empty = Aucune pour l’instant : les adresses auxquelles vous écrivez seront proposées ici.
settings-address-forget = Retirer les adresses cochées
settings-address-none-picked = Aucune adresse n’a été cochée.
settings-address-forgotten =
    { $n ->
        [one] 1 adresse retirée.
       *[other] { $count } adresses retirées.
    }

## Réponse d’absence et filtres (Sieve sur le serveur de messagerie)
settings-rules-link = Réponse d’absence et filtres
vacation-banner = Votre réponse d’absence est activée.
vacation-banner-change = La modifier
rules-title = Réponse d’absence et filtres
rules-cannot-show = La réponse d’absence et les filtres ne peuvent pas être affichés
rules-back = ‹ Réglages
rules-not-offered = Votre serveur de messagerie ne propose pas de filtres que Postern puisse gérer.
rules-foreign = Votre serveur de messagerie exécute un script de filtres que Postern n’a pas écrit (« { $name } »). Il est montré ici tel quel ; Postern ne le remplace que si vous cochez la case ci-dessous et enregistrez.
rules-replace = Remplacer ce script par ces règles
rules-foreign-kept = Rien n’a été modifié : un autre script de filtres est actif. Cochez « Remplacer ce script par ces règles » pour utiliser celles-ci.
rules-vacation = Réponse d’absence
rules-vacation-on = Répondre aux messages reçus avec ce texte
rules-vacation-subject = Objet
rules-vacation-text = Message
rules-vacation-first = Premier jour (facultatif)
rules-vacation-last = Dernier jour (facultatif)
rules-vacation-days = Répondre de nouveau au même expéditeur après (jours)
rules-filters = Filtres
rules-filters-hint = Appliqués par votre serveur de messagerie à chaque message reçu, dans cet ordre. Videz le texte d’un filtre pour le retirer.
rules-filter-new = Nouveau filtre
rules-filter-n = Filtre { $n }
rules-filter-enabled = Actif
rules-filter-when = Quand
rules-filter-how = Comparaison
rules-filter-value = Texte
rules-filter-then = Alors
rules-filter-folder = Dossier (pour « déplacer »)
rules-filter-forward = Adresse (pour « transférer une copie »)
rules-filter-position = Position
rules-filter-delete = Retirer ce filtre
rules-field-from = l’expéditeur
rules-field-to = un destinataire (À ou Cc)
rules-field-subject = l’objet
rules-match-contains = contient
rules-match-is = est
rules-action-move = déplacer dans le dossier
rules-action-read = marquer comme lu
rules-action-flag = signaler
rules-action-forward = transférer une copie à l’adresse
rules-save = Enregistrer la réponse d’absence et les filtres
rules-saved = Réponse d’absence et filtres enregistrés.
rules-date-bad = Les dates s’écrivent AAAA-MM-JJ.
rules-dates-order = Le dernier jour précède le premier.
rules-days-bad = Entre 1 et 30 jours.
rules-text-empty = Une réponse d’absence a besoin d’un message.
rules-text-long = Ce message est trop long.
rules-filters-many = Cela fait plus de filtres qu’il n’est possible d’en conserver.
rules-filter-empty = Un filtre a besoin d’un texte à chercher.
rules-filter-control = Le texte d’un filtre ne peut pas contenir de saut de ligne ni de caractère de contrôle.
rules-forward-bad = Transférer à une seule adresse électronique.
rules-folder-bad = Choisissez l’un de vos dossiers.
rules-no-tls = Le serveur de filtres n’est pas joignable de façon sûre (il ne propose pas STARTTLS).

# Live mail (with JavaScript)
live-connecting = Connexion pour le nouveau courrier…
live-on = Le nouveau courrier s’affiche dès son arrivée
live-reconnecting = Connexion perdue ; nouvel essai…
live-off = Le nouveau courrier s’affiche en rechargeant la page
live-notify-on = Notifications de bureau : désactivées (activer)
live-notify-off = Notifications de bureau : activées (désactiver)
live-new-message = Nouveau message
