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
  },
  space: {
    signedInAs: 'Signed in as {{avatar}}',
    signOut: 'Sign out',
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
  errors: {
    unknown: 'Something went wrong. Try again; if it goes on, tell the site’s operator.',
    network: 'The site cannot be reached. Check the connection, then try again.',
  },
};

type Words<T> = { [K in keyof T]: T[K] extends string ? string : Words<T[K]> };
export type Strings = Words<typeof en>;
