// Contracts of the spaces operations (see contract.ts).
export {};
