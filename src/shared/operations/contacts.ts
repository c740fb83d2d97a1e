// Contracts of the contacts operations (see contract.ts).
export {};
