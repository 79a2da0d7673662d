import type { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

/**
 * How many writes this execution environment has made to the table: what a view read from the table
 * and kept for a few seconds (OneRoster's, decision 0105) compares to know that it may have changed.
 * In Lambda an environment sees only its own writes, so a view stays at most its few seconds behind
 * the others'; in the local runtime, where every function shares one process, no write is missed (decision 0143).
 */
let generation = 0;

export const writeGeneration = (): number => generation;

const WRITES = /^(TransactWrite|BatchWrite|Put|Update|Delete)(Item|Items)?Command$/;

/** Counts the client's successful writes (added once per client, however many services are built over it). */
export function countWrites(client: DynamoDBDocumentClient): void {
  client.middlewareStack.add(
    (next, context) => async (args) => {
      const output = await next(args);
      if (WRITES.test(context.commandName ?? '')) generation += 1;
      return output;
    },
    { step: 'initialize', name: 'sisWriteGeneration', override: true },
  );
}
