# Postern en español.

## Every page
skip-to-content = Saltar al contenido
language = Idioma
not-found-title = Página no encontrada
not-found-inbox = Ir a la bandeja de entrada

## Logging in
login-title = Iniciar sesión · Postern
login-tagline = Tu correo, desde cualquier navegador.
login-resume = Tu sesión terminó antes de que se enviara tu mensaje. Vuelve a iniciar sesión para retomarlo: todo lo que escribiste se conserva.
login-email = Dirección de correo
login-password = Contraseña
login-submit = Iniciar sesión

## The account bar
account-folders = Carpetas
account-compose = Mensaje nuevo
account-logout = Cerrar sesión

## Keyboard shortcuts (the list "?" opens)
shortcuts-title = Atajos de teclado
shortcuts-hint = Nunca mientras escribes en un campo, ni con Ctrl, Alt o ⌘ pulsado.
shortcuts-close = Cerrar
shortcut-next = Mensaje siguiente de la lista
shortcut-previous = Mensaje anterior de la lista
shortcut-open = Abrir el mensaje
shortcut-back = Volver a la lista
shortcut-reply = Responder
shortcut-reply-all = Responder a todos
shortcut-forward = Reenviar
shortcut-compose = Mensaje nuevo
shortcut-delete = Eliminar (los mensajes marcados, si no, el actual)
shortcut-flag = Destacar o quitar el destacado
shortcut-select = Marcar o desmarcar el mensaje actual
shortcut-search = Buscar
shortcut-help = Esta lista

## Errors a person can act on
error-not-full-address = Usa tu dirección de correo completa, por ejemplo nombre@example.com.
error-domain-not-served = Este webmail no atiende direcciones de { $domain }.
error-wrong-credentials = Dirección de correo o contraseña incorrecta.
error-server-unreachable = No se puede contactar con el servidor de correo { $host }. Vuelve a intentarlo en un momento.
error-timeout = El servidor de correo { $host } no respondió a tiempo. Vuelve a intentarlo en un momento.
error-certificate-rejected = No se aceptó el certificado del servidor de correo (se esperaba { $expected }). Avisa al administrador de este webmail.
error-certificate-expired = El certificado del servidor de correo caducó el { $date }. Avisa al administrador de este webmail.
error-certificate-not-yet-valid = El certificado del servidor de correo no es válido antes del { $date }. Avisa al administrador de este webmail.
error-certificate-changed = El certificado del servidor de correo no es el que este webmail reconoce (puede que se haya sustituido, por ejemplo tras mudar el servidor). Avisa al administrador de este webmail.
error-mailbox-busy = Tu buzón tiene demasiadas conexiones abiertas ahora mismo (otros dispositivos o ventanas). Cierra sesión allí o vuelve a intentarlo en unos minutos.
error-too-many-attempts = Demasiados intentos fallidos. Vuelve a intentarlo dentro de { $minutes } minutos.
error-not-logged-in = Tu sesión ha terminado. Vuelve a iniciar sesión.
error-ended-before-action = Tu sesión había terminado, así que no se hizo nada. Inicia sesión y vuelve a intentarlo.
error-folder-missing = La carpeta «{ $name }» no existe (o ya no existe).
error-folder-missing-unnamed = Esa carpeta no existe (o ya no existe).
error-folder-changed = Esta carpeta cambió desde que se mostró la página. Vuelve a cargarla.
error-no-such-message = Este mensaje no existe (o ya no existe). Puede que se haya movido o eliminado.
error-server-refused = El servidor de correo lo rechazó: { $reason }
error-internal = Algo falló en el servidor. Vuelve a intentarlo.
error-unavailable = El webmail no está disponible temporalmente. Vuelve a intentarlo en un minuto.
error-transport = La solicitud no llegó al servidor: { $reason }

## A folder's page
mail-logged-out = Sesión cerrada
mail-cannot-show = No se puede mostrar esta carpeta
mail-back-to-inbox = Volver a la bandeja de entrada
folders-close = Cerrar carpetas
search-title = Buscar en { $folder }
search-found =
    { $n ->
        [one] 1 mensaje encontrado
       *[other] { $count } mensajes encontrados
    } para «{ $text }».
