/**
 * Moves a queue's dead letters back to it, once their cause is fixed: in the running local system,
 * or in AWS with `--dlq-arn` (SQS StartMessageMoveTask; the ARN is the stack output <Queue>DlqArn).
 *
 * The enrollment DLQ has a consumer that marks the requests behind its messages FAILED (a family
 * never sees PENDING for ever), so for `enrollment` the redrive also queues every FAILED request
 * again, from the district-wide index of unsettled requests; in AWS pass `--table <name>
 * --queue-url <intake queue URL>` for that step.
 */
import {
  GetQueueAttributesCommand,
  GetQueueUrlCommand,
  ListMessageMoveTasksCommand,
  SQSClient,
  StartMessageMoveTaskCommand,
} from '@aws-sdk/client-sqs';
import { SendMessageCommand } from '@aws-sdk/client-sqs';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { QUEUES, type QueueId } from '../../functions/manifest';
import { EnrollmentStore } from '../../functions/repositories/enrollment-store';
import { TransactionRunner } from '../../functions/repositories/transaction-runner';
import { requeueUnsettled } from '../../functions/use-cases/enrollment/unsettled-requests';
import { LOCAL_CREDENTIALS, LOCAL_REGION, localDynamoClient } from '../local/dynamo-local';
import { localQueueArn } from '../local/sqs-shapes';
import { connectToLocalSystem } from '../local/local-system';
import { localQueueName } from '../local/runtime';
import { defineTool } from './tool-cli';

const QUEUE_IDS = QUEUES.map((queue) => queue.id);

const cli = defineTool({
  script: 'redrive',
  summary:
    "Moves a queue's dead letters back to the queue, once their cause is fixed: in the running local system, or in AWS with " +
    '--dlq-arn. For enrollment it also queues every FAILED enrollment request again (in AWS with --table and --queue-url).',
  positionals: `<${QUEUE_IDS.join('|')}>`,
  usage: [`<${QUEUE_IDS.join('|')}>`, `<queue> --dlq-arn <arn> [--region <region>] [--table <name> --queue-url <url>]   (AWS)`],
  options: {
    'dlq-arn': { type: 'string', value: 'arn', description: 'The dead-letter queue in AWS (the stack output <Queue>DlqArn).' },
    region: { type: 'string', value: 'region', description: "The AWS region. Default: the environment's." },
    table: {
      type: 'string',
      value: 'name',
      description: 'With --dlq-arn, for enrollment: the table whose FAILED requests are queued again.',
    },
    'queue-url': { type: 'string', value: 'url', description: 'With --dlq-arn, for enrollment: the intake queue they go to.' },
  },
  examples: ['npm run redrive -- enrollment', 'npm run redrive -- notifications --dlq-arn <NotificationsDlqArn> --region us-east-1'],
});

export interface RedriveResult {
  readonly dlqArn: string;
  readonly waiting: number;
  readonly taskHandle?: string;
}

async function depth(client: SQSClient, queueArn: string): Promise<number> {
  const name = queueArn.split(':').pop()!;
  const { QueueUrl } = await client.send(new GetQueueUrlCommand({ QueueName: name, QueueOwnerAWSAccountId: queueArn.split(':')[4] }));
  const { Attributes } = await client.send(new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['ApproximateNumberOfMessages'] }));
  return Number(Attributes?.ApproximateNumberOfMessages ?? 0);
}

/** Starts moving every message of a DLQ back to the queue it came from (StartMessageMoveTask). */
export async function redrive(client: SQSClient, dlqArn: string): Promise<RedriveResult> {
  const waiting = await depth(client, dlqArn);
  if (waiting === 0) return { dlqArn, waiting };
  const { TaskHandle } = await client.send(new StartMessageMoveTaskCommand({ SourceArn: dlqArn }));
  return { dlqArn, waiting, taskHandle: TaskHandle };
}

/**
 * Queues every FAILED enrollment request again (the enrollment redrive's second step): the
 * consumer processes FAILED requests like PENDING ones. Returns how many were queued.
 */
export async function requeueFailedEnrollments(
  dynamo: DynamoDBClient,
  tableName: string,
  sqs: SQSClient,
  queueUrl: string,
): Promise<number> {
  const documents = DynamoDBDocumentClient.from(dynamo);
  const transactions = new TransactionRunner(documents, tableName);
  const services = { enrollments: new EnrollmentStore(documents, tableName, transactions), transactions, now: () => new Date() };
  const queue = {
    send: async (body: Record<string, unknown>) =>
      void (await sqs.send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: JSON.stringify(body) }))),
  };
  const log = { error: console.error, warn: console.warn, info: () => undefined };
  return requeueUnsettled({ services, queue, log }, 'FAILED', 0);
}

async function main(): Promise<void> {
  const { values, positionals } = cli.parse();
  const queueId = positionals[0] as QueueId | undefined;
  if (!queueId) return cli.fail('which queue? name one');
  if (!QUEUE_IDS.includes(queueId)) return cli.fail(`there is no queue "${queueId}"; queues: ${QUEUE_IDS.join(', ')}`);
  if (positionals.length > 1) return cli.fail(`one queue at a time (got ${positionals.join(', ')})`);
  let client: SQSClient;
  let dlqArn: string;
  let failedStep: { dynamo: DynamoDBClient; tableName: string; queueUrl: string } | undefined;
  if (values['dlq-arn']) {
    client = new SQSClient(values.region ? { region: values.region } : {});
    dlqArn = values['dlq-arn'];
    if (values.table && values['queue-url']) {
      failedStep = {
        dynamo: new DynamoDBClient(values.region ? { region: values.region } : {}),
        tableName: values.table,
        queueUrl: values['queue-url'],
      };
    }
  } else {
    const runtime = connectToLocalSystem('pass --dlq-arn for AWS');
    client = new SQSClient({ endpoint: runtime.awsEndpoint, region: LOCAL_REGION, credentials: LOCAL_CREDENTIALS });
    dlqArn = localQueueArn(localQueueName(runtime.tableName, queueId).dlq);
    failedStep = {
      dynamo: localDynamoClient(runtime.dynamoEndpoint),
      tableName: runtime.tableName,
      queueUrl: `${runtime.awsEndpoint}/000000000000/${localQueueName(runtime.tableName, queueId).queue}`,
    };
  }
  if (queueId === 'enrollment') {
    if (failedStep) {
      const queued = await requeueFailedEnrollments(failedStep.dynamo, failedStep.tableName, client, failedStep.queueUrl);
      process.stdout.write(`enrollment: queued ${queued} FAILED request(s) again.\n`);
    } else {
      process.stdout.write('enrollment: pass --table and --queue-url to queue the FAILED requests again too.\n');
    }
  }
  const result = await redrive(client, dlqArn);
  if (result.waiting === 0) {
    process.stdout.write(`${queueId}: the dead-letter queue is empty; nothing to move.\n`);
    return;
  }
  process.stdout.write(`${queueId}: moving ${result.waiting} message(s) from ${dlqArn} back to the queue (task ${result.taskHandle}).\n`);
  const tasks = await client.send(new ListMessageMoveTasksCommand({ SourceArn: dlqArn, MaxResults: 1 })).catch(() => undefined);
  if (tasks?.Results?.[0]) process.stdout.write(`status: ${tasks.Results[0].Status}\n`);
}

if (require.main === module) {
  main().catch((error: Error) => {
    process.stderr.write(`redrive failed: ${error.message}\n`);
    process.exit(1);
  });
}
