import type { SeedNames } from '../../infra/ops/oneroster-seed-catalog';

const FIRST = ['Ana', 'Ben', 'Chloé', 'Dũng', 'Ella', 'Farid', 'Grace', 'Hana', 'Iván', 'Jun', 'Karim', 'Lucía', 'Minh', 'Nour', "O'Neil"];
const LAST = ['Garcia', 'Nguyen', 'Smith', 'Kim', 'Haddad', 'Chen', 'López', 'Johnson', 'Park', 'Tran'];

/** Names for the district generator without faker (an ES module jest does not load): a small seeded LCG. */
export function fixedNames(seed = 1): SeedNames {
  let state = seed;
  const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
  const int = (min: number, max: number) => min + Math.floor(next() * (max - min + 1));
  const pick = <T>(items: readonly T[]) => items[int(0, items.length - 1)]!;
  return {
    firstName: () => pick(FIRST),
    lastName: () => pick(LAST),
    city: () => pick(['Springfield', 'Riverside', 'Fairview']),
    street: () => `${int(1, 999)} ${pick(['Oak', 'Elm', 'Main'])} St`,
    state: () => pick(['IL', 'TX', 'CA']),
    int,
    pick,
  };
}
