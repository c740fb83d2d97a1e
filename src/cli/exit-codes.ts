/** Exit codes of the `ilot` command, documented in README.md. */
export const exitCodes = { ok: 0, failed: 1, config: 2, database: 3, environment: 4 } as const;
