// Contracts of the accounts operations (see contract.ts).
export {};
