import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { createServices, type Services } from '../../functions/services';
import type { WriteScope } from '../../functions/manifest';
import type { UseCaseServices } from './use-cases';

type Input = Record<string, unknown>;
type KeyOf = { pk?: unknown } | undefined;

/** The partition keys a DynamoDB request writes: puts, updates and deletes, alone, in a transaction or a batch; not condition checks. */
function writtenPartitions(input: Input): string[] {
  const pkOf = (item: KeyOf) => (typeof item?.pk === 'string' ? [item.pk] : []);
  const ofWrite = (write: Input | undefined): string[] =>
    write ? [...pkOf(write.Item as KeyOf), ...(write.Item ? [] : pkOf(write.Key as KeyOf))] : [];
  if (Array.isArray(input.TransactItems)) {
    return (input.TransactItems as Input[]).flatMap((entry) =>
      [entry.Put, entry.Update, entry.Delete].flatMap((write) => ofWrite(write as Input | undefined)),
    );
  }
  if (input.RequestItems && typeof input.RequestItems === 'object') {
    return Object.values(input.RequestItems as Record<string, Input[]>)
      .flat()
      .flatMap((request) => [
        ...pkOf((request.PutRequest as Input | undefined)?.Item as KeyOf),
        ...pkOf((request.DeleteRequest as Input | undefined)?.Key as KeyOf),
      ]);
  }
  return [];
}

const WRITE_COMMANDS = new Set(['PutCommand', 'UpdateCommand', 'DeleteCommand', 'TransactWriteCommand', 'BatchWriteCommand']);

/**
 * The services a function builds, on the test's table, with every partition key they write
 * recorded: what a function's `dynamodb:LeadingKeys` condition must allow (decision 0135).
 */
export function recordingServices(world: UseCaseServices): { services: Services; written: string[] } {
  const written: string[] = [];
  const documents = DynamoDBDocumentClient.from(world.table.client);
  const send = documents.send.bind(documents) as (command: unknown) => Promise<unknown>;
  documents.send = ((command: { constructor: { name: string }; input: Input }) => {
    const name = command.constructor.name;
    if (name === 'TransactWriteCommand' || name === 'BatchWriteCommand') written.push(...writtenPartitions(command.input));
    else if (WRITE_COMMANDS.has(name))
      written.push(...writtenPartitions({ TransactItems: [{ [name.replace('Command', '')]: command.input }] }));
    return send(command);
  }) as typeof documents.send;
  return { services: createServices(documents, world.table.tableName), written };
}

/** IAM's `StringLike`: `*` any run of characters, `?` one character. */
export function stringLike(pattern: string, value: string): boolean {
  const source = pattern
    .replace(/[.+^${}()|[\]\\]/g, '\\$&')
    .replace(/\*/g, '.*')
    .replace(/\?/g, '.');
  return new RegExp(`^${source}$`, 's').test(value);
}

/** The partitions written that the scope's `dynamodb:LeadingKeys` patterns would refuse. */
export function refusedBy(scope: WriteScope | undefined, written: readonly string[]): string[] {
  if (!scope) return [...written];
  if ('anywhere' in scope) return [];
  return [...new Set(written)].filter((pk) => !scope.partitions.some((pattern) => stringLike(pattern, pk)));
}
