/** The seed command's names and places: @faker-js/faker, in the family's language. */
import { faker, fakerAR, fakerEN_US, fakerES, fakerKO, fakerVI, fakerZH_CN, type Faker } from '@faker-js/faker';
import type { SeedNames } from './oneroster-seed-catalog';

const BY_LANGUAGE: Readonly<Record<string, Faker>> = { en: fakerEN_US, es: fakerES, vi: fakerVI, zh: fakerZH_CN, ar: fakerAR, ko: fakerKO };

export function fakerNames(seed: number): SeedNames {
  faker.seed(seed);
  Object.values(BY_LANGUAGE).forEach((local, index) => local.seed(seed + index + 1));
  const local = (language: string) => BY_LANGUAGE[language] ?? fakerEN_US;
  return {
    firstName: (language, sex) => local(language).person.firstName(sex),
    lastName: (language) => local(language).person.lastName(),
    city: () => faker.location.city(),
    street: () => faker.location.streetAddress(),
    state: () => faker.location.state({ abbreviated: true }),
    int: (min, max) => faker.number.int({ min, max }),
    pick: (items) => faker.helpers.arrayElement(items),
  };
}
