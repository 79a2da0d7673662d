import { newId } from '../../domain/ids';
import { RecordId } from '../../domain/schemas/common';

const CROCKFORD_BASE32_ID = /^[0-9ABCDEFGHJKMNPQRSTVWXYZ]{26}$/;

describe('newId', () => {
  test('is 26 characters of Crockford base32 (no I, L, O or U)', () => {
    // Act
    const ids = Array.from({ length: 1_000 }, () => newId());

    // Assert
    for (const id of ids) expect(id).toMatch(CROCKFORD_BASE32_ID);
  });

  test('is accepted by the API’s own record-id validation', () => {
    expect(RecordId.safeParse(newId()).success).toBe(true);
  });

  test('never repeats, even for ids made in the same millisecond', () => {
    // Arrange
    const now = Date.UTC(2026, 8, 1, 12, 0, 0);

    // Act
    const ids = Array.from({ length: 10_000 }, () => newId(now));

    // Assert
    expect(new Set(ids).size).toBe(ids.length);
  });

  test('ids made at later times sort after earlier ones', () => {
    // Arrange: times that cross base32 digit boundaries, out of order.
    const times = [Date.UTC(2026, 0, 1), 31, 32, 0, 1_023, 1_024, Date.UTC(2026, 0, 1) + 1, Date.UTC(1999, 11, 31), 2 ** 40];
    const idsByTime = times.map((time) => ({ time, id: newId(time) }));

    // Act
    const byId = [...idsByTime].sort((a, b) => (a.id < b.id ? -1 : 1)).map((entry) => entry.time);

    // Assert
    expect(byId).toEqual([...times].sort((a, b) => a - b));
  });

  test('its first ten characters encode the time, as in a ULID', () => {
    // The ULID specification's own example: ulid(1469918176385) starts 01ARYZ6S41.
    expect(newId(1_469_918_176_385).slice(0, 10)).toBe('01ARYZ6S41');
  });
});
