// Contracts of the audit operations (see contract.ts).
export {};
