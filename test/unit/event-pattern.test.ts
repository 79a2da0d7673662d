import type { EventPattern } from '../../functions/manifest';
import { BUS_RULES, STREAM_CONSUMERS } from '../../functions/manifest';
import { assertSupportedPattern, matchesPattern } from '../../infra/local/event-pattern-matcher';

// The examples follow the EventBridge user guide ("Creating event patterns", "Content filtering",
// "Arrays in event patterns"), rewritten for this project.
const ec2Event = {
  version: '0',
  id: '6a7e8feb-b491-4cf7-a9f1-bf3703467718',
  'detail-type': 'EC2 Instance State-change Notification',
  source: 'aws.ec2',
  account: '111122223333',
  time: '2017-12-22T18:43:48Z',
  region: 'us-west-1',
  resources: ['arn:aws:ec2:us-west-1:123456789012:instance/i-1234567890abcdef0'],
  detail: { 'instance-id': 'i-1234567890abcdef0', state: 'terminated', 'c-count': 5, 'd-count': null, 'x-limit': 3.018e2, enabled: true },
};

describe('matchesPattern', () => {
  it('matches exact values, OR within a list and AND across fields, in nested objects', () => {
    expect(
      matchesPattern(
        { source: ['aws.ec2'], 'detail-type': ['EC2 Instance State-change Notification'], detail: { state: ['terminated'] } },
        ec2Event,
      ),
    ).toBe(true);
    expect(matchesPattern({ source: ['aws.ec2'], detail: { state: ['pending', 'terminated'] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ source: ['aws.ec2'], detail: { state: ['pending', 'running'] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ source: ['aws.s3'], detail: { state: ['terminated'] } }, ec2Event)).toBe(false);
  });

  it('compares numbers, booleans and null by type and value', () => {
    expect(matchesPattern({ detail: { 'c-count': [5] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { 'x-limit': [301.8] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { 'c-count': ['5'] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { enabled: [true] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { enabled: [false] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { 'd-count': [null] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { 'c-count': [null] } }, ec2Event)).toBe(false);
  });

  it('requires every pattern field to be present in the event', () => {
    expect(matchesPattern({ detail: { missing: ['terminated'] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ nowhere: { deeper: ['x'] } }, ec2Event)).toBe(false);
  });

  it('matches an array in the event when any element matches any pattern value', () => {
    const pattern: EventPattern = {
      resources: ['arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f', 'arn:aws:ec2:us-east-1:111122223333:instance/i-b188560f'],
    };
    expect(
      matchesPattern(pattern, {
        resources: [
          'arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup',
          'arn:aws:ec2:us-east-1:123456789012:instance/i-b188560f',
        ],
      }),
    ).toBe(true);
    expect(matchesPattern(pattern, { resources: ['arn:aws:autoscaling:us-east-1:123456789012:autoScalingGroup'] })).toBe(false);
    expect(matchesPattern(pattern, { resources: [] })).toBe(false);
    expect(matchesPattern({ detail: { schools: { id: ['s-2'] } } }, { detail: { schools: [{ id: 's-1' }, { id: 's-2' }] } })).toBe(true);
  });

  it('matches string prefixes only on strings', () => {
    expect(matchesPattern({ time: [{ prefix: '2017-12-22' }] }, ec2Event)).toBe(true);
    expect(matchesPattern({ time: [{ prefix: '2017-10-02' }] }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { 'c-count': [{ prefix: '5' }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ source: [{ prefix: 'sis.' }] }, { source: 'sis.students' })).toBe(true);
    expect(matchesPattern({ source: [{ prefix: 'sis.' }] }, { source: 'aws.sis.students' })).toBe(false);
  });

  it('anything-but excludes a value, a list of values, or a prefix, and needs the field', () => {
    expect(matchesPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ 'anything-but': ['stopped', 'terminated'] }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { state: [{ 'anything-but': ['stopped', 'overloaded'] }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { 'x-limit': [{ 'anything-but': 123 }] } } as unknown as EventPattern, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { 'x-limit': [{ 'anything-but': [100, 301.8] }] } } as unknown as EventPattern, ec2Event)).toBe(false);
    const notInit = { detail: { state: [{ 'anything-but': { prefix: 'init' } }] } } as unknown as EventPattern;
    expect(matchesPattern(notInit, ec2Event)).toBe(true);
    expect(matchesPattern(notInit, { detail: { state: 'initializing' } })).toBe(false);
    expect(matchesPattern({ detail: { state: [{ 'anything-but': 'initializing' }] } }, { detail: {} })).toBe(false);
  });

  it('exists matches present or absent leaf fields', () => {
    expect(matchesPattern({ detail: { state: [{ exists: true }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { state: [{ exists: false }] } }, ec2Event)).toBe(false);
    expect(matchesPattern({ detail: { 'no-such-field': [{ exists: false }] } }, ec2Event)).toBe(true);
    expect(matchesPattern({ detail: { 'no-such-field': [{ exists: true }] } }, ec2Event)).toBe(false);
    // exists only applies to leaf nodes: an object-valued field is not a match for exists: true.
    expect(matchesPattern({ detail: [{ exists: true }] }, ec2Event)).toBe(false);
    // A missing parent means its children do not exist either.
    expect(matchesPattern({ extra: { id: [{ exists: false }] } }, ec2Event)).toBe(true);
    // exists combines with other values in the same list by OR.
    expect(matchesPattern({ detail: { priority: ['high', { exists: false }] } }, ec2Event)).toBe(true);
  });

  it('applies stream filter criteria to records in their AttributeValue form', () => {
    const [outbox] = STREAM_CONSUMERS;
    const record = (eventName: string, entity: string) => ({
      eventName,
      dynamodb: { Keys: { pk: { S: 'a' }, sk: { S: 'b' } }, NewImage: { pk: { S: 'a' }, sk: { S: 'b' }, entity: { S: entity } } },
    });
    expect(matchesPattern(outbox!.filter, record('INSERT', 'outbox'))).toBe(true);
    expect(matchesPattern(outbox!.filter, record('MODIFY', 'outbox'))).toBe(false);
    expect(matchesPattern(outbox!.filter, record('INSERT', 'student'))).toBe(false);
    expect(matchesPattern(outbox!.filter, { eventName: 'REMOVE', dynamodb: { Keys: {} } })).toBe(false);
  });

  it('rejects syntax it does not implement instead of silently not matching', () => {
    const numeric = { detail: { 'c-count': [{ numeric: ['>', 0] }] } } as unknown as EventPattern;
    expect(() => matchesPattern(numeric, ec2Event)).toThrow(/unsupported/);
    expect(() => assertSupportedPattern(numeric)).toThrow(/unsupported/);
    expect(() => assertSupportedPattern({ source: 'aws.ec2' } as unknown as EventPattern)).toThrow(/array/);
  });

  it('accepts every pattern the manifest declares', () => {
    for (const rule of BUS_RULES) expect(() => assertSupportedPattern(rule.pattern)).not.toThrow();
    for (const consumer of STREAM_CONSUMERS) expect(() => assertSupportedPattern(consumer.filter)).not.toThrow();
  });
});
