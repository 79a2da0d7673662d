import fc from 'fast-check';
import {
  applyQuery,
  matches,
  pagingLinks,
  parseCollectionQuery,
  parseFilter,
  QueryError,
  type CollectionQuery,
} from '../../../domain/oneroster/query';

const FIELDS = ['sourcedId', 'givenName', 'familyName', 'grades', 'school', 'score', 'status'];
const people = [
  { sourcedId: 'a', givenName: 'Ana', familyName: "O'Brien", grades: ['09'], school: { sourcedId: 's1' }, score: 9, status: 'active' },
  { sourcedId: 'b', givenName: 'Ben', familyName: 'Smith', grades: ['10', '11'], school: { sourcedId: 's2' }, score: 10, status: 'active' },
  { sourcedId: 'c', givenName: 'Cy', familyName: 'Smith', grades: ['09'], school: { sourcedId: 's1' }, score: 100, status: 'tobedeleted' },
];
const query = (raw: Record<string, string>) => parseCollectionQuery(raw, FIELDS);
const ids = (raw: Record<string, string>) => applyQuery(people, query(raw)).items.map((person) => person.sourcedId);
const refusal = (action: () => unknown) => {
  try {
    action();
  } catch (error) {
    return error instanceof QueryError ? error.codeMinor : `not a QueryError: ${String(error)}`;
  }
  return 'accepted';
};

describe('OneRoster filter', () => {
  test('each operator selects what the binding says', () => {
    expect(ids({ filter: "familyName='Smith'" })).toEqual(['b', 'c']);
    expect(ids({ filter: "familyName!='Smith'" })).toEqual(['a']);
    expect(ids({ filter: "givenName>'Ana'" })).toEqual(['b', 'c']);
    expect(ids({ filter: "givenName>='Ben'" })).toEqual(['b', 'c']);
    expect(ids({ filter: "givenName<'Ben'" })).toEqual(['a']);
    expect(ids({ filter: "givenName<='Ben'" })).toEqual(['a', 'b']);
    expect(ids({ filter: "familyName~'smi'" })).toEqual(['b', 'c']);
  });

  test('numbers compare as numbers, lists by any member, references by sourcedId, a quote doubled inside a value', () => {
    expect(ids({ filter: "score>'9'" })).toEqual(['b', 'c']);
    expect(ids({ filter: "grades='11'" })).toEqual(['b']);
    expect(ids({ filter: "school='s1'" })).toEqual(['a', 'c']);
    expect(ids({ filter: "school.sourcedId='s2'" })).toEqual(['b']);
    expect(ids({ filter: "familyName='O''Brien'" })).toEqual(['a']);
  });

  test('AND and OR join predicates; one filter may not mix them', () => {
    expect(ids({ filter: "familyName='Smith' AND grades='09'" })).toEqual(['c']);
    expect(ids({ filter: "givenName='Ana' OR status='tobedeleted'" })).toEqual(['a', 'c']);
    expect(refusal(() => parseFilter("a='1' AND b='2' OR c='3'"))).toBe('invalid_filter_field');
  });

  test.each([
    ['', 'invalid_filter_field'],
    ['familyName=Smith', 'invalid_filter_field'],
    ["familyName='Smith", 'invalid_filter_field'],
    ["familyName=='x'", 'invalid_filter_field'],
    ["shoeSize='42'", 'invalid_filter_field'],
    ["familyName='a' XOR givenName='b'", 'invalid_filter_field'],
    ["'x'='y'", 'invalid_filter_field'],
  ])('refuses the filter %j (%s)', (filter, codeMinor) => {
    expect(refusal(() => query({ filter }))).toBe(codeMinor);
  });

  test('never throws anything but a QueryError, whatever the text', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 80 }), (text) => {
        const outcome = refusal(() => parseFilter(text));
        expect(['accepted', 'invalid_filter_field']).toContain(outcome);
      }),
    );
  });

  test('a filter written from predicates reads back as the same predicates', () => {
    const predicate = fc.record({
      field: fc.constantFrom('givenName', 'familyName', 'school.sourcedId'),
      operator: fc.constantFrom('=', '!=', '>', '>=', '<', '<=', '~' as const),
      value: fc.string({ maxLength: 12 }),
    });
    fc.assert(
      fc.property(fc.array(predicate, { minLength: 1, maxLength: 5 }), fc.constantFrom('AND', 'OR' as const), (predicates, logical) => {
        const text = predicates.map((p) => `${p.field}${p.operator}'${p.value.replace(/'/g, "''")}'`).join(` ${logical} `);
        const parsed = parseFilter(text);
        expect(parsed.predicates).toEqual(predicates);
        if (predicates.length > 1) expect(parsed.logical).toBe(logical);
      }),
    );
  });

  test('OR of two predicates selects the union of what each selects alone', () => {
    const value = fc.constantFrom('Ana', 'Ben', 'Cy', 'Smith', 'x');
    fc.assert(
      fc.property(value, value, (first, second) => {
        const one = parseFilter(`givenName='${first}'`);
        const two = parseFilter(`familyName='${second}'`);
        const either = parseFilter(`givenName='${first}' OR familyName='${second}'`);
        for (const person of people) expect(matches(person, either)).toBe(matches(person, one) || matches(person, two));
      }),
    );
  });
});

