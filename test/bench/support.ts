/** What every benchmark needs: its command line, percentiles, a bounded pool of workers, a table scan, waiting for the system to drain. */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ScanCommand, type DynamoDBDocumentClient, type ScanCommandOutput } from '@aws-sdk/lib-dynamodb';
import { dynamoCalls } from '../../functions/platform/aws-clients';
import type { ApiClient } from '../support/api';

/**
 * The command line of a benchmark whose options are counts: `--name N` for each of `defaults` (its
 * default when absent) and `--json`. An option not listed is refused, as `parseArgs` does.
 */
export function benchArgs<Name extends string>(
  defaults: Readonly<Record<Name, number>>,
): { readonly [name in Name]: number } & { readonly json: boolean } {
  const { values } = parseArgs({
    options: {
      ...Object.fromEntries(Object.entries(defaults).map(([name, value]) => [name, { type: 'string' as const, default: String(value) }])),
      json: { type: 'boolean', default: false },
    },
  });
  return Object.fromEntries(Object.entries(values).map(([name, value]) => [name, name === 'json' ? value === true : Number(value)])) as {
    readonly [name in Name]: number;
  } & { readonly json: boolean };
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return 0;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

export async function pool(count: number, concurrency: number, task: (index: number) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(concurrency, count) }, async () => {
      for (let index = next++; index < count; index = next++) await task(index);
    }),
  );
}

export async function scanAll(documents: DynamoDBDocumentClient, tableName: string): Promise<Record<string, unknown>[]> {
  const items: Record<string, unknown>[] = [];
  let start: ScanCommandOutput['LastEvaluatedKey'];
  do {
    const page = await documents.send(new ScanCommand({ TableName: tableName, ExclusiveStartKey: start }));
    items.push(...(page.Items ?? []));
    start = page.LastEvaluatedKey;
  } while (start);
  return items;
}

/** Waits until the queues and the stream are drained (a long backlog takes more than one idle() window). */
export async function settle(runtime: { idle(): Promise<void> }): Promise<void> {
  for (let attempt = 0; ; attempt += 1) {
    try {
      await runtime.idle();
      return;
    } catch (error) {
      if (attempt >= 20) throw error;
    }
  }
}

export const totalCalls = () => Object.values(dynamoCalls).reduce((sum, count) => sum + count, 0);

/**
 * CPU time (user + system, ms) a process has used so far, from /proc (Linux; clock ticks of 10 ms).
 * Unlike wall-clock time it barely moves when other work shares the machine, so a benchmark can
 * compare runs made under different loads by the CPU DynamoDB Local spent.
 */
export function processCpuMs(pid: number | undefined): number {
  if (!pid) return Number.NaN;
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    return (Number(fields[11]) + Number(fields[12])) * 10;
  } catch {
    return Number.NaN;
  }
}

/** An API client for set-up calls: retried on a 5xx (the local runtime on a busy shared machine can time out). Measured calls use the client itself. */
export function retryingApi(client: ApiClient, say: (line: string) => void = (line) => process.stderr.write(`${line}\n`)) {
  return {
    token: client.token.bind(client),
    call: async (...args: Parameters<ApiClient['call']>) => {
      for (let attempt = 0; ; attempt += 1) {
        const answer = await client.call(...args);
        if (answer.status < 500 || attempt >= 4) return answer;
        say(`  retrying ${args[0]} ${args[1]} after ${answer.status}`);
        await new Promise((resolve) => setTimeout(resolve, 1000 * (attempt + 1)));
      }
    },
  };
}
export type RetryingApi = ReturnType<typeof retryingApi>;
