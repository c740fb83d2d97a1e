// Contracts of the notes operations (see contract.ts).
export {};
