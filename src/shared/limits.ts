// Limits that the SDK checks before sending and the server enforces: one place for both.

/** A note holds at most this many characters of plain text (markdown marks included). */
export const noteTextMaxLength = 5000;

/** The lifetimes a space may give its accounts (`nbmi`, in months): a sign-in extends an account to the end of the month this many months later. */
export const lifetimeChoices = [3, 6, 12, 18, 24] as const;

/** A card holds at most this many characters of text… */
export const cardTextMaxLength = 500;

/** …and a photo thumbnail of at most this many bytes (resized by the app beforehand). */
export const cardPhotoMaxBytes = 64 * 1024;

/** A card as the server receives it (text and photo encrypted under the card key, base64url) is at most this long. */
export const cardMaxLength = 121_000;

/** A note's payload as sent: its text and hashtags, encrypted (base64url), at most this many characters. */
export const noteMaxLength = 32_000;

/**
 * Deepest nesting of arrays and objects in any input (an HTTP body, a live message, an operation's
 * input): `{"a":[1]}` nests 2. Ilot's own inputs nest a few levels; deeper ones are refused before
 * anything parses or walks them (INPUT_TOO_DEEP), so no input can exhaust a stack.
 */
export const maxInputDepth = 64;

/** A chunk of a file sent in parts (PUT /api/files/<id> with Content-Range) is at most this many bytes. */
export const uploadChunkMaxBytes = 8 * 1024 * 1024;

/** A file's metadata as the server receives it (name, type, size, key, a small thumbnail; encrypted, base64url) is at most this long. */
export const fileMetaMaxLength = 2000;

/** A chat holds at most this many characters of plain text in all; past it, its oldest items go first, whichever side wrote them. */
export const chatTextMaxLength = 5000;

/**
 * The most characters an item of `length` characters of plain text may take as sent: its text and
 * time as JSON (at worst 6 bytes a character, `\u0000`), a nonce and a tag, in base64url. The
 * client declares each item's length; the server bounds its ciphertext by it, and the chat's total.
 */
export const chatItemMaxLength = (length: number) => Math.ceil(((6 * length + 128) * 4) / 3);

/** A group chat item holds at most this many characters of plain text… */
export const groupChatItemMaxLength = 300;

/** …and the chat at most this many in all: the oldest items go first. */
export const groupChatMaxLength = 5000;

/** A group chat item as the server receives it (sealed, base64url) is at most this long. */
export const groupChatItemMaxBytes = 2000;

/** A group holds at most this many listed, invited and active members (a key rotation seals for all holders in one request). */
export const groupMaxHolders = 2000;
