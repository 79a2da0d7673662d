import { CrossStackReferences, Duration, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import * as events from 'aws-cdk-lib/aws-events';
import * as targets from 'aws-cdk-lib/aws-events-targets';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { SqsDlq, SqsEventSource } from 'aws-cdk-lib/aws-lambda-event-sources';
import type { Construct } from 'constructs';
import { FunctionAlarms } from '../constructs/alarms';
import { SisFunction } from '../constructs/sis-function';
import { FUNCTIONS, QUEUES, SCHEDULES, STREAM_CONSUMERS, type HandlerId } from '../../functions/manifest';
import { assertReservationsFit, reservedConcurrency } from './capacity';
import type { SisData } from './stateful-stack';
import { addVendorSecretRotation } from './oneroster-rotation';
import type { ChannelRates } from '../../functions/platform/channel-rates';

/**
 * A function's name, from its stage and manifest id. The API stacks integrate routes with the
 * function of this name and the operations stack graphs it, so neither needs a reference to this
 * stack (decision 0123): nothing here is exported, and a function can be changed or removed
 * without CloudFormation refusing because another stack imports it.
 */
export function functionNameOf(stage: string, handlerId: HandlerId): string {
  return `sis-${stage}-${handlerId.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
}

/** The role name of a function that keeps confidential records: the field key's policy names it before the role exists (decision 0136). */
export const fieldKeeperRoleName = (stage: string, handlerId: HandlerId) => `${functionNameOf(stage, handlerId)}-role`;

export interface FunctionsStackProps extends StackProps {
  readonly stage: string;
  readonly data: SisData;
  /** Where family notices come from, and their channel rates (see SisConfig.notify). */
  readonly notify: { readonly fromAddress: string; readonly configurationSet?: string; readonly rates?: ChannelRates };
  /** The account's Lambda concurrency quota, which the reservations must fit. @default 1000 */
  readonly accountConcurrency?: number;
}

/**
 * One function per manifest handler with its event sources, schedules and alarms: everything that
 * runs code and holds no data. The HTTP APIs that front these functions are stacks of their own
 * (api-stack.ts), which keeps each stack well under CloudFormation's resource quota.
 */
export class FunctionsStack extends Stack {
  readonly functions: Record<HandlerId, SisFunction>;
  /** The manifest's SCHEDULES, by id. */
  readonly schedules: Record<string, events.Rule> = {};
  readonly alarms: FunctionAlarms;
  /** Concurrent executions reserved by all functions together. */
  readonly reservedConcurrencyTotal: number;

  constructor(scope: Construct, id: string, props: FunctionsStackProps) {
    super(scope, id, props);
    // Strong references (exports/imports) to the stateful stack: CloudFormation then refuses to
    // remove or replace a stateful resource while a function still uses it, which is the
    // protection wanted here. The exported values are names and ARNs of retained resources.
    CrossStackReferences.of(this).consume(ReferenceStrength.STRONG);
    const { data } = props;
    this.reservedConcurrencyTotal = assertReservationsFit(props.accountConcurrency ?? 1000);

    this.functions = {} as Record<HandlerId, SisFunction>;
    for (const [handlerId, spec] of Object.entries(FUNCTIONS) as [HandlerId, (typeof FUNCTIONS)[HandlerId]][]) {
      const fn = SisFunction.fromSpec(this, handlerId, spec, {
        reservedConcurrency: reservedConcurrency(handlerId),
        functionName: functionNameOf(props.stage, handlerId),
        // The field key's policy names these roles before they exist (field-key-custody.ts).
        ...(spec.fieldKey ? { roleName: fieldKeeperRoleName(props.stage, handlerId) } : {}),
      });
      if (spec.table !== 'none') fn.bindTable(data.table, spec.table, spec.writes);
      for (const queueId of spec.sendsTo ?? []) fn.bindQueue(queueId, data.queues[queueId]);
      if (spec.publishes) fn.bindBus(data.bus);
      if (spec.notifies) fn.bindNotifications({ ...props.notify, configurationSet: data.noticeConfigurationSet });
      if (spec.fieldKey) fn.bindFieldKey(data.fieldKey, spec.fieldKey.kinds);
      if (spec.reportsBacklog) {
        // The relay's lag is its stream mapping's IteratorAge; each queue's, its oldest message (decision 0149).
        const queueNames = Object.fromEntries(QUEUES.map((queue) => [queue.id, data.queues[queue.id].queueName]));
        fn.bindBacklogMetrics({ relayFunctionName: functionNameOf(props.stage, STREAM_CONSUMERS[0]!.handler), queueNames });
      }
      if (spec.rotatesVendorSecrets) addVendorSecretRotation(this, fn, data.oneRosterSecrets);
      this.functions[handlerId] = fn;
    }

    for (const spec of QUEUES) {
      this.functions[spec.consumer].addEventSource(
        new SqsEventSource(data.queues[spec.id], {
          batchSize: spec.batchSize,
          maxBatchingWindow: Duration.seconds(spec.batchingWindowSeconds),
          maxConcurrency: spec.maxConcurrency,
          reportBatchItemFailures: true,
        }),
      );
    }

    // A dead-letter queue's consumer settles what died there (the manifest's deadLetterConsumer).
    for (const spec of QUEUES) {
      if (!spec.deadLetterConsumer) continue;
      this.functions[spec.deadLetterConsumer].addEventSource(
        new SqsEventSource(data.deadLetterQueues[spec.id], { batchSize: 10, maxConcurrency: 2, reportBatchItemFailures: true }),
      );
    }

    // The manifest's schedules. A failed run needs no DLQ: the event carries nothing, the work is
    // in the table, and the next run does it.
    for (const spec of SCHEDULES) {
      this.schedules[spec.id] = new events.Rule(this, `Schedule-${spec.id}`, {
        description: spec.description,
        schedule: events.Schedule.rate(Duration.minutes(spec.rateMinutes)),
        targets: [
          new targets.LambdaFunction(this.functions[spec.handler], {
            event: events.RuleTargetInput.fromObject(spec.input),
            retryAttempts: 2,
            maxEventAge: Duration.minutes(Math.max(1, spec.rateMinutes)),
          }),
        ],
      });
    }

    for (const spec of STREAM_CONSUMERS) {
      const fn = this.functions[spec.handler];
      const streamArn = data.table.tableStreamArn;
      if (!streamArn) throw new Error('the table has no stream');
      const failures = data.streamFailureQueues[spec.id];
      if (!failures) throw new Error(`no on-failure queue for stream consumer ${spec.id}`);
      // An EventSourceMapping rather than DynamoEventSource: the latter grants ListStreams on a
      // table/stream/* wildcard; SisFunction.bindTableStream grants the exact stream instead.
      fn.bindTableStream(data.table);
      new lambda.EventSourceMapping(this, `Stream-${spec.id}`, {
        target: fn,
        eventSourceArn: streamArn,
        startingPosition: lambda.StartingPosition.TRIM_HORIZON,
        batchSize: spec.batchSize,
        maxBatchingWindow: Duration.seconds(spec.batchingWindowSeconds),
        retryAttempts: spec.maxRetries,
        bisectBatchOnError: true,
        reportBatchItemFailures: true,
        // FilterCriteria.filter JSON-serialises the object as is, and the manifest's pattern is
        // already in Lambda's (EventBridge) filter syntax.
        filters: [lambda.FilterCriteria.filter(spec.filter)],
        onFailure: new SqsDlq(failures),
      });
    }

    this.alarms = new FunctionAlarms(this, 'Alarms', {
      alarmTopic: data.alarmTopic,
      functions: this.functions,
      streamRelay: this.functions[STREAM_CONSUMERS[0]!.handler],
    });
  }
}
