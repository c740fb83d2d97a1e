import type { ErrorCode } from '../../../src/shared/errors.js';

// Every code of src/shared/errors.ts, in its order. src/client/errors.ts defines no code of its own: the codes the
// SDK raises on the client (status 0: SITE_UNREACHABLE, HTTP_ERROR, PHRASE_TOO_SHORT, NOTE_ALTERED, FILE_ALTERED,
// FILE_SIZE_CHANGED, OFFLINE_READ_ONLY, OFFLINE_NOT_KEPT) are in the shared table and so here.

/** What the web app says for each error code, in each of its languages: words a member understands, and what to do next. */
export const errorMessages: Record<ErrorCode, { fr: string; en: string }> = {
  // request shape
  BAD_REQUEST: {
    fr: "L'application a envoyé une demande que le site n'a pas comprise. Rechargez la page, puis réessayez.",
    en: 'The app sent a request the site could not understand. Reload the page, then try again.',
  },
  BAD_JSON: {
    fr: "L'application a envoyé une demande que le site n'a pas pu lire. Rechargez la page, puis réessayez.",
    en: 'The app sent a request the site could not read. Reload the page, then try again.',
  },
  VALIDATION_FAILED: {
    fr: "Certaines informations envoyées n'ont pas la forme attendue. Vérifiez ce qui a été saisi, puis réessayez.",
    en: 'Some of the information sent is not in the expected form. Check what was entered, then try again.',
  },
  RANGE_INVALID: {
    fr: 'La période se termine avant de commencer : vérifiez ses dates.',
    en: 'The period ends before it starts: check its dates.',
  },
  INPUT_TOO_DEEP: {
    fr: 'Cette demande est trop complexe pour être traitée par le site. Rechargez la page, puis réessayez.',
    en: 'This request is too complex for the site to handle. Reload the page, then try again.',
  },
  REQUEST_TIMEOUT: {
    fr: 'La demande a mis trop de temps à parvenir au site. Vérifiez votre connexion, puis réessayez.',
    en: 'The request took too long to reach the site. Check your connection, then try again.',
  },
  PAYLOAD_TOO_LARGE: {
    fr: 'Ce que vous envoyez dépasse la taille acceptée par ce site. Essayez avec un contenu plus léger.',
    en: 'What you are sending is larger than this site accepts. Try with less content.',
  },
  HEADERS_TOO_LARGE: {
    fr: "La demande dépasse la taille acceptée par ce site, sans doute à cause d'une adresse de page trop longue. Rechargez la page, puis réessayez.",
    en: 'The request is larger than this site accepts, probably because the page address is too long. Reload the page, then try again.',
  },
  UNSUPPORTED_MEDIA_TYPE: {
    fr: "L'application a envoyé la demande sous une forme que le site n'accepte pas. Rechargez la page, puis réessayez.",
    en: 'The app sent the request in a form the site does not accept. Reload the page, then try again.',
  },
  ROUTE_NOT_FOUND: {
    fr: "Cette action n'est pas disponible sur ce site. Rechargez la page pour obtenir la dernière version de l'application.",
    en: 'This action is not available on this site. Reload the page to get the latest version of the app.',
  },
  RATE_LIMITED: {
    fr: 'Trop de demandes ont été envoyées depuis cet appareil ou ce réseau. Patientez un moment, puis réessayez.',
    en: 'Too many requests were sent from this device or network. Wait a moment, then try again.',
  },
  LIVE_SOCKETS_EXHAUSTED: {
    fr: "Trop d'onglets ou d'appareils sont connectés en même temps. Fermez-en un, puis réessayez.",
    en: 'Too many tabs or devices are connected at the same time. Close one of them, then try again.',
  },

  // who may do what
  AUTH_REQUIRED: {
    fr: 'Cette action nécessite une connexion. Connectez-vous, puis réessayez.',
    en: 'This action needs you to be signed in. Sign in, then try again.',
  },
  SESSION_INVALID: {
    fr: 'Votre session a pris fin ou a expiré. Reconnectez-vous.',
    en: 'Your session has ended or expired. Sign in again.',
  },
  SIGNIN_FAILED: {
    fr: "Le code de l'organisation ou la phrase secrète ne correspond pas. Vérifiez-les, puis réessayez.",
    en: 'The org code or the passphrase is not right. Check both, then try again.',
  },
  SIGNIN_THROTTLED: {
    fr: 'Trop de tentatives de connexion ont échoué depuis cet appareil ou ce réseau. Patientez quelques minutes, puis réessayez.',
    en: 'Too many sign-in attempts failed from this device or network. Wait a few minutes, then try again.',
  },
  SESSION_NOT_FOUND: {
    fr: "Cette session n'existe plus : elle a peut-être déjà pris fin. Actualisez la liste des sessions.",
    en: 'This session no longer exists: it may have ended already. Refresh the list of sessions.',
  },
  FORBIDDEN: {
    fr: "Vous n'avez pas le droit d'effectuer cette action.",
    en: 'You are not allowed to do this.',
  },
  CROSS_SPACE: {
    fr: 'Cette demande concerne un autre espace que celui de votre session : elle a été refusée. Rechargez la page.',
    en: 'This request concerns a different space from the one of your session, so it was refused. Reload the page.',
  },

  // space restrictions
  SPACE_READ_ONLY: {
    fr: 'Cet espace est en lecture seule : vous pouvez consulter vos données, mais pas les modifier.',
    en: 'This space is read-only: you can look at your data, but not change it.',
  },
  SPACE_FROZEN: {
    fr: "Cet espace est gelé : aucune modification n'y est possible.",
    en: 'This space is frozen: nothing can be changed in it.',
  },
  SPACE_CLOSED: {
    fr: "Cet espace est fermé. Son message de fermeture, s'il y en a un, indique où aller ensuite.",
    en: 'This space is closed. Its closing message, if there is one, says where to go next.',
  },

  PARTITION_READ_ONLY: {
    fr: 'Votre tranche est en lecture seule : vous pouvez consulter vos données, pas les modifier. Le chat d’urgence reste ouvert.',
    en: 'Your partition is read-only: you can look at your data, not change it. The urgent chat stays open.',
  },
  ACCOUNT_READ_ONLY: {
    fr: 'Votre compte est en lecture seule : vous pouvez consulter vos données, pas les modifier. Le chat d’urgence reste ouvert.',
    en: 'Your account is read-only: you can look at your data, not change it. The urgent chat stays open.',
  },
  MINIMAL_ACCESS: {
    fr: 'Votre compte est en accès minimal : seuls vos coûts et quotas, le chat d’urgence et les opérations de crédit restent possibles.',
    en: 'Your account is in minimal access: only your costs and quotas, the urgent chat and credit operations remain possible.',
  },

  QUOTA_EXCEEDED: {
    fr: "Votre compte a atteint l'un de ses quotas : plus rien ne peut y être ajouté. Supprimez des contenus, ou demandez au Comptable ou à un délégué de relever le quota.",
    en: 'Your account has reached one of its quotas, so nothing more can be added. Delete some content, or ask the treasurer or a delegate to raise the quota.',
  },

  // spaces, accounts, phrases
  ORG_CODE_RESERVED: {
    fr: "Ce code de l'organisation est réservé. Choisissez-en un autre.",
    en: 'This org code is reserved. Choose another one.',
  },
  ORG_CODE_TAKEN: {
    fr: "Un autre espace utilise déjà ce code de l'organisation. Choisissez-en un autre.",
    en: 'Another space already uses this org code. Choose another one.',
  },
  SPACE_LIMIT_REACHED: {
    fr: "Ce site héberge déjà autant d'espaces qu'il le peut : aucun nouvel espace ne peut être ouvert.",
    en: 'This site already hosts as many spaces as it can, so no new space can be opened.',
  },
  SPACE_NOT_FOUND: {
    fr: "Aucun espace n'a ce code de l'organisation. Vérifiez-le, puis réessayez.",
    en: 'No space has this org code. Check it, then try again.',
  },
  SIGNIN_BANNED: {
    fr: "Il n'est plus possible de se connecter à cet espace. Le message de l'espace peut en dire davantage.",
    en: "Signing in to this space is no longer possible. The space's message may tell you more.",
  },
  PHRASE_TOO_CLOSE: {
    fr: "Cette phrase est trop proche d'une autre phrase de l'espace : elle commence de la même façon (mêmes 12 premiers caractères). Choisissez une phrase dont le début est différent.",
    en: 'This phrase is too close to another phrase of the space: it starts the same way (same first 12 characters). Choose a phrase whose start is different.',
  },
  SPONSORSHIP_INVALID: {
    fr: "Aucun parrainage ouvert ne correspond à ce code de l'organisation et à cette phrase de parrainage : l'un des deux n'est peut-être pas exact, ou le parrainage a été utilisé, refusé, annulé ou a expiré. Vérifiez-les, ou demandez à votre parrain.",
    en: 'No open sponsorship matches this org code and sponsorship phrase: one of them may not be exact, or the sponsorship was used, refused, cancelled or has expired. Check both, or ask your sponsor.',
  },
  SPONSORSHIP_NOT_FOUND: {
    fr: 'Ce parrainage est introuvable. Actualisez la liste de vos parrainages.',
    en: 'This sponsorship cannot be found. Refresh the list of your sponsorships.',
  },
  SPONSORSHIP_NOT_PENDING: {
    fr: 'Ce parrainage a déjà été accepté, refusé ou annulé : il ne peut plus être modifié.',
    en: 'This sponsorship was already accepted, refused or cancelled, so it can no longer be changed.',
  },
  A_ACCOUNTS_NOT_ACCEPTED: {
    fr: "Cet espace n'accepte pas les comptes A. Le Comptable peut les autoriser dans les options de l'espace.",
    en: "This space does not accept A accounts. The treasurer can allow them in the space's options.",
  },
  PARTITION_NOT_FOUND: {
    fr: "Cette partition n'existe pas dans cet espace. Actualisez la liste des partitions.",
    en: 'This partition does not exist in this space. Refresh the list of partitions.',
  },
  MAX_ACCOUNTS_REACHED: {
    fr: "Cet espace a atteint le nombre de comptes prévu par son accord. Le Comptable peut demander à l'administrateur technique de relever cette limite.",
    en: 'This space has reached the number of accounts its agreement allows. The treasurer can ask the operator to raise this limit.',
  },
  PASSPHRASE_WRONG: {
    fr: 'La phrase secrète actuelle ne correspond pas. Vérifiez-la, puis réessayez.',
    en: 'The current passphrase is not right. Check it, then try again.',
  },
  TREASURER_UNDELETABLE: {
    fr: 'Le compte du Comptable ne peut pas être supprimé.',
    en: "The treasurer's account cannot be deleted.",
  },
  AVATARS_REMAIN: {
    fr: "Ce compte a encore des avatars secondaires. Supprimez-les d'abord, puis supprimez le compte.",
    en: 'This account still has secondary avatars. Delete them first, then delete the account.',
  },
  AVATAR_NOT_FOUND: {
    fr: 'Cet avatar est introuvable dans votre compte. Rechargez la page.',
    en: 'This avatar cannot be found in your account. Reload the page.',
  },
  AVATAR_PRIMARY: {
    fr: "L'avatar principal ne peut pas être supprimé seul : il ne disparaît qu'avec son compte.",
    en: 'The primary avatar cannot be deleted on its own: it goes only with its account.',
  },
  AVATAR_PROOF_INVALID: {
    fr: "L'application n'a pas pu confirmer que cet avatar appartient à votre session. Déconnectez-vous, puis reconnectez-vous.",
    en: 'The app could not confirm that this avatar belongs to your session. Sign out, then sign in again.',
  },
  AVATAR_ID_TAKEN: {
    fr: 'Par un hasard rare, un autre avatar porte déjà le numéro tiré pour celui-ci. Réessayez : un nouveau numéro sera tiré.',
    en: 'By a rare chance, another avatar already has the number drawn for this one. Try again: a new number will be drawn.',
  },
  USAGE_KEY_INVALID: {
    fr: "La clé présentée pour compter l'utilisation de votre compte n'est pas la bonne. Déconnectez-vous, puis reconnectez-vous.",
    en: "The key presented to count your account's usage is not the right one. Sign out, then sign in again.",
  },
  USAGE_KEY_MISSING: {
    fr: "Il manque à votre session la clé qui sert à compter l'utilisation de votre compte. Reconnectez-vous.",
    en: "Your session lacks the key used to count your account's usage. Sign in again.",
  },
  KEYRING_CHANGED: {
    fr: 'La liste de vos avatars a changé entre-temps, peut-être depuis un autre appareil. Rechargez-la, puis réessayez.',
    en: 'Your list of avatars changed in the meantime, perhaps from another device. Reload it, then try again.',
  },
  CARD_TOO_LARGE: {
    fr: 'La carte de visite est trop volumineuse : elle contient au plus 500 caractères de texte et une photo de 64 Ko. Raccourcissez le texte ou choisissez une photo plus légère.',
    en: 'The card is too large: it holds at most 500 characters of text and a 64 KB photo. Shorten the text or choose a lighter photo.',
  },
  CONTACT_PHRASE_INVALID: {
    fr: "Aucun avatar de cet espace n'a cette phrase de contact. Vérifiez-la auprès de la personne qui vous l'a donnée.",
    en: 'No avatar of this space has this contact phrase. Check it with the person who gave it to you.',
  },
  CONTACT_SELF: {
    fr: 'Un avatar ne peut pas être son propre contact.',
    en: 'An avatar cannot be its own contact.',
  },
  CONTACT_EXISTS: {
    fr: "Ces avatars sont déjà des contacts l'un de l'autre.",
    en: 'These avatars are already contacts of each other.',
  },
  CONTACT_NOT_FOUND: {
    fr: 'Ce contact est introuvable. Actualisez votre liste de contacts.',
    en: 'This contact cannot be found. Refresh your list of contacts.',
  },

  // notes
  NOTE_NOT_FOUND: {
    fr: 'Cette note est introuvable : elle a peut-être été supprimée. Actualisez vos notes.',
    en: 'This note cannot be found: it may have been deleted. Refresh your notes.',
  },
  NOTE_CYCLE: {
    fr: "Une note ne peut pas être placée sous elle-même ni sous l'une de ses propres notes. Choisissez un autre emplacement.",
    en: 'A note cannot be placed under itself or under one of its own notes. Choose another place.',
  },
  NOTE_TOO_LARGE: {
    fr: 'Cette note est trop longue : elle contient au plus 5 000 caractères de texte. Raccourcissez-la.',
    en: 'This note is too long: it holds at most 5,000 characters of text. Shorten it.',
  },

  // chats
  CHAT_NOT_FOUND: {
    fr: 'Cette discussion est introuvable. Actualisez vos discussions.',
    en: 'This chat cannot be found. Refresh your chats.',
  },
  CHAT_ITEM_NOT_FOUND: {
    fr: 'Ce message est introuvable : il a peut-être été supprimé, ou effacé par de plus récents.',
    en: 'This message cannot be found: it may have been deleted, or dropped for newer ones.',
  },
  CHAT_ITEM_NOT_YOURS: {
    fr: 'Seul son auteur peut supprimer un message.',
    en: 'Only its author can delete a message.',
  },
  CHAT_ITEM_TOO_LARGE: {
    fr: 'Ce message est trop long : une discussion contient au plus 5 000 caractères. Raccourcissez-le.',
    en: 'This message is too long: a chat holds at most 5,000 characters. Shorten it.',
  },
  CHAT_NOT_URGENT: {
    fr: "Une discussion urgente n'est possible qu'avec le trésorier ou un délégué de votre partition.",
    en: 'An urgent chat is only possible with the treasurer or a delegate of your partition.',
  },
  // groups
  GROUP_NOT_FOUND: {
    fr: "Ce groupe est introuvable, ou cet avatar n'en est pas membre. Actualisez vos groupes.",
    en: 'This group cannot be found, or this avatar is not a member of it. Refresh your groups.',
  },
  GROUP_NOT_MODERATOR: {
    fr: 'Seul un animateur du groupe peut faire cela.',
    en: 'Only a moderator of the group can do that.',
  },
  GROUP_MEMBERS_ACCESS_REQUIRED: {
    fr: 'Il faut avoir accès aux membres et au chat du groupe pour cela.',
    en: "This needs access to the group's members and chat.",
  },
  GROUP_MODERATOR_PROTECTED: {
    fr: "Un animateur ne peut pas changer les droits d'un autre animateur.",
    en: "A moderator cannot change another moderator's rights.",
  },
  GROUP_MEMBER_NOT_FOUND: {
    fr: "Cet avatar n'est pas connu du groupe. Actualisez la liste des membres.",
    en: 'This avatar is not known to the group. Refresh the list of members.',
  },
  GROUP_FULL: {
    fr: "Ce groupe compte déjà autant de membres qu'il le peut (simples contacts, invités et actifs). Oubliez-en quelques-uns d'abord.",
    en: 'This group already holds as many members as it may (listed, invited and active). Forget some of them first.',
  },
  GROUP_MEMBER_EXISTS: {
    fr: 'Cet avatar est déjà connu du groupe.',
    en: 'This avatar is already known to the group.',
  },
  GROUP_MEMBER_FORGOTTEN: {
    fr: "Cet avatar a demandé à être oublié par le groupe : on ne peut plus l'y inscrire.",
    en: 'This avatar asked the group to forget it: it cannot be listed again.',
  },
  GROUP_MEMBER_NOT_LISTED: {
    fr: 'Seul un simple contact du groupe peut être invité ou oublié. Actualisez la liste des membres.',
    en: 'Only a listed contact of the group can be invited or forgotten. Refresh the list of members.',
  },
  GROUP_MEMBER_NOT_ACTIVE: {
    fr: "Les droits sont ceux des membres actifs : cet avatar n'en est pas un.",
    en: 'Rights belong to active members: this avatar is not one.',
  },
  GROUP_INVITATION_NOT_FOUND: {
    fr: "Il n'y a pas d'invitation en cours : elle a été acceptée, déclinée ou retirée.",
    en: 'There is no pending invitation: it was accepted, declined or withdrawn.',
  },
  GROUP_INVITATION_INCOMPLETE: {
    fr: "Cette invitation attend encore l'accord de tous les animateurs.",
    en: 'This invitation still waits for the agreement of every moderator.',
  },
  GROUP_KEY_STALE: {
    fr: 'La clé du groupe a changé entre-temps : actualisez le groupe, puis réessayez.',
    en: "The group's key changed meanwhile: refresh the group, then try again.",
  },
  GROUP_KEY_ROTATION_DUE: {
    fr: 'Un détenteur de la clé du groupe est parti ou a perdu un accès : la clé doit être renouvelée avant toute écriture.',
    en: "A holder of the group's key left or lost an access: the key must be renewed before anything is written.",
  },
  GROUP_KEY_HOLDERS_MISMATCH: {
    fr: "La nouvelle clé doit être donnée à chaque membre et invité restant, et à personne d'autre. Actualisez le groupe, puis réessayez.",
    en: 'The new key must be given to every remaining member and invitee, and to nobody else. Refresh the group, then try again.',
  },
  GROUP_CHAT_ITEM_TOO_LARGE: {
    fr: 'Un message du chat de groupe contient au plus 300 caractères. Raccourcissez-le.',
    en: 'A group chat message holds at most 300 characters. Shorten it.',
  },

  // tasks
  TASK_NOT_FOUND: {
    fr: 'Cette tâche est introuvable. Actualisez la liste des tâches.',
    en: 'This task cannot be found. Refresh the list of tasks.',
  },
  TASK_KIND_UNKNOWN: {
    fr: "Ce type de tâche n'existe pas.",
    en: 'This kind of task does not exist.',
  },
  TASK_NOT_FAILED: {
    fr: 'Seule une tâche en échec peut être relancée.',
    en: 'Only a task that failed can be retried.',
  },
  TASK_NOT_PENDING: {
    fr: 'Seule une tâche en attente peut être lancée tout de suite ou annulée.',
    en: 'Only a task that is waiting can be run now or cancelled.',
  },
  TASK_DAILY: {
    fr: 'Une tâche quotidienne ne peut pas être annulée. Mettez plutôt son type de tâche en pause.',
    en: 'A daily task cannot be cancelled. Pause its kind of task instead.',
  },

  // files
  FILE_NAME_INVALID: {
    fr: "Le site n'a pas pu enregistrer ce fichier sous le nom prévu. Réessayez ; si le problème persiste, prévenez l'administrateur technique.",
    en: 'The site could not store this file under the name it was given. Try again; if the problem persists, tell the operator.',
  },
  FILE_NOT_FOUND: {
    fr: 'Ce fichier est introuvable : il a peut-être été supprimé. Actualisez la note.',
    en: 'This file cannot be found: it may have been deleted. Refresh the note.',
  },
  FILE_CONFLICT: {
    fr: "Le site n'a pas pu enregistrer ce fichier à cause d'un conflit de nom. Réessayez ; si le problème persiste, prévenez l'administrateur technique.",
    en: 'The site could not store this file because of a name clash. Try again; if the problem persists, tell the operator.',
  },
  FILE_TOO_LARGE: {
    fr: 'Ce fichier dépasse la taille acceptée par ce site. Choisissez un fichier plus petit.',
    en: 'This file is larger than this site accepts. Choose a smaller file.',
  },
  UPLOAD_NOT_FOUND: {
    fr: "Cet envoi n'est plus en cours : il a déjà été terminé ou abandonné. Envoyez de nouveau le fichier si besoin.",
    en: 'This upload is no longer in progress: it was already completed or abandoned. Upload the file again if needed.',
  },
  UPLOAD_SIZE_MISMATCH: {
    fr: "Le fichier reçu n'a pas la taille prévue : rien n'a été conservé. Envoyez de nouveau le fichier.",
    en: 'The file received does not have the expected size, so nothing was kept. Upload the file again.',
  },
  UPLOAD_INTERRUPTED: {
    fr: "L'envoi s'est interrompu avant la fin : rien n'a été conservé. Envoyez de nouveau le fichier.",
    en: 'The upload stopped before the end, so nothing was kept. Upload the file again.',
  },
  UPLOAD_INCOMPLETE: {
    fr: "Le fichier n'a pas encore été entièrement envoyé. Attendez la fin de l'envoi, puis réessayez.",
    en: 'The file has not been fully uploaded yet. Wait for the upload to finish, then try again.',
  },
  UPLOAD_OFFSET_MISMATCH: {
    fr: "L'envoi du fichier s'est désynchronisé avec le site. Envoyez de nouveau le fichier.",
    en: 'The upload of the file fell out of step with the site. Upload the file again.',
  },
  UPLOAD_BUSY: {
    fr: "Une autre partie de ce fichier est en cours d'envoi. Attendez un instant, puis réessayez.",
    en: 'Another part of this file is being uploaded. Wait a moment, then try again.',
  },
  UPLOAD_CHUNK_TOO_LARGE: {
    fr: "Une partie du fichier envoyée dépasse ce que le site accepte d'un coup. Mettez à jour l'application, puis réessayez.",
    en: 'A part of the file sent is larger than the site accepts at once. Update the app, then try again.',
  },
  UPLOAD_RANGE_INVALID: {
    fr: 'Une partie du fichier a été envoyée avec une position invalide. Envoyez de nouveau le fichier.',
    en: 'A part of the file was sent with an invalid position. Upload the file again.',
  },

  // group notes and the host of a group
  GROUP_NOTES_READ_ONLY: {
    fr: 'Vous pouvez lire les notes de ce groupe, pas les écrire. Un modérateur peut vous donner l’accès en écriture.',
    en: 'You may read the notes of this group, not write them. A moderator can give you write access.',
  },
  AUTHORSHIP_INVALID: {
    fr: 'La signature de cet écrit ne correspond pas à votre avatar. Rechargez la page, puis réessayez.',
    en: 'The signature of this writing does not match your avatar. Reload the page, then try again.',
  },
  GROUP_HOSTLESS: {
    fr: 'Ce groupe n’a plus d’hébergeur : rien ne peut y être ajouté tant qu’un membre ne l’héberge pas.',
    en: 'This group has no host: nothing can be added to it until a member hosts it.',
  },
  GROUP_MAXIMUM_REACHED: {
    fr: 'Ce groupe a atteint un maximum fixé par son hébergeur. Supprimez des notes ou des fichiers, ou demandez-lui de l’augmenter.',
    en: 'This group has reached a maximum its host set. Delete notes or files, or ask the host to raise it.',
  },
  GROUP_HAS_HOST: {
    fr: 'Ce groupe a déjà un hébergeur. Vous pourrez prendre le relais quand il aura cessé.',
    en: 'This group already has a host. You can take over once it stops.',
  },
  GROUP_NOT_HOST: {
    fr: 'Vous n’hébergez pas ce groupe.',
    en: 'You do not host this group.',
  },
  GROUP_MAXIMA_BELOW_USAGE: {
    fr: 'Le groupe contient déjà plus que ces maximums. Choisissez des maximums plus élevés.',
    en: 'The group already holds more than these maxima. Choose higher maxima.',
  },

  // backups (operators see these in the console)
  BACKUP_NOT_CONFIGURED: {
    fr: 'Les sauvegardes ne sont pas configurées : renseignez backup.dir dans la configuration du site.',
    en: 'Backups are not configured: set backup.dir in the site configuration.',
  },
  BACKUP_NOT_FOUND: {
    fr: 'Cette sauvegarde est introuvable. Vérifiez son nom avec « ilot backup list ».',
    en: 'This backup cannot be found. Check its name with "ilot backup list".',
  },
  BACKUP_CORRUPT: {
    fr: 'Cette sauvegarde est tronquée ou altérée : une somme de contrôle ne correspond pas. Utilisez-en une autre.',
    en: 'This backup is truncated or altered: a checksum does not match. Use another one.',
  },
  BACKUP_INVALID: {
    fr: 'Cette sauvegarde ne passe pas ses vérifications. Utilisez-en une autre et consultez le journal du site.',
    en: 'This backup does not pass its checks. Use another one and look at the site log.',
  },
  BACKUP_TOO_NEW: {
    fr: "Cette sauvegarde vient d'une version plus récente d'Ilot. Mettez le site à jour avant de la restaurer.",
    en: 'This backup comes from a newer version of Ilot. Update the site before restoring it.',
  },
  BACKUP_ENGINE_MISMATCH: {
    fr: "Cette sauvegarde est celle d'un autre moteur de base de données. Pour changer de moteur, exportez puis importez les espaces.",
    en: 'This backup is of another database engine. To change engines, export and import the spaces.',
  },
  BACKUP_SITE_RUNNING: {
    fr: 'Le site est en marche : arrêtez-le avant de restaurer, ou forcez la restauration.',
    en: 'The site is running: stop it before restoring, or force the restore.',
  },
  BACKUP_BUSY: {
    fr: 'Une autre sauvegarde ou restauration est en cours. Réessayez quand elle sera terminée.',
    en: 'Another backup or restore is in progress. Try again once it has finished.',
  },
  BACKUP_DISK_FULL: {
    fr: "Le disque s'est rempli pendant la sauvegarde ; rien n'a été gardé. Libérez de la place, puis réessayez.",
    en: 'The disk filled up during the backup; nothing was kept. Free some space, then try again.',
  },
  BACKUP_RESTORING: {
    fr: "Une restauration est en cours sur ce site, ou ne s'est pas terminée : le site ne peut pas démarrer.",
    en: 'A restore is running over this site, or did not finish: the site cannot start.',
  },
  PG_DUMP_MISSING: {
    fr: 'pg_dump ou pg_restore est introuvable : installez le client PostgreSQL ou renseignez backup.pgBinDir.',
    en: 'pg_dump or pg_restore cannot be found: install the PostgreSQL client or set backup.pgBinDir.',
  },
  PG_DUMP_VERSION: {
    fr: 'pg_dump ou pg_restore est plus ancien que le serveur PostgreSQL : installez le client de la même version.',
    en: 'pg_dump or pg_restore is older than the PostgreSQL server: install the client of the same version.',
  },

  // fleet: the control tower and its agents
  FLEET_HOST_NOT_FOUND: {
    fr: "Cet hôte n'existe pas dans la flotte : vérifiez son nom.",
    en: 'There is no such host in the fleet: check its name.',
  },
  FLEET_HOST_EXISTS: {
    fr: 'Un hôte de la flotte porte déjà ce nom : choisissez-en un autre.',
    en: 'A host of the fleet already has this name: choose another one.',
  },
  FLEET_APP_NOT_FOUND: {
    fr: "Cette application n'est pas au catalogue de la flotte.",
    en: "There is no such app in the fleet's catalog.",
  },
  FLEET_APP_EXISTS: {
    fr: 'Une application du catalogue porte déjà ce nom.',
    en: 'An app of the catalog already has this name.',
  },
  FLEET_APP_KIND: {
    fr: "Cette commande ne s'applique pas à ce type d'application.",
    en: 'This command does not apply to this kind of app.',
  },
  FLEET_VERSION_UNKNOWN: {
    fr: "Cette version de l'application n'est pas au catalogue : ajoutez-la d'abord.",
    en: 'This app has no such version in the catalog: add it first.',
  },
  FLEET_VERSION_EXISTS: {
    fr: "Cette version de l'application est déjà au catalogue.",
    en: 'This version of the app is already in the catalog.',
  },
  FLEET_RELEASE_MISSING: {
    fr: "L'archive de cette version est introuvable à ce chemin sur la tour.",
    en: 'The release archive cannot be read at this path on the tower.',
  },
  FLEET_ROLLOUT_NOT_FOUND: { fr: "Ce déploiement progressif n'existe pas.", en: 'There is no such rollout.' },
  FLEET_ROLLOUT_NO_HOSTS: {
    fr: 'Aucun hôte de cette étiquette dans cette flotte : le déploiement ne ferait rien.',
    en: 'No host of this label in this fleet: the rollout would deploy nothing.',
  },
  FLEET_ROLLOUT_ENDED: { fr: 'Ce déploiement progressif est déjà terminé.', en: 'This rollout has already ended.' },
  FLEET_ROLLOUT_BUSY: {
    fr: 'Un autre déploiement progressif est en cours sur certains de ces hôtes : attendez sa fin ou annulez-le.',
    en: 'Another rollout is running on some of these hosts: wait for its end or cancel it.',
  },
  FLEET_RELEASE_TAMPERED: {
    fr: "L'empreinte SHA-256 de l'archive ne correspond pas : le fichier a été modifié ou ce n'est pas le bon.",
    en: "The archive's SHA-256 does not match: the file was altered or is not the right one.",
  },
  FLEET_PERMISSION_NOT_FOUND: {
    fr: "Cette permission de la flotte n'existe pas.",
    en: 'There is no such fleet permission.',
  },
  FLEET_COMMAND_FORBIDDEN: {
    fr: 'Aucune permission ne vous autorise à commander cette application sur cet hôte.',
    en: 'No permission lets you command this app on this host.',
  },
  FLEET_COMMAND_NOT_FOUND: {
    fr: "Cette commande n'existe pas.",
    en: 'There is no such command.',
  },
  FLEET_COMMAND_ID_TAKEN: {
    fr: 'Une autre commande porte déjà cet identifiant.',
    en: 'A different command already has this id.',
  },
  FLEET_COMMAND_ENDED: {
    fr: 'Cette commande est déjà terminée.',
    en: 'This command has already ended.',
  },
  ENROL_TOKEN_INVALID: {
    fr: "Ce jeton d'inscription n'est pas valable : vérifiez-le.",
    en: 'This enrolment token is not right: check it.',
  },
  ENROL_TOKEN_USED: {
    fr: "Ce jeton d'inscription a déjà servi : demandez-en un nouveau à la tour.",
    en: 'This enrolment token was already used: ask the tower for a new one.',
  },
  ENROL_TOKEN_EXPIRED: {
    fr: "Ce jeton d'inscription a expiré : demandez-en un nouveau à la tour.",
    en: 'This enrolment token has expired: ask the tower for a new one.',
  },
  AGENT_CREDENTIAL_INVALID: {
    fr: "Cet identifiant d'agent est inconnu ou révoqué : inscrivez l'hôte à nouveau.",
    en: 'This agent credential is unknown or revoked: enrol the host again.',
  },
  AGENT_MESSAGE_REPLAYED: {
    fr: "Ce message d'agent a déjà été reçu : il est refusé.",
    en: 'This agent message was already received: it is refused.',
  },
  AGENT_COMMAND_UNKNOWN: {
    fr: "Cet agent rend compte d'une commande qu'il n'a jamais reçue.",
    en: 'This agent reports on a command it was never given.',
  },

  // raised by the SDK on the client (no reply from the site)
  SITE_UNREACHABLE: {
    fr: 'Le site est injoignable. Vérifiez votre connexion à Internet, puis réessayez.',
    en: 'The site cannot be reached. Check your internet connection, then try again.',
  },
  HTTP_ERROR: {
    fr: "Le site a répondu d'une façon que cette application ne comprend pas. Rechargez la page, puis réessayez.",
    en: 'The site answered in a way this app does not understand. Reload the page, then try again.',
  },
  PHRASE_TOO_SHORT: {
    fr: 'Cette phrase est trop courte : une phrase compte au moins 24 caractères.',
    en: 'This phrase is too short: a phrase has at least 24 characters.',
  },
  NOTE_ALTERED: {
    fr: "Cette note ne peut pas être ouverte : son contenu a été altéré après son enregistrement, elle n'est donc pas affichée.",
    en: 'This note cannot be opened: its content was altered after it was saved, so it is not shown.',
  },
  FILE_ALTERED: {
    fr: "Ce fichier ne peut pas être ouvert : son contenu a été altéré après son enregistrement, il n'est donc pas utilisé.",
    en: 'This file cannot be opened: its content was altered after it was saved, so it is not used.',
  },
  FILE_SIZE_CHANGED: {
    fr: "Le fichier a changé de taille pendant son envoi, peut-être parce qu'il était encore modifié. Fermez-le dans les autres logiciels, puis envoyez-le de nouveau.",
    en: 'The file changed size while it was being sent, perhaps because it was still being edited. Close it in other programs, then upload it again.',
  },
  OFFLINE_READ_ONLY: {
    fr: "Mode avion : l'application lit ce que ce navigateur garde et n'envoie rien, donc rien ne peut être modifié. Reconnectez-vous en mode synchronisé pour écrire.",
    en: 'Offline mode: the app reads what this browser keeps and sends nothing, so nothing can be changed. Sign in again in synced mode to write.',
  },
  OFFLINE_NOT_KEPT: {
    fr: "Ce navigateur ne garde aucun compte qui s'ouvre avec ce code d'organisation et cette phrase secrète. Vérifiez-les, ou connectez-vous d'abord une fois en mode synchronisé dans ce navigateur.",
    en: 'This browser keeps no account that opens with this org code and passphrase. Check them, or first sign in once in synced mode in this browser.',
  },

  // server side
  DB_BUSY: {
    fr: "Le site est très sollicité et votre action n'a pas été enregistrée. Réessayez.",
    en: 'The site is very busy and your action was not saved. Try again.',
  },
  DB_UNAVAILABLE: {
    fr: "Le site ne peut pas accéder à ses données pour le moment ; votre action n'a pas été enregistrée. Réessayez dans quelques minutes.",
    en: 'The site cannot reach its data right now; your action was not saved. Try again in a few minutes.',
  },
  NOT_READY: {
    fr: "Le site n'est pas encore prêt. Réessayez dans un instant.",
    en: 'The site is not ready yet. Try again in a moment.',
  },
  SHUTTING_DOWN: {
    fr: 'Le site redémarre. Réessayez dans un instant.',
    en: 'The site is restarting. Try again in a moment.',
  },
  INTERNAL: {
    fr: 'Un problème imprévu est survenu sur le site ; il a été consigné. Réessayez plus tard.',
    en: 'Something unexpected went wrong on the site; it has been recorded. Try again later.',
  },

  // mail (issue 17)
  MAIL_ADDRESS_INVALID: {
    fr: "Cette adresse électronique n'est pas valide. Vérifiez-la, ou laissez le champ vide pour ne pas envoyer de courriel.",
    en: 'This e-mail address is not valid. Check it, or leave the field empty to send no mail.',
  },
  MAIL_NOT_CONFIGURED: {
    fr: "Ce site n'envoie pas de courriels. Laissez le champ d'adresse vide et transmettez le code d'organisation vous-même.",
    en: 'This site does not send mail. Leave the address field empty and give the org code yourself.',
  },
  INVITATIONS_EXCEEDED: {
    fr: "Vous avez fait trop de parrainages aujourd'hui pour en envoyer un de plus par courriel. Laissez le champ d'adresse vide, ou réessayez demain.",
    en: 'You have made too many sponsorships today to send one more by mail. Leave the address field empty, or try again tomorrow.',
  },
  // space export and import (CLI)
  EXPORT_NOT_FROZEN: {
    fr: "Cet espace n'est pas gelé : gelez-le avant de l'exporter, ou forcez l'export.",
    en: 'This space is not frozen: freeze it before exporting, or force the export.',
  },
  EXPORT_DISK_FULL: {
    fr: "Le disque s'est rempli pendant l'export ; rien n'a été gardé. Libérez de la place, puis réessayez.",
    en: 'The disk filled up during the export; nothing was kept. Free some space, then try again.',
  },
  EXPORT_TARGET_EXISTS: {
    fr: "Le fichier d'export existe déjà : choisissez un autre nom, ou forcez l'export.",
    en: 'The export file already exists: choose another name, or force the export.',
  },
  ARCHIVE_NOT_FOUND: {
    fr: "Il n'y a pas d'archive d'espace à cet endroit.",
    en: 'There is no space archive at this path.',
  },
  ARCHIVE_CORRUPT: {
    fr: "Cette archive d'espace est tronquée ou altérée : une somme de contrôle ne correspond pas. Rien n'a été importé.",
    en: 'This space archive is truncated or altered: a checksum does not match. Nothing was imported.',
  },
  ARCHIVE_TOO_NEW: {
    fr: "Cette archive d'espace vient d'une version plus récente d'Ilot : mettez ce site à jour d'abord.",
    en: 'This space archive comes from a newer version of Ilot: update this site first.',
  },
  ARCHIVE_TOO_OLD: {
    fr: "Cette archive d'espace vient d'une version plus ancienne d'Ilot : mettez le site d'origine à jour, puis exportez à nouveau.",
    en: 'This space archive comes from an older version of Ilot: update the source site, then export again.',
  },
  // the permission matrix of a space
  PERMISSION_UNKNOWN: {
    fr: "Cette permission n'existe pas. Actualisez la matrice des permissions.",
    en: 'This permission does not exist. Refresh the permission matrix.',
  },
  ROLE_UNKNOWN: {
    fr: "Ce rôle n'existe pas dans cet espace. Actualisez la matrice des permissions.",
    en: 'This role does not exist in this space. Refresh the permission matrix.',
  },
  ROLE_EXISTS: {
    fr: 'Cet espace a déjà un rôle de ce nom : choisissez-en un autre.',
    en: 'This space already has a role of this name: choose another.',
  },
  ROLE_IN_USE: {
    fr: "Des comptes ont encore ce rôle : retirez-le-leur d'abord, puis supprimez-le.",
    en: 'Accounts still hold this role: take it back from them first, then remove it.',
  },
  ROLES_TOO_MANY: {
    fr: "Cet espace a déjà autant de rôles personnalisés que permis : supprimez-en un d'abord.",
    en: 'This space already has as many custom roles as allowed: remove one first.',
  },
  ROLE_BUILT_IN: {
    fr: 'Les rôles Comptable, délégué et membre sont prédéfinis : ils ne se donnent, ne se retirent ni ne se suppriment ici.',
    en: 'The treasurer, delegate and member roles are built in: they are not given, taken or removed here.',
  },
  TREASURER_LOCKOUT: {
    fr: "Refusé : le Comptable doit toujours pouvoir modifier les permissions et lire le journal d'audit. Rien n'a changé.",
    en: 'Refused: the treasurer must always be able to edit the permissions and read the audit log. Nothing changed.',
  },
  ACCOUNT_NOT_FOUND: {
    fr: "Ce compte n'existe pas dans cet espace.",
    en: 'This account does not exist in this space.',
  },
  PARTITION_ARCHIVED: {
    fr: 'Cette partition est archivée : elle ne reçoit plus de nouveau compte, de délégué ni de hausse de quotas.',
    en: 'This partition is archived: it takes no new account, delegate or quota rise.',
  },
  QUOTAS_EXCEED_SPACE: {
    fr: "Les quotas des partitions et la part réservée aux comptes A dépasseraient ceux de l'espace. Baissez-en d'abord d'autres.",
    en: "The partitions' quotas and the A accounts' share would exceed the space's. Lower others first.",
  },
  QUOTAS_EXCEED_PARTITION: {
    fr: 'Les quotas des comptes de cette partition dépasseraient les siens. Baissez-en d’abord d’autres, ou relevez ceux de la partition.',
    en: "The quotas of this partition's accounts would exceed its own. Lower others first, or raise the partition's.",
  },
  ACCOUNT_NOT_IN_PARTITION: {
    fr: "Ce compte n'est pas un compte O de cette partition. Actualisez la liste des comptes.",
    en: 'This account is not an O account of this partition. Refresh the list of accounts.',
  },
  ACCOUNT_KIND_MISMATCH: {
    fr: "Ce compte n'est pas du type (O ou A) que cette opération concerne.",
    en: 'This account is not of the kind (O or A) this change is for.',
  },
  SWITCH_CONSENT_REQUIRED: {
    fr: "Ce compte n'a pas encore consenti à devenir un compte A (ou son accord a expiré). Demandez-lui de le donner.",
    en: 'This account has not consented to become an A account (or its consent expired). Ask it to give it.',
  },
  SWITCH_NOT_REQUESTED: {
    fr: "Ce compte n'a pas demandé à devenir un compte O (ou sa demande a expiré).",
    en: 'This account has not asked to become an O account (or its request expired).',
  },
  ACCOUNT_NOT_A: {
    fr: 'Seul un compte A a un solde, fait ou reçoit des dons et fixe ses propres quotas.',
    en: 'Only an A account has a balance, gives or receives gifts and sets its own quotas.',
  },
  ACCOUNT_NOT_O: { fr: 'Seul un compte O a une limite de consommation.', en: 'Only an O account has a consumption limit.' },
  BALANCE_TOO_LOW: { fr: 'Le solde ne couvre pas ce don.', en: 'The balance does not cover this gift.' },
  GIFT_TO_SELF: { fr: 'Un compte ne peut pas se faire un don à lui-même.', en: 'An account cannot give to itself.' },
  QUOTAS_ABOVE_SPACE: { fr: "Ces quotas dépassent ce que l'espace permet.", en: 'These quotas exceed what the space allows.' },
  TICKET_ALREADY_RECORDED: {
    fr: 'Un paiement a déjà été enregistré pour ce code de ticket.',
    en: 'A payment was already recorded for this ticket code.',
  },
  TICKET_UNKNOWN: { fr: "Aucun paiement n'a été enregistré pour ce code de ticket.", en: 'No payment was recorded for this ticket code.' },
  TICKET_ALREADY_REDEEMED: { fr: 'Ce ticket a déjà été converti en crédit.', en: 'This ticket was already turned into credit.' },
  TICKET_AMOUNT_MISMATCH: {
    fr: "Le montant enregistré pour ce ticket n'est pas celui indiqué.",
    en: 'The amount recorded for this ticket is not the one given.',
  },
  CREDIT_INVALID: {
    fr: "Ce crédit n'est pas signé par l'espace pour ce montant.",
    en: 'This credit is not signed by the space for this amount.',
  },
  CREDIT_ALREADY_SPENT: { fr: 'Ce crédit a déjà été ajouté à un solde.', en: 'This credit was already added to a balance.' },
};
