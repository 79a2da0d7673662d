import type { Construct } from 'constructs';
import type { SisConfig } from './config';
import { StatefulStack } from './stateful-stack';
import { StatelessStack } from './stateless-stack';

export interface SisStacks {
  readonly stateful: StatefulStack;
  readonly stateless: StatelessStack;
}

/** Builds the system's two stacks; used by infra/app.ts and by the infra tests. */
export function createSisStacks(scope: Construct, config: SisConfig): SisStacks {
  const prefix = `Sis-${config.stage}`;
  const stateful = new StatefulStack(scope, `${prefix}-Stateful`, {
    env: config.env,
    stage: config.stage,
    description: `Student information system (${config.stage}): data, identity, queues and events`,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
  });
  const stateless = new StatelessStack(scope, `${prefix}-Stateless`, {
    env: config.env,
    description: `Student information system (${config.stage}): functions and HTTP API`,
    data: stateful.data,
    corsAllowOrigins: config.corsAllowOrigins,
    throttle: config.throttle,
    notify: config.notify,
  });
  return { stateful, stateless };
}