search-clear = Volver a la carpeta
search-placeholder = Buscar en esta carpeta
search-label = Buscar
search-in = Buscar en
search-everywhere = En todo
search-from = De
search-to = Para
search-subject = Asunto
search-text = Texto
search-submit = Buscar
export-mbox = Descargar carpeta (.mbox)
counts-empty = Esta carpeta está vacía.
counts-all-read =
    { $n ->
        [one] 1 mensaje, leído
       *[other] { $count } mensajes, todos leídos
    }.
counts-unread =
    { $n ->
        [one] 1 mensaje
       *[other] { $count } mensajes
    }, { $unread } sin leer.
confirm-purge =
    { $n ->
        [one] ¿Eliminar definitivamente el mensaje seleccionado? No se puede deshacer.
       *[other] ¿Eliminar definitivamente los { $count } mensajes seleccionados? No se puede deshacer.
    }
confirm-purge-yes = Eliminar definitivamente
confirm-delete-folder = ¿Eliminar definitivamente la carpeta «{ $folder }» y sus { $count } mensajes? No se puede deshacer.
confirm-delete-folder-yes = Eliminar carpeta
confirm-empty-trash = ¿Eliminar definitivamente los { $count } mensajes de { $folder }? No se puede deshacer.
confirm-empty-trash-yes = Vaciar la papelera

## The message list
list-empty = No hay mensajes.
list-select-all = Seleccionar todo en esta página
list-select = Seleccionar
action-mark-read = Marcar como leído
action-mark-unread = Marcar como no leído
action-flag = Destacar
action-unflag = Quitar destacado
action-delete = Eliminar
action-move-to = Mover a
action-move = Mover
no-subject = (sin asunto)
unknown-sender = (remitente desconocido)
marker-unread = sin leer
marker-flagged = destacado
marker-answered = respondido
has-attachments = tiene adjuntos
pager-label = Páginas
pager-none = 0 mensajes
pager-position = { $first }–{ $last } de { $total }
pager-newer = ‹ Más recientes
pager-older = Más antiguos ›
sort-label = Ordenar por
sort-title = Orden:
sort-key =
    { $key ->
        [date] Fecha
        [from] Remitente
        [subject] Asunto
       *[arrival] Llegada
    }

## A message's page
message-cannot-show = No se puede mostrar este mensaje
message-edit-draft = Seguir editando
message-date = Fecha
message-remote-blocked = Se bloquearon las imágenes remotas para proteger tu privacidad.
message-remote-show = Mostrar imágenes remotas
message-frame = Mensaje
message-no-text = Este mensaje no tiene texto.
message-download-eml = Descargar original (.eml)
confirm-purge-this = ¿Eliminar definitivamente este mensaje? No se puede deshacer.
confirm-cancel = Cancelar

## Storage and folders
quota-used = { $used } de { $limit } usados ({ $percent } %)
quota-messages = { $used } de { $limit } mensajes
quota-warning = Tu buzón está casi lleno.
trash-holds =
    La papelera ocupa { $size } ({ $n ->
        [one] 1 mensaje
       *[other] { $count } mensajes
    })
trash-count =
    Papelera: { $n ->
        [one] 1 mensaje
       *[other] { $count } mensajes
    }
folders-manage = Gestionar carpetas
folders-new = Carpeta nueva
folders-in = en
folders-top-level = (nivel superior)
folders-create = Crear
folders-rename-to = Renombrar «{ $folder }» como
folders-rename = Renombrar
folders-delete = Eliminar esta carpeta…

## Special folders (the server marks them; shown by their role)
folder-inbox = Bandeja de entrada
folder-drafts = Borradores
folder-sent = Enviados
folder-junk = Spam
folder-trash = Papelera
folder-archive = Archivo

## Folder changes that cannot be done
folder-name-empty = Dé un nombre a la carpeta.
folder-name-too-long = Un nombre de carpeta puede tener como máximo 100 caracteres.
folder-name-bad-characters = Un nombre de carpeta no puede contener caracteres de control, * ni %.
folder-name-separator = Un nombre de carpeta no puede contener el separador de carpetas.
folder-name-inbox = Ese nombre es el de la bandeja de entrada.
folder-exists = Ya existe una carpeta con ese nombre.
folder-cannot-rename = Esta carpeta no se puede renombrar.
folder-cannot-delete = Esta carpeta no se puede eliminar.
folder-change-unknown = Ese cambio de carpeta no se conoce.

