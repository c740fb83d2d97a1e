// Contracts of the avatars operations (see contract.ts).
export {};
