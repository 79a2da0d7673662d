import { CrossStackReferences, ReferenceStrength, Stack, type StackProps } from 'aws-cdk-lib';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import type { Construct } from 'constructs';
import { SisDashboard } from '../constructs/observability';
import { FUNCTIONS, ROUTES, STREAM_CONSUMERS, type HandlerId } from '../../functions/manifest';
import type { ApiName, ApiStack } from './api-stack';
import { functionNameOf } from './functions-stack';
import type { SisData } from './stateful-stack';

export interface OperationsStackProps extends StackProps {
  readonly stage: string;
  readonly data: SisData;
  readonly apis: Readonly<Record<ApiName, ApiStack>>;
}

/**
 * The operations dashboard, the one thing that reads every other stack. It addresses functions
 * by name and reads the APIs' ids through weak references (Fn::GetStackOutput, no export), so no
 * stack it watches is held back by it (decision 0123).
 */
export class OperationsStack extends Stack {
  readonly dashboard: SisDashboard;

  constructor(scope: Construct, id: string, props: OperationsStackProps) {
    super(scope, id, props);
    CrossStackReferences.of(this).consume(ReferenceStrength.WEAK);
    const { data } = props;
    const functions = Object.fromEntries(
      (Object.keys(FUNCTIONS) as HandlerId[]).map((handlerId) => [
        handlerId,
        lambda.Function.fromFunctionName(this, handlerId, functionNameOf(props.stage, handlerId)),
      ]),
    ) as Record<HandlerId, lambda.IFunction>;
    this.dashboard = new SisDashboard(this, 'Dashboard', {
      functions,
      apiFunctions: [...new Set(ROUTES.map((route) => route.handler))],
      apis: (Object.entries(props.apis) as [ApiName, ApiStack][]).map(([name, stack]) => ({
        name,
        api: stack.api,
        throttled: stack.alarms.throttled,
      })),
      streamRelay: functions[STREAM_CONSUMERS[0]!.handler],
      queues: data.queues,
      deadLetterQueues: {
        ...Object.fromEntries(Object.entries(data.deadLetterQueues).map(([queueId, queue]) => [`${queueId} DLQ`, queue])),
        ...Object.fromEntries(Object.entries(data.streamFailureQueues).map(([queueId, queue]) => [`${queueId} stream failures`, queue])),
        'event bus failures': data.busFailureQueue,
      },
      table: data.table,
      dashboardName: `Sis-${props.stage}-operations`,
    });
  }
}