## Notices after an action (shown once, on the next page)
notice-read =
    { $n ->
        [one] Marcado como leído.
       *[other] { $count } mensajes: marcados como leídos.
    }
notice-unread =
    { $n ->
        [one] Marcado como no leído.
       *[other] { $count } mensajes: marcados como no leídos.
    }
notice-flagged =
    { $n ->
        [one] Marcado con bandera.
       *[other] { $count } mensajes: marcados con bandera.
    }
notice-unflagged =
    { $n ->
        [one] Bandera quitada.
       *[other] { $count } mensajes: bandera quitada.
    }
notice-moved =
    { $n ->
        [one] Movido a { $folder }.
       *[other] { $count } mensajes: movidos a { $folder }.
    }
notice-purged =
    { $n ->
        [one] Eliminado definitivamente.
       *[other] { $count } mensajes: eliminados definitivamente.
    }
notice-trash-emptied =
    Papelera vaciada: { $n ->
        [one] 1 mensaje eliminado
       *[other] { $count } mensajes eliminados
    } definitivamente.
notice-folder-created = Carpeta «{ $name }» creada.
notice-folder-renamed = Carpeta renombrada a «{ $name }».
notice-folder-deleted = Carpeta «{ $name }» eliminada.
notice-choose-target = Elija la carpeta de destino.
notice-unknown-action = Esa acción no se conoce.
notice-select-first = Seleccione primero al menos un mensaje.
notice-sent = Mensaje enviado.
notice-sent-no-copy = Mensaje enviado, pero la copia no se pudo guardar en Enviados: { $reason }
notice-draft-saved = Borrador guardado.
notice-still-sending = Este mensaje aún se está enviando. Mire en Enviados dentro de un momento.
notice-send-stopped = Algo salió mal durante el envío. Mire en Enviados antes de volver a enviar el mensaje.

## Writing a message
loading = Cargando…
compose-cannot-open = No se puede abrir el formulario
compose-new = Mensaje nuevo
compose-back = ‹ Volver
compose-from = De
compose-to = Para
compose-cc = Cc
compose-bcc = Cco
compose-subject = Asunto
compose-body = Mensaje
compose-attachments = Adjuntos
compose-untick = Desmarque un adjunto para quitarlo.
compose-attach = Adjuntar archivos
compose-limit = Hasta { $limit } en total.
compose-send = Enviar
compose-save-draft = Guardar borrador
quoted = «{ $text }»
compose-not-addresses =
    { $n ->
        [one] { $addresses } no es una dirección de correo.
       *[other] { $addresses } no son direcciones de correo.
    }
compose-cut-short = El formulario no llegó completo (demasiado grande, o se cortó la conexión).
compose-incomplete = El formulario no llegó completo.
compose-not-attached = No adjuntados, los adjuntos superarían { $limit } MB en total: { $files }.
compose-upload-broke = La subida se interrumpió. Vuelva a adjuntar los archivos.
compose-attach-again = Vuelva a adjuntar (los archivos no se conservan tras un nuevo inicio de sesión): { $files }.
compose-no-recipient = Añada al menos un destinatario.
compose-not-built = No se pudo componer el mensaje: { $reason }
compose-correct-fields = No se envió nada. Corrija los campos marcados.
compose-nothing-sent = No se envió nada.
compose-bad-sender = Su dirección no se puede usar como remitente.
compose-line-breaks = Aquí no se permiten saltos de línea.
compose-draft-without-files = Borrador guardado, pero no se pudieron adjuntar todos los archivos.
compose-draft-not-saved = No se pudo guardar el borrador: { $reason }
compose-attachment-gone = Ya no se pudo leer un adjunto del servidor de correo.
compose-too-large = Los adjuntos ocupan { $size } MB al enviarse; el límite es { $limit } MB. Quite algunos.
compose-not-saved-either = { $reason } Tampoco se pudo guardar el borrador ({ $error }); copie su texto antes de salir de esta página.
compose-resumed = Su sesión había terminado, así que este mensaje aún no se envió. Todo lo que escribió está aquí: envíelo cuando quiera.

