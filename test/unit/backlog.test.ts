import { behind, QUEUE_AGE_DEGRADED_SECONDS, RELAY_LAG_DEGRADED_SECONDS } from '../../functions/platform/backlog';

describe('/health backlog thresholds', () => {
  const caughtUp = { relayLagSeconds: 0, queueOldestAgeSeconds: { audit: 0, notifications: 2 } };

  test('a relay and queues that keep up are not behind', () => {
    expect(behind(caughtUp)).toEqual([]);
    expect(behind({ ...caughtUp, relayLagSeconds: RELAY_LAG_DEGRADED_SECONDS })).toEqual([]);
  });

  test('a relay whose oldest unpublished record is past the threshold is behind', () => {
    expect(behind({ ...caughtUp, relayLagSeconds: RELAY_LAG_DEGRADED_SECONDS + 1 })).toEqual(['stream relay']);
  });

  test('each queue whose oldest message is past the threshold is named', () => {
    const report = { relayLagSeconds: 90, queueOldestAgeSeconds: { audit: QUEUE_AGE_DEGRADED_SECONDS + 1, notifications: 10 } };
    expect(behind(report)).toEqual(['stream relay', 'queue audit']);
  });
});
