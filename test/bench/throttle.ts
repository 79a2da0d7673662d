/**
 * DynamoDB throttling for the fault benchmark: a share of the calls the functions make to one
 * table fail with ProvisionedThroughputExceededException, as an on-demand table past its
 * throughput does. The error is raised inside the SDK's retry loop (the deserialize step, under
 * the retry middleware of finalizeRequest), so the SDK backs off and retries it as it would in
 * AWS; only a call throttled on every attempt reaches the code, which must then fail safely.
 */
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';

type Middleware = (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => Promise<unknown>;
interface Stack {
  add(middleware: Middleware, options: Record<string, unknown>): void;
}
interface SmithyClient {
  config?: { serviceId?: string };
  middlewareStack: Stack;
}
type Send = (this: SmithyClient, ...args: unknown[]) => unknown;

export interface Throttling {
  /** Share of calls throttled while on. */
  rate: number;
  on: boolean;
  injected: number;
}

const TARGETED =
  /^(GetItem|PutItem|UpdateItem|DeleteItem|Query|Scan|BatchGetItem|BatchWriteItem|TransactWriteItems|TransactGetItems)Command$/;

function tableOf(input: Record<string, unknown>): string | undefined {
  if (typeof input.TableName === 'string') return input.TableName;
  const first = (input.TransactItems as Record<string, { TableName?: string }>[] | undefined)?.[0];
  if (first) return Object.values(first)[0]?.TableName;
  const requestItems = (input.RequestItems ?? undefined) as Record<string, unknown> | undefined;
  return requestItems ? Object.keys(requestItems)[0] : undefined;
}

/** Makes every DynamoDB client of this process throttle calls to `tableName` at `throttling.rate` while `throttling.on`. */
export function injectThrottling(tableName: string, throttling: Throttling, random: () => number = Math.random): void {
  const patched = new WeakSet<object>();
  const middleware: Middleware = (next, context) => async (handlerArgs) => {
    const input = (handlerArgs as { input?: Record<string, unknown> }).input ?? {};
    // The document client names its commands after the low-level ones it sends (TransactWrite → TransactWriteItems).
    const command = String(context.commandName ?? '')
      .replace(/^TransactWriteCommand$/, 'TransactWriteItemsCommand')
      .replace(/^(Get|Put|Update|Delete)Command$/, '$1ItemCommand')
      .replace(/^(BatchGet|BatchWrite)Command$/, '$1ItemCommand');
    if (throttling.on && TARGETED.test(command) && tableOf(input) === tableName && random() < throttling.rate) {
      throttling.injected += 1;
      throw Object.assign(new Error('injected: Throughput exceeds the current capacity of your table'), {
        name: 'ProvisionedThroughputExceededException',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
      });
    }
    return next(handlerArgs);
  };
  const bases = new Set([Object.getPrototypeOf(DynamoDBClient.prototype), Object.getPrototypeOf(DynamoDBDocumentClient.prototype)] as {
    send: Send;
  }[]);
  for (const base of bases) {
    const send = base.send;
    base.send = function (this: SmithyClient, ...args: unknown[]) {
      const stack = this.middlewareStack;
      if (this.config?.serviceId === 'DynamoDB' && !patched.has(stack)) {
        patched.add(stack);
        stack.add(middleware, { step: 'deserialize', name: 'benchThrottling', override: true });
      }
      return send.apply(this, args);
    };
  }
}
