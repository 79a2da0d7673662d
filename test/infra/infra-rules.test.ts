import { App } from 'aws-cdk-lib';
import { assertVisibilityTimeout } from '../../infra/constructs/queues';
import { QUEUES, type QueueSpec } from '../../functions/manifest';
import { DEFAULT_CONFIG, readConfig } from '../../infra/stacks/config';
import { toEventPattern } from '../../infra/stacks/cdk-event-pattern';
import {
  assertReservationsFit,
  AUDIT_PEAK,
  FIRST_PERIOD_PEAK_WRU,
  auditConcurrencyNeeded,
  reservedConcurrency,
  TABLE_CAPACITY,
} from '../../infra/stacks/capacity';

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

  it('reads the district identity provider, and refuses an OIDC provider without its client id and secret name', () => {
    const saml = readConfig(new App({ context: { 'sis:staffSamlMetadataUrl': 'https://idp.example/metadata.xml' } }).node);
    expect(saml.staffIdentityProvider).toEqual({ kind: 'saml', name: 'District', metadataUrl: 'https://idp.example/metadata.xml' });
    expect(() => readConfig(new App({ context: { 'sis:staffOidcIssuer': 'https://idp.example' } }).node)).toThrow(/sis:staffOidcClientId/);
  });

  it('needs the SES sender and identity together, and a known family plan', () => {
    expect(() => readConfig(new App({ context: { 'sis:sesFromEmail': 'no-reply@district.example' } }).node)).toThrow(/together/);
    expect(() => readConfig(new App({ context: { 'sis:familyFeaturePlan': 'gold' } }).node)).toThrow(/lite, essentials or plus/);
    expect(readConfig(new App().node)).toEqual(expect.objectContaining({ production: false, frontDoor: false }));
  });
});

describe('the capacity model', () => {
  it('warms the table above what a new on-demand table takes at once, under its own cap', () => {
    expect(TABLE_CAPACITY.warm.writeUnitsPerSecond).toBeGreaterThan(4_000);
    expect(TABLE_CAPACITY.max.writeRequestUnits).toBeGreaterThanOrEqual(2 * TABLE_CAPACITY.warm.writeUnitsPerSecond);
    expect(TABLE_CAPACITY.max.readRequestUnits).toBeGreaterThanOrEqual(2 * TABLE_CAPACITY.warm.readUnitsPerSecond);
  });

  it('refuses reservations that leave fewer than 100 unreserved executions', () => {
    expect(() => assertReservationsFit(100)).toThrow(/Lambda keeps 100 unreserved/);
    expect(assertReservationsFit(10_000)).toBeGreaterThan(0);
  });

  it('lets the audit consumer file the first-period peak of events as they come (decision 0081)', () => {
    // 1,160 events/s (measured events per action) at ~50 per concurrent batch-second: 24 concurrent batches, not the 5 it had.
    expect(AUDIT_PEAK.eventsPerSecond).toBe(1_160);
    expect(auditConcurrencyNeeded(audit.batchSize)).toBe(24);
    expect(audit.maxConcurrency).toBeGreaterThanOrEqual(auditConcurrencyNeeded(audit.batchSize));
    expect(reservedConcurrency('auditConsumer')).toBeGreaterThan(audit.maxConcurrency);
  });

  it('warms the table for the first-period peak built from the measured units (bench:units), audit and notices included', () => {
    // 200 submissions × 115 + 200 enrollments × 40 + 300 queued intakes × 4 + 1,160 events × 2 + 760 notices × 8 + 1,000
    expect(FIRST_PERIOD_PEAK_WRU).toBe(41_600);
    expect(TABLE_CAPACITY.warm.writeUnitsPerSecond).toBeGreaterThanOrEqual(FIRST_PERIOD_PEAK_WRU);
    expect(TABLE_CAPACITY.max.writeRequestUnits).toBeGreaterThanOrEqual(2 * FIRST_PERIOD_PEAK_WRU);
  });
});
