import type { Construct } from 'constructs';
import { assertDeployable, type SisConfig } from './config';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface SisStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Builds the system's two stacks; used by infra/app.ts and by the infra tests. */
export function createSisStacks(scope: Construct, config: SisConfig): SisStacks {
  // A production deployment without anyone to page, or with Cognito's 50-a-day sender, stops here.
  assertDeployable(config);
  const prefix = `Sis-${config.stage}`;
  const stateful = new StatefulStack(scope, `${prefix}-Stateful`, {
    env: config.env,
    stage: config.stage,
    description: `Student information system (${config.stage}): data, identity, queues and events`,
    districtCapacity: config.production,
    callbackOrigins: config.corsAllowOrigins,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    ...(config.sesEmail ? { sesEmail: config.sesEmail } : {}),
    ...(config.staffIdentityProvider ? { staffIdentityProvider: config.staffIdentityProvider } : {}),
    ...(config.familyFeaturePlan ? { familyFeaturePlan: config.familyFeaturePlan } : {}),
    notify: config.notify,
  });
  const stateless = new StatelessStack(scope, `${prefix}-Stateless`, {
    env: config.env,
    description: `Student information system (${config.stage}): functions, HTTP APIs, alarms and dashboard`,
    data: stateful.data,
    corsAllowOrigins: config.corsAllowOrigins,
    throttle: config.throttle,
    accountConcurrency: config.accountConcurrency,
    frontDoor: config.frontDoor ? { clientRateLimitPer5Minutes: config.clientRateLimitPer5Minutes } : undefined,
    notify: config.notify,
  });
  return { stateful, stateless };
}
