/** The app's words in English; `fr.ts` must say each of them (its type is this one's). */
export const en = {
  app: { name: 'Ilot', tagline: 'Private spaces for organizations', language: 'Language' },
  signIn: {
    title: 'Sign in',
    intro: 'Your passphrase never leaves this browser: keys are derived here, and only proofs are sent.',
    orgCode: 'Org code',
    orgCodeHint: 'The short code of your organization, given with your invitation.',
    passphrase: 'Passphrase',
    passphraseHint: 'At least 24 characters.',
    submit: 'Sign in',
    deriving: 'Deriving your keys from the passphrase…',
    signingIn: 'Signing in…',
    join: 'Invited? Join your space',
  },
  join: {
    title: 'Join a space',
    intro: 'You were invited: give the org code and the sponsorship phrase you were given to read the invitation.',
    phrase: 'Sponsorship phrase',
    asTreasurer: 'I am the treasurer: the operator gave me this phrase to open the space',
    open: 'Read the invitation',
    invitation: 'Your invitation',
    sponsor: 'From',
    word: 'Welcome word',
    name: 'Your name in the space',
    kind: 'Account',
    kindO: 'paid by the organization',
    kindA: 'autonomous: you pay for what you use',
    kindTreasurer: 'the treasurer’s, who runs the space',
    quotas: 'Quotas',
    quotaValues: '{{documents}} documents, {{megabytes}} MB of files',
    until: 'Valid until',
    passphrase: 'Choose your passphrase',
    again: 'The same passphrase again',
    strength: {
      short: 'At least {{min}} characters: a sentence only you know is best.',
      fair: 'Long enough. A longer sentence would be stronger.',
      strong: 'Strong.',
    },
    mismatch: 'The two passphrases are not the same.',
    contact: 'Become a contact of my sponsor',
    accept: 'Accept and create my account',
    refuse: 'Refuse this invitation',
    reason: 'A reason, for your sponsor only (optional)',
    confirmRefuse: 'Refuse',
    refused: 'The invitation is refused. Your sponsor will see your answer.',
    toSignIn: 'Already have an account? Sign in',
  },
  space: {
    signedInAs: 'Signed in as {{avatar}}',
    signOut: 'Sign out',
    notesTab: 'Notes',
    accountTab: 'Account',
    contactsTab: 'Contacts',
    newAvatar: 'New avatar’s name',
    createAvatar: 'Create the avatar',
    avatars: 'Avatars',
    primary: 'primary',
    notes: 'Notes',
    noNotes: 'No notes yet.',
    loading: 'Fetching and decrypting your notes…',
  },
  notes: {
    text: 'Text',
    length: '{{length}} / {{max}} characters',
    hashtags: 'Hashtags',
    add: 'Add the note',
    save: 'Save',
    cancel: 'Cancel',
    edit: 'Edit',
    delete: 'Delete',
    confirmDelete: 'Delete for good',
  },
  account: {
    usage: 'Quotas and usage',
    documents: 'Documents',
    volume: 'Files',
    used: '{{used}} of {{quota}}',
    usedNoQuota: '{{used}} (no quota of its own)',
    megabytes: '{{n}} MB',
    thisMonth: 'This month',
    consumed: '{{reads}} reads, {{writes}} writes, {{up}} sent, {{down}} received',
    sessions: 'Open sessions',
    thisSession: 'this one',
    unknownDevice: 'unknown device',
    end: 'End',
    passphrase: 'Passphrase',
    current: 'Current passphrase',
    next: 'New passphrase',
    change: 'Change the passphrase',
    changed: 'The passphrase is changed. Your other sessions go on.',
  },
  contacts: {
    title: 'Contacts',
    phrases: 'Contact phrases',
    avatar: 'Avatar',
    ownPhrase: 'This avatar’s contact phrase (whoever knows it may add the avatar)',
    setPhrase: 'Set the phrase',
    erasePhrase: 'Erase the phrase',
    phraseSet: 'The contact phrase is set.',
    phraseErased: 'The contact phrase is erased.',
    theirPhrase: 'Someone’s contact phrase',
    add: 'Add as a contact',
    added: 'The contact is added.',
    filter: 'Show only a hashtag',
    none: 'No contacts to show.',
    of: 'contact of {{avatar}}',
    gone: 'an avatar that is gone',
    comment: 'Private comment',
    save: 'Save',
    saved: 'Saved.',
  },
  // sign-in modes, local store, offline (§3): words of this part only, kept apart so that parts change independently.
  //
  modes: {
    legend: 'Mode',
    synced: {
      name: 'Synced',
      hint: 'On your own device: this browser keeps an encrypted copy, so the next sign-in is quick and offline mode works.',
    },
    incognito: {
      name: 'Incognito',
      hint: 'On a shared or borrowed device: nothing of your account stays in this browser after you sign out or close the tab.',
    },
    offline: {
      name: 'Offline',
      hint: 'No network: read what this browser kept at the end of your last synced session here. Nothing can be changed.',
    },
    offlineBanner:
      'Offline mode: you are reading what this browser kept at the end of your last synced session. Nothing is sent and nothing can be changed.',
  },
  //
  // files (§6): words of this part only, kept apart so that parts change independently.
  //
  files: {},
  //
  // notes tree, formatting, search, drafts (§5): words of this part only, kept apart so that parts change independently.
  //
  tree: {},
  //
  // sponsorship, cards, account deletion, banner, restriction (§7–9): words of this part only, kept apart so that parts change independently.
  //
  membership: {},
  //
  errors: {
    unknown: 'Something went wrong. Try again; if it goes on, tell the site’s operator.',
    network: 'The site cannot be reached. Check the connection, then try again.',
  },
};

type Words<T> = { [K in keyof T]: T[K] extends string ? string : Words<T[K]> };
export type Strings = Words<typeof en>;
