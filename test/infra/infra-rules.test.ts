import { App } from 'aws-cdk-lib';
import { assertVisibilityTimeout } from '../../infra/constructs/queues';
import { QUEUES, type QueueSpec } from '../../functions/manifest';
import { DEFAULT_CONFIG, readConfig } from '../../infra/stacks/config';
import { toEventPattern } from '../../infra/stacks/cdk-event-pattern';

const audit: QueueSpec = QUEUES.find((queue) => queue.id === 'audit')!;

describe('the visibility-timeout rule', () => {
  it('accepts a queue whose visibility timeout is at least 6 × the consumer timeout', () => {
    expect(() => assertVisibilityTimeout({ ...audit, visibilityTimeoutSeconds: 180 }, 30)).not.toThrow();
  });

  it('fails the synth, naming the queue and the minimum, when the manifest breaks it', () => {
    expect(() => assertVisibilityTimeout({ ...audit, visibilityTimeoutSeconds: 179 }, 30)).toThrow(/queue audit.*180 s/);
  });
});

describe('event patterns', () => {
  it('map the EventBridge envelope keys to CDK names and keep operators as they are', () => {
    expect(
      toEventPattern({ source: [{ prefix: 'sis.' }], 'detail-type': ['StudentEnrolled'], detail: { schoolId: [{ exists: true }] } }),
    ).toEqual({
      source: [{ prefix: 'sis.' }],
      detailType: ['StudentEnrolled'],
      detail: { schoolId: [{ exists: true }] },
    });
  });

  it('reject a field that is not part of the envelope', () => {
    expect(() => toEventPattern({ schoolId: ['x'] })).toThrow(/schoolId/);
  });
});

describe('configuration from context', () => {
  it('defaults to a dev stage in us-east-1 when nothing is given', () => {
    const config = readConfig(new App().node);
    expect(config.stage).toBe('dev');
    expect(config.env.region).toBe(process.env.CDK_DEFAULT_REGION ?? 'us-east-1');
    expect(config.corsAllowOrigins).toEqual(DEFAULT_CONFIG.corsAllowOrigins);
  });

  it('reads the stage, origins and throttling from sis:* keys', () => {
    const app = new App({
      context: {
        'sis:stage': 'prod',
        'sis:corsAllowOrigins': 'https://staff.example.org, https://parents.example.org',
        'sis:throttleBurstLimit': '5000',
      },
    });
    const config = readConfig(app.node);
    expect(config.stage).toBe('prod');
    expect(config.corsAllowOrigins).toEqual(['https://staff.example.org', 'https://parents.example.org']);
    expect(config.throttle).toEqual({ rateLimit: DEFAULT_CONFIG.throttle.rateLimit, burstLimit: 5000 });
  });

  it('rejects a stage name that cannot be part of a stack name', () => {
    expect(() => readConfig(new App({ context: { 'sis:stage': 'Prod Stage' } }).node)).toThrow(/sis:stage/);
  });
});