## Sending refused
send-auth-refused = El servidor de correo rechazó el envío con su inicio de sesión. Su mensaje se guardó como borrador.
send-auth-unavailable = El servidor de correo no pudo comprobar su inicio de sesión ahora, así que no se envió nada. Inténtelo de nuevo en un momento. Su mensaje se guardó como borrador.
send-recipients-refused =
    { $n ->
        [one] El servidor de correo rechazó este destinatario: { $recipients }. No se envió nada; su mensaje se guardó como borrador.
       *[other] El servidor de correo rechazó estos destinatarios: { $recipients }. No se envió nada; su mensaje se guardó como borrador.
    }
send-too-large = El mensaje es demasiado grande para el servidor de correo. Quite un adjunto e inténtelo de nuevo.
send-connection = { $reason } Su mensaje se guardó como borrador.
send-refused = El servidor de correo no aceptó el mensaje: { $reason }. Su mensaje se guardó como borrador.

## Dates (the server decides the form, the language words it)
date-day = { $day } { $month }
date-day-year = { $day } { $month } { $year }
date-full = { $short } ({ $weekday }, { $day } { $month } { $year }, { $time } { $zone })
month-1 = ene
month-2 = feb
month-3 = mar
month-4 = abr
month-5 = may
month-6 = jun
month-7 = jul
month-8 = ago
month-9 = sept
month-10 = oct
month-11 = nov
month-12 = dic
weekday-1 = lun
weekday-2 = mar
weekday-3 = mié
weekday-4 = jue
weekday-5 = vie
weekday-6 = sáb
weekday-7 = dom

## Ajustes (guardados en el servidor de correo)
account-settings = Ajustes
settings-title = Ajustes
settings-cannot-show = No se pueden mostrar los ajustes
settings-not-kept = Tu servidor de correo no puede guardar ajustes: Postern usa sus valores predeterminados y no puede guardar cambios.
settings-identity = Tu identidad
settings-identity-address = Escribes como { $address }.
settings-display-name = Tu nombre
settings-reply-to = Respuestas a (opcional)
settings-signature = Firma
settings-signature-hint = Se añade bajo «-- » en los mensajes nuevos, y encima de la cita en respuestas y reenvíos.
settings-lists = Listas
settings-page-size = Mensajes por página
settings-page-size-default = Estándar ({ $count })
settings-sort = Orden
settings-language = Idioma
settings-language-browser = El del navegador
settings-remote-images = Imágenes remotas
settings-remote-images-list = Mostrar siempre las imágenes remotas de estos remitentes (una dirección por línea)
settings-remote-images-hint = Para cualquier otro remitente, las imágenes remotas solo se muestran si lo pides.
settings-save = Guardar ajustes
settings-saved = Ajustes guardados.
settings-correct-fields = No se guardó nada: corrige los campos marcados.
settings-name-control = Un nombre no puede contener saltos de línea ni caracteres de control.
settings-name-long = Ese nombre es demasiado largo.
settings-signature-long = Esa firma es demasiado larga.
settings-signature-control = Una firma no puede contener caracteres de control.
settings-page-size-bad = Elige 25, 50 o 100 mensajes por página.
settings-language-bad = Ese idioma no está disponible.
settings-remote-images-many = Esa lista es demasiado larga.
settings-reply-to-one = Las respuestas solo pueden ir a una dirección.
settings-remote-images-sender = Ese remitente no tiene una dirección que recordar.
settings-remote-images-added = Las imágenes remotas de { $sender } se muestran siempre a partir de ahora.
settings-remote-images-removed = Las imágenes remotas de { $sender } vuelven a estar bloqueadas.
message-remote-always = Mostrar siempre las imágenes de { $sender }
message-remote-never = Dejar de mostrar por sí solas las imágenes de { $sender }
settings-identities-list = Otras direcciones desde las que escribes (una por línea: Nombre <dirección>)
settings-identities-hint = Tu servicio de correo permite escribir desde direcciones como { $patterns }. Su servidor de envío decide cuáles acepta, y lo dice al enviar.
settings-identities-many = Son más direcciones de las que se pueden guardar.
settings-identities-refused = No puedes escribir desde { $addresses } aquí.
compose-from-not-allowed = No puedes escribir desde esa dirección: elige otra.
settings-address-book = Direcciones a las que has escrito
settings-address-book-hint = Se sugieren en Para, Cc y Cco, las más recientes primero. Guardadas en tu servidor de correo, solo para ti.
settings-address-book-empty = Ninguna todavía: aquí se sugerirán las direcciones a las que envíes.
settings-address-forget = Quitar las direcciones marcadas
settings-address-none-picked = No se marcó ninguna dirección.
settings-address-forgotten =
    { $n ->
        [one] 1 dirección quitada.
       *[other] { $count } direcciones quitadas.
    }

