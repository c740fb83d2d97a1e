// Limits that the SDK checks before sending and the server enforces: one place for both.

/** A note holds at most this many characters of plain text (markdown marks included). */
export const noteTextMaxLength = 5000;

/** A note's payload as sent: its text and hashtags, encrypted (base64url), at most this many characters. */
export const noteMaxLength = 32_000;
