// Limits that the SDK checks before sending and the server enforces: one place for both.

/** A note holds at most this many characters of plain text (markdown marks included). */
export const noteTextMaxLength = 5000;

/** The lifetimes a space may give its accounts (`nbmi`, in months): a sign-in extends an account to the end of the month this many months later. */
export const lifetimeChoices = [3, 6, 12, 18, 24] as const;
