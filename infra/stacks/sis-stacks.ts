import { Annotations, type Stack } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import { CLOUDFORMATION } from '../../functions/platform/limits';
import { API_NAMES, ApiStack, type ApiName } from './api-stack';
import { assertDeployable, type SisConfig } from './config';
import { EdgeStack } from './edge-stack';
import { FunctionsStack } from './functions-stack';
import { OperationsStack } from './operations-stack';
import { StatefulStack } from './stateful-stack';

/**
 * The most resources one stack may hold: 60% of CloudFormation's 500 per stack
 * (CLOUDFORMATION.resourcesPerStack), so a stack has room for a context's worth of routes and
 * functions before anyone has to split it again. test/infra/stateless.checks.ts and production.checks.ts hold every stack
 * of the production synth to it (decision 0123).
 */
export const STACK_RESOURCE_BUDGET = Math.floor(CLOUDFORMATION.resourcesPerStack.value * 0.6);

export interface SisStacks {
  readonly stateful: StatefulStack;
  /** The functions, their event sources, schedules and alarms. */
  readonly compute: FunctionsStack;
  /** One stack per HTTP API. */
  readonly apis: Readonly<Record<ApiName, ApiStack>>;
  /** The dashboard. */
  readonly operations: OperationsStack;
  /** The front door and the user pools' WAF, when the front door is on. */
  readonly edge?: EdgeStack;
}

/**
 * Builds the system's stacks; used by infra/app.ts and by the infra tests. Deployed in this order
 * (CDK follows the dependencies): stateful, functions, the two APIs, operations, edge.
 */
export function createSisStacks(scope: Construct, config: SisConfig): SisStacks {
  // A production deployment without anyone to page, or with Cognito's 50-a-day sender, stops here.
  assertDeployable(config);
  const prefix = `Sis-${config.stage}`;
  const description = (what: string) => `Student information system (${config.stage}): ${what}`;
  const stateful = new StatefulStack(scope, `${prefix}-Stateful`, {
    env: config.env,
    stage: config.stage,
    description: description('data, identity, queues and events'),
    districtCapacity: config.production,
    callbackOrigins: config.corsAllowOrigins,
    ...(config.alarmEmail ? { alarmEmail: config.alarmEmail } : {}),
    ...(config.sesEmail ? { sesEmail: config.sesEmail } : {}),
    ...(config.staffIdentityProvider ? { staffIdentityProvider: config.staffIdentityProvider } : {}),
    ...(config.familyFeaturePlan ? { familyFeaturePlan: config.familyFeaturePlan } : {}),
    notify: config.notify,
    oneRosterVendors: config.oneRosterVendors,
    ...(config.keyAdministrators ? { keyAdministrators: config.keyAdministrators } : {}),
    ...(config.backupCopy ? { backupCopy: config.backupCopy } : {}),
    accessLogArchiveRetentionDays: config.accessLogArchiveRetentionDays,
  });
  const { data } = stateful;
  const compute = new FunctionsStack(scope, `${prefix}-Functions`, {
    env: config.env,
    description: description('functions, event sources, schedules and their alarms'),
    stage: config.stage,
    data,
    notify: config.notify,
    accountConcurrency: config.accountConcurrency,
  });
  const apis = {} as Record<ApiName, ApiStack>;
  for (const name of API_NAMES) {
    const domainName = config.customDomain?.[name];
    apis[name] = new ApiStack(scope, `${prefix}-${name === 'staff' ? 'Staff' : 'Family'}Api`, {
      env: config.env,
      description: description(`the ${name} HTTP API, its routes, throttles and alarms`),
      name,
      stage: config.stage,
      identity: data.identity[name],
      alarmTopic: data.alarmTopic,
      corsAllowOrigins: config.corsAllowOrigins,
      throttle: config.throttle,
      ...(domainName && config.customDomain ? { customDomain: { domainName, certificateArn: config.customDomain.certificateArn } } : {}),
    });
    // Routes name their function (functionNameOf) rather than reference it: the functions must exist first.
    apis[name].addStackDependency(compute, 'routes are integrated with the functions by name');
  }
  const operations = new OperationsStack(scope, `${prefix}-Operations`, {
    env: config.env,
    description: description('the operations dashboard'),
    stage: config.stage,
    data,
    apis,
  });
  operations.addStackDependency(compute, 'the dashboard graphs the functions by name');
  const edge = config.frontDoor
    ? new EdgeStack(scope, `${prefix}-Edge`, {
        env: config.env,
        description: description('CloudFront and WAF in front of the APIs, and a WAF on both user pools'),
        apis,
        userPools: { staff: stateful.identity.staffPool, family: stateful.identity.familyPool },
        alarmTopic: data.alarmTopic,
        ...(config.customDomain ? { customDomain: config.customDomain } : {}),
        tokenRateLimitPer5Minutes: config.tokenRateLimitPer5Minutes,
        clientRateLimitPer5Minutes: config.clientRateLimitPer5Minutes,
        signInRateLimitPer5Minutes: config.signInRateLimitPer5Minutes,
        districtEgressCidrs: config.districtEgressCidrs,
        wafRateRules: config.wafRateRules,
      })
    : undefined;
  warnOfOpenDoors(config, edge ?? apis.staff);
  return { stateful, compute, apis, operations, ...(edge ? { edge } : {}) };
}

/** A production synth says what still lets traffic around the WAF or throttles the district as one client. */
function warnOfOpenDoors(config: SisConfig, stack: Stack): void {
  if (!config.production) return;
  const warn = (id: string, message: string) => Annotations.of(stack).addWarningV2(`sis:${id}`, message);
  if (!config.customDomain) {
    warn(
      'executeApiOpen',
      'No sis:staffApiDomain/sis:familyApiDomain/sis:apiCertificateArn: the execute-api endpoints stay enabled and bypass the WAF (docs/deploy.md).',
    );
  }
  if (config.frontDoor && config.districtEgressCidrs.length === 0) {
    warn(
      'noDistrictEgress',
      "No sis:districtEgressCidrs: the WAF's per-address rules count the district's egress addresses as single clients.",
    );
  }
}
