import type { Static, TObject, TSchema } from '@sinclair/typebox';

/**
 * What the server and the SDK agree on for one operation: its stable name (also the route
 * POST /api/ops/<name>), a summary, and the schemas of its input and output. The server adds how
 * the operation runs (`defineOperation({ ...contract, access, effect, run })`); the SDK's `call`
 * is typed from the same objects.
 */
export interface Contract<N extends string = string, I extends TObject = TObject, O extends TSchema = TSchema> {
  name: N;
  summary: string;
  input: I;
  output: O;
}

/** Declares a contract, keeping its name as a literal type. */
export function defineContract<const N extends string, I extends TObject, O extends TSchema>(
  contract: Contract<N, I, O>,
): Contract<N, I, O> {
  return contract;
}

export type InputOfContract<C extends Contract> = Static<C['input']>;
export type OutputOfContract<C extends Contract> = Static<C['output']>;
