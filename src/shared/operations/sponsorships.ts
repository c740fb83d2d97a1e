// Contracts of the sponsorships operations (see contract.ts).
export {};
