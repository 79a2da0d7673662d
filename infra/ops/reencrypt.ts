/**
 * Seals confidential records again under the field key's current version (decision 0066's
 * rotation; decision 0151): every item that holds sealed contents (health, counseling and plan
 * records and each of their history items) whose data key is of another version, or was sealed
 * under the purpose alone before decision 0136, is opened and sealed anew under the record's
 * context (its kind, school and student), and written back only if nobody sealed
 * it meanwhile (a conditional update on the old data key), so the walk is idempotent: a second run
 * finds nothing to do. Resumable: the walk is a parallel Scan whose position is saved to a state
 * file after every page, and a run that stopped goes on from there. The record's version and
 * history do not change: the contents are the same, only their envelope is new.
 *
 * Against the running local system by default (`--rotate` first adds a key version to its key
 * file), or in AWS with `--table` and `--key` (the field key's ARN new writes use).
 */
import { existsSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, ScanCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { COUNSELING, HEALTH, PLANS, sealingContext, StoredConfidentialSchema } from '../../domain/records/confidential-types';
import { FieldCipher, LocalKeyFileProvider, type KeyProvider, type SealedFields } from '../../functions/platform/field-encryption';
import { KmsKeyProvider } from '../../functions/platform/kms-key-provider';
import { KMSClient } from '@aws-sdk/client-kms';
import { localDynamoClient } from '../local/dynamo-local';
import { connectToLocalSystem } from '../local/local-system';
import { localPaths } from '../local/paths';
import { defineTool } from './tool-cli';

export interface ReencryptSummary {
  /** Items the walk read (only those holding sealed contents are returned by the scan). */
  readonly sealedItems: number;
  /** Already under the current key version. */
  readonly current: number;
  readonly resealed: number;
  /** Sealed again by somebody else between the read and the write (a new version of the record): left as it is. */
  readonly changedMeanwhile: number;
}

/** Where the walk is: each segment's next start key, or `done`. */
interface WalkState {
  readonly segments: number;
  readonly cursors: Record<string, Record<string, unknown> | 'done' | null>;
  readonly summary: ReencryptSummary;
}

const TYPES = new Map([HEALTH, COUNSELING, PLANS].map((family) => [family.type.entity, family.type]));
const EMPTY: ReencryptSummary = { sealedItems: 0, current: 0, resealed: 0, changedMeanwhile: 0 };

export interface ReencryptOptions {
  readonly segments?: number;
  /** Saves the position after every page and resumes from it; removed when the walk ends. */
  readonly stateFile?: string;
  /** Count what would be sealed again; write nothing. */
  readonly dryRun?: boolean;
  /** Stop after this many items sealed again (a test's crash in the middle); the state file says where. */
  readonly stopAfter?: number;
}

/** One pass over the table; resolves with the counts (of this run and those before it when resumed). */
export async function reencrypt(
  documents: DynamoDBDocumentClient,
  tableName: string,
  cipher: FieldCipher,
  options: ReencryptOptions = {},
): Promise<ReencryptSummary & { finished: boolean }> {
  const saved =
    options.stateFile && existsSync(options.stateFile) ? (JSON.parse(readFileSync(options.stateFile, 'utf8')) as WalkState) : undefined;
  const segments = saved?.segments ?? options.segments ?? 4;
  const cursors: WalkState['cursors'] = saved?.cursors ?? Object.fromEntries(Array.from({ length: segments }, (_, index) => [index, null]));
  const summary = { ...(saved?.summary ?? EMPTY) };
  let stopped = false;
  const save = () => {
    if (options.stateFile && !options.dryRun)
      writeFileSync(options.stateFile, JSON.stringify({ segments, cursors, summary } satisfies WalkState));
  };

  await Promise.all(
    Array.from({ length: segments }, async (_, segment) => {
      while (cursors[segment] !== 'done' && !stopped) {
        const start = cursors[segment];
        const page = await documents.send(
          new ScanCommand({
            TableName: tableName,
            Segment: segment,
            TotalSegments: segments,
            FilterExpression: 'attribute_exists(#data.#sealed)',
            ExpressionAttributeNames: { '#data': 'data', '#sealed': 'sealed' },
            ...(start ? { ExclusiveStartKey: start } : {}),
          }),
        );
        for (const item of page.Items ?? []) {
          if (stopped) break;
          summary.sealedItems += 1;
          const outcome = await resealItem(documents, tableName, cipher, item, options.dryRun === true);
          summary[outcome] += 1;
          if (options.stopAfter !== undefined && summary.resealed >= options.stopAfter) stopped = true;
        }
        // A page is done only when all of it was: a stop in the middle reads the page again (its resealed items count as current).
        if (!stopped) cursors[segment] = page.LastEvaluatedKey ?? 'done';
        save();
      }
    }),
  );
  const finished = Object.values(cursors).every((cursor) => cursor === 'done');
  if (finished && options.stateFile && !options.dryRun) rmSync(options.stateFile, { force: true });
  return { ...summary, finished };
}

async function resealItem(
  documents: DynamoDBDocumentClient,
  tableName: string,
  cipher: FieldCipher,
  item: Record<string, unknown>,
  dryRun: boolean,
): Promise<'current' | 'resealed' | 'changedMeanwhile'> {
  const entity = String(item.entity === 'history' ? item.recordEntity : item.entity);
  const type = TYPES.get(entity);
  if (!type) throw new Error(`${String(item.pk)} ${String(item.sk)}: sealed contents of an unknown kind ${entity}`);
  const data = StoredConfidentialSchema.parse(item.data);
  const record = { kind: type.entity, schoolId: data.schoolId, studentId: data.studentId };
  // On the current version, an item sealed before decision 0136 (under the purpose alone) is sealed again too.
  if (!cipher.needsReencryption(data.sealed) && (await cipher.sealedForRecord(data.sealed, record))) return 'current';
  const recordId = String((item.ids as Record<string, string>).recordId);
  const sealed: SealedFields = await cipher.reencrypt(data.sealed, sealingContext(type, data.studentId, recordId), record);
  if (dryRun) return 'resealed';
  try {
    await documents.send(
      new UpdateCommand({
        TableName: tableName,
        Key: { pk: item.pk, sk: item.sk },
        UpdateExpression: 'SET #data.#sealed = :sealed',
        ConditionExpression: '#data.#sealed.#edk = :edk',
        ExpressionAttributeNames: { '#data': 'data', '#sealed': 'sealed', '#edk': 'edk' },
        ExpressionAttributeValues: { ':sealed': sealed, ':edk': data.sealed.edk },
      }),
    );
    return 'resealed';
  } catch (error) {
    if ((error as Error).name === 'ConditionalCheckFailedException') return 'changedMeanwhile';
    throw error;
  }
}

const cli = defineTool({
  script: 'reencrypt',
  summary:
    "Seals every confidential record (and its history) again under the field key's current version, after a rotation: " +
    'resumable (a state file keeps the position) and idempotent (a record sealed meanwhile is left as it is).',
  usage: [
    '[--rotate] [--dry-run] [--segments 4] [--restart]',
    '--table <name> --key <key ARN> [--region <region>] [--state <file>]   (AWS)',
  ],
  options: {
    rotate: {
      type: 'boolean',
      default: false,
      description: "Local: first add a version to the running system's key file; new writes and this walk use it.",
    },
    'dry-run': { type: 'boolean', default: false, description: 'Count what would be sealed again; write nothing.' },
    segments: { type: 'string', default: '4', value: 'n', description: 'Parallel scan segments (a resumed walk keeps its own).' },
    restart: { type: 'boolean', default: false, description: 'Forget a stopped walk and start from the beginning.' },
    state: {
      type: 'string',
      value: 'file',
      description: "Where the position is kept. Default: reencrypt-state.json in the local system's data folder.",
    },
    table: { type: 'string', value: 'name', description: 'AWS: the table (stack output TableName).' },
    key: { type: 'string', value: 'key ARN', description: "AWS: the field key new writes use (the functions' FIELD_KEY_ID)." },
    region: { type: 'string', value: 'region', description: "AWS: the region. Default: the environment's." },
  },
  examples: ['npm run reencrypt -- --rotate', 'npm run reencrypt -- --dry-run'],
  notes: [
    'In AWS, run it after pointing the functions at a new key (FIELD_KEY_ID), with credentials that may Decrypt under the old key ' +
      "and GenerateDataKey under the new one for the records' kinds: the key policies give that to the two confidential functions " +
      'only, so the run needs a reviewed, time-boxed grant of its own (docs/deploy.md). Keep the old key until a --dry-run reports 0 to reseal.',
  ],
});

async function main(): Promise<void> {
  const { values } = cli.parse();
  const segments = Number(values.segments);
  if (!Number.isInteger(segments) || segments < 1 || segments > 64)
    return cli.fail(`--segments ${values.segments} is not between 1 and 64`);
  let documents: DynamoDBDocumentClient;
  let tableName: string;
  let provider: KeyProvider;
  let stateFile = values.state;
  if (values.table || values.key) {
    if (!values.table || !values.key) return cli.fail('--table and --key go together (AWS)');
    if (values.rotate) return cli.fail('--rotate is for the local key file; in AWS create the new key and pass it as --key');
    if (!stateFile) return cli.fail('in AWS, say where to keep the position: --state <file>');
    const region = values.region ? { region: values.region } : {};
    documents = DynamoDBDocumentClient.from(new DynamoDBClient(region));
    tableName = values.table;
    provider = new KmsKeyProvider(new KMSClient(region), values.key);
  } else {
    const system = connectToLocalSystem('pass --table and --key for AWS');
    const paths = localPaths(system.dataDir);
    const keys = LocalKeyFileProvider.open(paths.fieldKey);
    if (values.rotate && !values['dry-run']) process.stdout.write(`field key: version ${keys.rotate()} added and made current\n`);
    documents = DynamoDBDocumentClient.from(localDynamoClient(system.dynamoEndpoint));
    tableName = system.tableName;
    provider = keys;
    stateFile ??= `${system.dataDir}/reencrypt-state.json`;
  }
  if (values.restart) rmSync(stateFile, { force: true });
  else if (existsSync(stateFile)) process.stdout.write(`resuming the walk saved in ${stateFile}\n`);
  const summary = await reencrypt(documents, tableName, new FieldCipher(() => provider), {
    segments,
    stateFile,
    dryRun: values['dry-run'],
  });
  process.stdout.write(`key version      ${provider.currentVersion()}\n`);
  for (const [name, value] of Object.entries(summary)) process.stdout.write(`${name.padEnd(16)} ${String(value)}\n`);
  if (values['dry-run']) process.stdout.write('(dry run: nothing written)\n');
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`reencrypt failed: ${error.message}\n`);
    process.exit(1);
  });
}
