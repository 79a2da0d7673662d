import { itemBytes, readUnits, transactWriteUnits, valueBytes, writeUnits } from '../../functions/platform/capacity-units';

describe("pricing DynamoDB Local's work by AWS's rules", () => {
  it('charges a transactional write of a 1.5 KB item 4 write units, twice a plain put of it', () => {
    expect(writeUnits(1536, { transactional: true })).toBe(4);
    expect(writeUnits(1536)).toBe(2);
    expect(transactWriteUnits([{ after: 1536 }])).toBe(4);
  });

  it('charges a non-transactional put of 0.5 KB one write unit, and never less than one', () => {
    expect(writeUnits(512)).toBe(1);
    expect(writeUnits(0)).toBe(1);
  });

  it('charges an eventually consistent 4 KB read half a unit, a strongly consistent one a unit, a transactional one two', () => {
    expect(readUnits(4096)).toBe(0.5);
    expect(readUnits(4096, { consistent: true })).toBe(1);
    expect(readUnits(4097, { consistent: true })).toBe(2);
    expect(readUnits(4096, { transactional: true })).toBe(2);
  });

  it('prices each item of a transaction by the larger of its size before and after, condition checks included', () => {
    // A 3 KB put, an update that grows a 0.5 KB item to 1.2 KB, a condition check on a 0.2 KB item, a delete of 2.5 KB.
    expect(transactWriteUnits([{ after: 3072 }, { before: 512, after: 1229 }, { before: 200, after: 200 }, { before: 2560 }])).toBe(
      6 + 4 + 2 + 6,
    );
  });

  it("sizes items by AWS's rules: names and values, 3 bytes per list or map plus 1 per element", () => {
    expect(itemBytes({ pk: 'SCHOOL#1', n: 12345 })).toBe(2 + 8 + 1 + 4);
    expect(valueBytes('héllo')).toBe(6);
    expect(valueBytes(true)).toBe(1);
    expect(valueBytes(null)).toBe(1);
    expect(valueBytes(['a', 'bc'])).toBe(3 + 1 + 1 + 1 + 2);
    expect(valueBytes({ a: 'x', b: undefined })).toBe(3 + 1 + 1 + 1);
    expect(valueBytes(new Set(['ab', 'cd']))).toBe(4);
    expect(valueBytes(new Uint8Array(10))).toBe(10);
    // 1.5 KB of text in one attribute is what the 1.5 KB figures above mean.
    expect(writeUnits(itemBytes({ pk: 'A', v: 'x'.repeat(1500) }), { transactional: true })).toBe(4);
  });
});
