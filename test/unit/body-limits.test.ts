import { BODY_LIMITS, nestsDeeperThan } from '../../functions/http/body-limits';

describe('a request body is measured before it is parsed', () => {
  const nested = (levels: number) => '['.repeat(levels) + ']'.repeat(levels);

  test('nesting is counted through objects and arrays, and a body at the limit passes', () => {
    expect(nestsDeeperThan(nested(BODY_LIMITS.depth), BODY_LIMITS.depth)).toBe(false);
    expect(nestsDeeperThan(nested(BODY_LIMITS.depth + 1), BODY_LIMITS.depth)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[{"c":1}]}}', 3)).toBe(true);
    expect(nestsDeeperThan('{"a":{"b":[{"c":1}]}}', 4)).toBe(false);
  });

  test('brackets inside strings, escaped quotes included, are text, not nesting', () => {
    expect(nestsDeeperThan(JSON.stringify({ note: '[[[[[[{{{{{{', quote: 'she said "[[[["' }), 2)).toBe(false);
    expect(nestsDeeperThan(JSON.stringify({ path: 'C:\\\\[[[[' }), 1)).toBe(false);
  });

  test('a body a million levels deep is refused without recursing (JSON.parse would overflow its stack)', () => {
    expect(nestsDeeperThan(nested(1_000_000), BODY_LIMITS.depth)).toBe(true);
  });
});