## Respuesta de vacaciones y filtros (Sieve en el servidor de correo)
settings-rules-link = Respuesta de vacaciones y filtros
vacation-banner = Tu respuesta de vacaciones está activada.
vacation-banner-change = Cambiarla
rules-title = Respuesta de vacaciones y filtros
rules-cannot-show = No se pueden mostrar la respuesta de vacaciones ni los filtros
rules-back = ‹ Ajustes
rules-not-offered = Tu servidor de correo no ofrece filtros que Postern pueda gestionar.
rules-foreign = Tu servidor de correo ejecuta un script de filtros que Postern no escribió («{ $name }»). Se muestra aquí tal cual; Postern solo lo sustituye si marcas la casilla de abajo y guardas.
rules-replace = Sustituir ese script por estas reglas
rules-foreign-kept = No se cambió nada: hay otro script de filtros activo. Marca «Sustituir ese script por estas reglas» para usar estas.
rules-vacation = Respuesta de vacaciones
rules-vacation-on = Responder al correo entrante con este mensaje
rules-vacation-subject = Asunto
rules-vacation-text = Mensaje
rules-vacation-first = Primer día (opcional)
rules-vacation-last = Último día (opcional)
rules-vacation-days = Volver a responder al mismo remitente tras (días)
rules-filters = Filtros
rules-filters-hint = Tu servidor de correo los aplica a cada mensaje que llega, en este orden. Vacía el texto de un filtro para quitarlo.
rules-filter-new = Filtro nuevo
rules-filter-n = Filtro { $n }
rules-filter-enabled = Activo
rules-filter-when = Cuando
rules-filter-how = Comparación
rules-filter-value = Texto
rules-filter-then = Entonces
rules-filter-folder = Carpeta (para «mover»)
rules-filter-forward = Dirección (para «reenviar una copia»)
rules-filter-position = Posición
rules-filter-delete = Quitar este filtro
rules-field-from = el remitente
rules-field-to = un destinatario (Para o Cc)
rules-field-subject = el asunto
rules-match-contains = contiene
rules-match-is = es
rules-action-move = mover a la carpeta
rules-action-read = marcar como leído
rules-action-flag = destacar
rules-action-forward = reenviar una copia a la dirección
rules-save = Guardar respuesta de vacaciones y filtros
rules-saved = Respuesta de vacaciones y filtros guardados.
rules-date-bad = Las fechas se escriben AAAA-MM-DD.
rules-dates-order = El último día es anterior al primero.
rules-days-bad = Entre 1 y 30 días.
rules-text-empty = Una respuesta de vacaciones necesita un mensaje.
rules-text-long = Ese mensaje es demasiado largo.
rules-filters-many = Son más filtros de los que se pueden guardar.
rules-filter-empty = Un filtro necesita un texto que buscar.
rules-filter-control = El texto de un filtro no puede contener saltos de línea ni caracteres de control.
rules-forward-bad = Reenviar a una sola dirección de correo.
rules-folder-bad = Elige una de tus carpetas.
rules-no-tls = No se puede llegar al servidor de filtros de forma segura (no ofrece STARTTLS).

# Live mail (with JavaScript)
live-connecting = Conectando para el correo nuevo…
live-on = El correo nuevo aparece al llegar
live-reconnecting = Conexión perdida; reintentando…
live-off = El correo nuevo aparece al recargar
live-notify-on = Notificaciones de escritorio: desactivadas (activar)
live-notify-off = Notificaciones de escritorio: activadas (desactivar)
live-new-message = Mensaje nuevo
