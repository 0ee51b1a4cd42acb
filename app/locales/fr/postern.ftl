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
