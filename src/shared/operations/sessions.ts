// Contracts of the sessions operations (see contract.ts).
export {};
