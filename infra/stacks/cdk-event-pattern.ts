import type * as events from 'aws-cdk-lib/aws-events';
import type { EventPattern } from '../../functions/manifest';

/** Top-level EventBridge envelope fields, as the manifest spells them, and their CDK names. */
const ENVELOPE_FIELDS: Record<string, keyof events.EventPattern> = {
  version: 'version',
  id: 'id',
  'detail-type': 'detailType',
  source: 'source',
  account: 'account',
  time: 'time',
  region: 'region',
  resources: 'resources',
  detail: 'detail',
};

/**
 * Converts a manifest pattern (EventBridge JSON) into CDK's `events.EventPattern`, which uses
 * camelCase envelope keys and renders back to the same JSON. Values are passed through
 * untouched: CDK types them as `string[]`, but CloudFormation receives them verbatim, so
 * operators such as `{ prefix }` and `{ anything-but }` survive (the infra tests compare the
 * rendered pattern with the manifest's).
 */
export function toEventPattern(pattern: EventPattern): events.EventPattern {
  const converted: Record<string, unknown> = {};
  for (const [field, value] of Object.entries(pattern)) {
    const cdkField = ENVELOPE_FIELDS[field];
    if (!cdkField) throw new Error(`event pattern field "${field}" is not an EventBridge envelope field`);
    converted[cdkField] = value;
  }
  return converted as events.EventPattern;
}
