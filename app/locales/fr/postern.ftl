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