describe('OneRoster sort, paging and fields', () => {
  test('sorts by a field either way, and pages with limit and offset', () => {
    expect(ids({ sort: 'givenName', orderBy: 'desc' })).toEqual(['c', 'b', 'a']);
    expect(ids({ sort: 'score' })).toEqual(['a', 'b', 'c']);
    const page = applyQuery(people, query({ limit: '2', offset: '1' }));
    expect(page.items.map((person) => person.sourcedId)).toEqual(['b', 'c']);
    expect(page.total).toBe(3);
  });

  test('pages of any size cover the collection once, in order', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 4 }), (limit) => {
        const seen: unknown[] = [];
        for (let offset = 0; offset < people.length; offset += limit) {
          seen.push(...applyQuery(people, query({ limit: String(limit), offset: String(offset) })).items.map((p) => p.sourcedId));
        }
        expect(seen).toEqual(['a', 'b', 'c']);
      }),
    );
  });

  test('fields keeps only the fields named', () => {
    expect(applyQuery(people, query({ fields: 'sourcedId,givenName', limit: '1' })).items).toEqual([{ sourcedId: 'a', givenName: 'Ana' }]);
  });

  test.each([
    [{ fields: 'sourcedId,shoeSize' }, 'invalid_selection_field'],
    [{ fields: ',' }, 'invalid_selection_field'],
    [{ sort: 'shoeSize' }, 'invalid_sort_field'],
    [{ limit: '0' }, 'invalid_query_parameter'],
    [{ limit: 'ten' }, 'invalid_query_parameter'],
    [{ offset: '-1' }, 'invalid_query_parameter'],
    [{ orderBy: 'up' }, 'invalid_query_parameter'],
  ])('refuses %j (%s)', (raw, codeMinor) => {
    expect(refusal(() => query(raw as Record<string, string>))).toBe(codeMinor);
  });

  test('limit is 100 by default, and a limit above 1000 gives a page of 1000 (the binding: the provider serves its maximum)', () => {
    expect(query({}).limit).toBe(100);
    expect(query({ limit: '5000' }).limit).toBe(1000);
  });

  test('links name the first, previous, next and last pages and keep the filter', () => {
    const paged: CollectionQuery = { ...query({ limit: '50', offset: '50' }) };
    const links = pagingLinks('/ims/oneroster/rostering/v1p2/students', { filter: "grades='09'" }, paged, 120);
    expect(links).toContain('offset=0>; rel="first"');
    expect(links).toContain('offset=0>; rel="prev"');
    expect(links).toContain('offset=100>; rel="next"');
    expect(links).toContain('offset=100>; rel="last"');
    expect(links).toContain('filter=grades%3D%2709%27');
  });
});
