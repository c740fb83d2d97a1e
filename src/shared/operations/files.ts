// Contracts of the files operations (see contract.ts).
export {};
