import { CfnOutput } from 'aws-cdk-lib';
import type { QueueId } from '../../functions/manifest';
import type { WorkQueue } from '../constructs/queues';
import type { StatefulStack } from './stateful-stack';

/**
 * The stateful stack's outputs: what an operator or a tool reads after a deployment (the table, the bus, the pools
 * and their clients, the queues). The OneRoster vendors' client ids and secret names are output by their construct.
 */
export function addStatefulOutputs(stack: StatefulStack): void {
  new CfnOutput(stack, 'TableName', { value: stack.table.tableName, description: 'The single table' });
  new CfnOutput(stack, 'EventBusName', { value: stack.bus.eventBusName, description: 'The domain event bus' });
  new CfnOutput(stack, 'StaffUserPoolId', {
    value: stack.identity.staffPool.userPoolId,
    description: 'Cognito user pool of staff (MFA required)',
  });
  new CfnOutput(stack, 'StaffUserPoolClientId', {
    value: stack.identity.staffClient.userPoolClientId,
    description: 'Staff web app client',
  });
  new CfnOutput(stack, 'FamilyUserPoolId', {
    value: stack.identity.familyPool.userPoolId,
    description: 'Cognito user pool of parents and guardians',
  });
  new CfnOutput(stack, 'FamilyUserPoolClientId', {
    value: stack.identity.familyClient.userPoolClientId,
    description: 'Parent portal client',
  });
  new CfnOutput(stack, 'AlarmTopicArn', { value: stack.alarmTopic.topicArn, description: 'Where every alarm notifies' });
  for (const [id, workQueue] of Object.entries(stack.queues) as [QueueId, WorkQueue][]) {
    const name = id.charAt(0).toUpperCase() + id.slice(1);
    new CfnOutput(stack, `${name}QueueUrl`, { value: workQueue.queue.queueUrl, description: `The ${id} queue` });
    // `npm run redrive -- ${id} --dlq-arn <this>` moves its dead letters back.
    new CfnOutput(stack, `${name}DlqArn`, {
      value: workQueue.deadLetter.queue.queueArn,
      description: `Dead-letter queue of the ${id} queue`,
    });
  }
}
