import { interleaved } from '../../../infra/ops/oneroster-read';

async function* from<T>(items: readonly T[]): AsyncGenerator<T> {
  for (const item of items) yield item;
}
const all = async <T>(rows: AsyncIterable<T>) => {
  const out: T[] = [];
  for await (const row of rows) out.push(row);
  return out;
};

/** enrollments.csv is sorted by class: the importer spreads a class's rows so that rows in flight are of different classes. */
describe('interleaved', () => {
  it('hands out the rows of a file sorted by class round-robin over the classes, every row once', async () => {
    const rows = ['a1', 'a2', 'a3', 'b1', 'b2', 'c1'];
    expect(await all(interleaved(from(rows), (row) => row[0]!))).toEqual(['a1', 'b1', 'c1', 'a2', 'b2', 'a3']);
  });

  it('reads no further ahead than its window, and still gives back every row', async () => {
    const rows = Array.from({ length: 100 }, (_, index) => `${String.fromCharCode(97 + Math.floor(index / 10))}${index % 10}`);
    let read = 0;
    const counted = (async function* () {
      for (const row of rows) {
        read += 1;
        yield row;
      }
    })();
    const seen: string[] = [];
    for await (const row of interleaved(counted, (value) => value[0]!, 20)) {
      seen.push(row);
      expect(read - seen.length).toBeLessThanOrEqual(20);
    }
    expect([...seen].sort()).toEqual([...rows].sort());
    expect(seen.slice(0, 2).map((row) => row[0])).toEqual(['a', 'b']);
  });
});
