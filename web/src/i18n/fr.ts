import type { Strings } from './en';

export const fr: Strings = {
  app: { name: 'Ilot', tagline: 'Des espaces privés pour les organisations', language: 'Langue' },
  signIn: {
    title: 'Connexion',
    intro: 'Votre phrase secrète ne quitte jamais ce navigateur : les clés sont dérivées ici, seules des preuves sont envoyées.',
    orgCode: 'Code de l’organisation',
    orgCodeHint: 'Le code court de votre organisation, donné avec votre invitation.',
    passphrase: 'Phrase secrète',
    passphraseHint: 'Au moins 24 caractères.',
    submit: 'Se connecter',
    deriving: 'Dérivation des clés à partir de la phrase secrète…',
    signingIn: 'Connexion en cours…',
  },
  space: {
    signedInAs: 'Connecté en tant que {{avatar}}',
    signOut: 'Se déconnecter',
    avatars: 'Avatars',
    primary: 'principal',
    notes: 'Notes',
    noNotes: 'Aucune note pour l’instant.',
    loading: 'Récupération et déchiffrement de vos notes…',
  },
  notes: {
    text: 'Texte',
    length: '{{length}} / {{max}} caractères',
    hashtags: 'Hashtags',
    add: 'Ajouter la note',
    save: 'Enregistrer',
    cancel: 'Annuler',
    edit: 'Modifier',
    delete: 'Supprimer',
    confirmDelete: 'Supprimer définitivement',
  },
  errors: {
    unknown: 'Une erreur est survenue. Réessayez ; si elle persiste, prévenez l’administrateur du site.',
    network: 'Le site est injoignable. Vérifiez la connexion, puis réessayez.',
  },
};
