// Contracts of the tasks operations (see contract.ts).
export {};
