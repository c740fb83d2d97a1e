// Contracts of the sync operations (see contract.ts).
export {};
