import { GUARDIAN_NAME_SHARDS, keys, nameSearchPrefix, nameSortKey, normalizeName, shardOf, type Key } from '../../domain/keys';
import { DYNAMODB } from '../../functions/platform/limits';
import { TABLE_CAPACITY } from '../../infra/stacks/capacity';

const STUDENT_ID = '01JSTVDENT0000000000000000';
const GUARDIAN_ID = '01JGVARD1AN000000000000000';
const SCHOOL_ID = '01JSCH00L00000000000000000';

describe('normalizeName', () => {
  test.each([
    ['García-López', 'garcialopez'],
    ['ÉMILIE', 'emilie'],
    ['Nguyễn', 'nguyen'],
    ["O'Brien", 'obrien'],
    ['  Smith, Jr. ', 'smithjr'],
    ['De La Cruz', 'delacruz'],
    ['Anne-Marie', 'annemarie'],
  ])('%j → %j', (name, expected) => {
    expect(normalizeName(name)).toBe(expected);
  });

  test('names that differ only in accents, case or punctuation normalize alike', () => {
    expect(normalizeName('José')).toBe(normalizeName('JOSE'));
    expect(normalizeName("D'Angelo")).toBe(normalizeName('dangelo'));
  });
});

describe('nameSearchPrefix', () => {
  test.each([
    ['gar', 'gar'],
    ['garcia, ma', 'garcia#ma'],
    ['de la Cruz', 'delacruz'],
    ['García,María', 'garcia#maria'],
    ['  gar  ', 'gar'],
    ['garcia,', 'garcia'],
  ])('%j → %j', (query, expected) => {
    expect(nameSearchPrefix(query)).toBe(expected);
  });

  type Person = readonly [last: string, first: string];
  test.each<[query: string, matches: Person[], misses: Person[]]>([
    [
      'gar',
      [
        ['García', 'Ana'],
        ['Garner', 'Jo'],
      ],
      [
        ['Agarwal', 'Ravi'],
        ['Gray', 'Al'],
      ],
    ],
    [
      'garcia, ma',
      [
        ['García', 'María'],
        ['Garcia', 'Mateo'],
      ],
      [
        ['García', 'Ana'],
        ['Garcian', 'Mario'],
        ['Marquez', 'Garcia'],
      ],
    ],
    ['GARCIA, MA', [['Garcia', 'Marta']], [['Garcia', 'Ana']]],
    [
      'de la cruz',
      [
        ['De La Cruz', 'Ana'],
        ['Delacruz', 'Luis'],
      ],
      [['De', 'Lacruz']],
    ],
    [
      "o'brien",
      [
        ["O'Brien", 'Sean'],
        ['OBrien', 'Kate'],
      ],
      [['Brien', 'Sean']],
    ],
    ['nguyen', [['Nguyễn', 'Lan']], [['Ng', 'Wen']]],
  ])('search %j finds the matching records and only those', (query, matches, misses) => {
    // Arrange
    const prefix = nameSearchPrefix(query);
    const sortKeyOf = ([last, first]: Person) => keys.studentsOfSchoolByName(SCHOOL_ID, last, first, STUDENT_ID).gsi1sk!;

    // Act / Assert
    for (const person of matches) expect(sortKeyOf(person).startsWith(prefix)).toBe(true);
    for (const person of misses) expect(sortKeyOf(person).startsWith(prefix)).toBe(false);
  });

  // A registrar who cannot find a family creates it twice.
  test('search for a multi-word last name finds the record', () => {
    const sortKey = nameSortKey('De La Cruz', 'Ana', GUARDIAN_ID);

    expect(sortKey.startsWith(nameSearchPrefix('de la cruz, ana'))).toBe(true);
  });

  test('search for a name spelled without a special letter finds the record', () => {
    const sortKey = nameSortKey('Øster', 'Lars', GUARDIAN_ID);

    expect(sortKey.startsWith(nameSearchPrefix('oster'))).toBe(true);
  });

  test('names in other scripts are searchable, not emptied', () => {
    const sortKey = nameSortKey('Иванов', 'Олег', GUARDIAN_ID);

    expect(nameSearchPrefix('иван')).toBe('иван');
    expect(sortKey.startsWith(nameSearchPrefix('Иван'))).toBe(true);
  });
});

describe('history keys', () => {
  test('sort by version numerically, so version 9 comes before version 10', () => {
    // Arrange
    const record = keys.student(STUDENT_ID);
    const versions = [10, 2, 9, 100, 1];

    // Act
    const sorted = versions.map((version) => keys.history(record, version).sk).sort();

    // Assert
    expect(sorted).toEqual([1, 2, 9, 10, 100].map((version) => keys.history(record, version).sk));
  });

  test('live next to the record, under the prefix its history listing queries', () => {
    const record = keys.staff('01JSTAFF000000000000000000');
    const item = keys.history(record, 3);
    const listing = keys.historyOf(record);

    expect(item.pk).toBe(record.pk);
    expect(listing.pk).toBe(record.pk);
    expect(item.sk.startsWith(listing.skPrefix)).toBe(true);
  });
});

describe('guardian name partitions', () => {
  test('spread guardians over the initial of the normalized last name and a shard of the id', () => {
    // Act
    const partitions = [
      keys.guardiansByName('García', 'Ana', GUARDIAN_ID).gsi1pk,
      keys.guardiansByName('Ávila', 'Luis', GUARDIAN_ID).gsi1pk,
      keys.guardiansByName('Zhou', 'Wei', GUARDIAN_ID).gsi1pk,
      keys.guardiansByName('Abbott', 'Kim', GUARDIAN_ID).gsi1pk,
    ];

    // Assert
    const shard = shardOf(GUARDIAN_ID, GUARDIAN_NAME_SHARDS);
    expect(partitions).toEqual([`GUARDIANS#g#${shard}`, `GUARDIANS#a#${shard}`, `GUARDIANS#z#${shard}`, `GUARDIANS#a#${shard}`]);
  });

  test('an import of the most common initial takes no more than its share of each index partition', () => {
    // Arrange: 11% of 1.05 M guardians share an initial (S, the most common in US surnames).
    const guardians = Array.from({ length: 11_550 }, (_, index) => keys.guardiansByName('Smith', 'Pat', `G${index}-${index * 7919}`));

    // Act
    const perPartition = new Map<string, number>();
    for (const { gsi1pk } of guardians) perPartition.set(gsi1pk!, (perPartition.get(gsi1pk!) ?? 0) + 1);

    // Assert: every shard is used, none takes much more than an even share, and an import at the
    // index's whole warm write rate keeps each shard under a partition's 1,000 writes/s.
    expect(perPartition.size).toBe(GUARDIAN_NAME_SHARDS);
    const even = guardians.length / GUARDIAN_NAME_SHARDS;
    expect(Math.max(...perPartition.values())).toBeLessThan(even * 1.1);
    const busiestShare = Math.max(...perPartition.values()) / guardians.length;
    expect(TABLE_CAPACITY.warmIndex.writeUnitsPerSecond * 0.11 * busiestShare).toBeLessThan(DYNAMODB.partitionWriteUnitsPerSecond.value);
  });

  test.each([
    ['ávila, l', 'Ávila', 'Luis'],
    ['GARCIA', 'García', 'Ana'],
    ["o'b", "O'Brien", 'Sean'],
  ])('a search for %j reads the partition the guardian is stored in', (query, last, first) => {
    // Arrange
    const stored = keys.guardiansByName(last, first, GUARDIAN_ID);

    // Act
    const searched = keys.guardiansByNamePartitions(nameSearchPrefix(query));

    // Assert
    expect(searched).toContain(stored.gsi1pk);
    expect(stored.gsi1sk!.startsWith(nameSearchPrefix(query))).toBe(true);
  });
});

describe('keys of different entities never collide', () => {
  test('in a student partition, each listing prefix matches only its own items', () => {
    // Arrange
    const student = keys.student(STUDENT_ID);
    const link = keys.guardianLink(STUDENT_ID, GUARDIAN_ID);
    const items: Record<string, Key> = {
      student,
      link,
      studentHistory: keys.history(student, 1),
      linkHistory: keys.history(link, 1),
      outbox: keys.outbox(student, '01JEVENT000000000000000000'),
    };
    const itemsUnder = (prefix: string) => Object.keys(items).filter((name) => items[name]!.sk.startsWith(prefix));

    // Act
    const guardianListing = itemsUnder(keys.guardiansOfStudent(STUDENT_ID).skPrefix);
    const studentHistory = itemsUnder(keys.historyOf(student).skPrefix);
    const linkHistory = itemsUnder(keys.historyOf(link).skPrefix);

    // Assert
    expect(new Set(Object.values(items).map((key) => key.pk))).toEqual(new Set([`STUDENT#${STUDENT_ID}`]));
    expect(guardianListing).toEqual(['link']);
    expect(studentHistory).toEqual(['studentHistory']);
    expect(linkHistory).toEqual(['linkHistory']);
  });

  test('in a school partition, school years and bell schedules are listed apart from history', () => {
    // Arrange
    const school = keys.school(SCHOOL_ID);
    const year = keys.schoolYear(SCHOOL_ID, '2026-2027');
    const bell = keys.bellSchedule(SCHOOL_ID, '01JBELL0000000000000000000');
    const items = [school, year, bell, keys.history(school, 1), keys.history(year, 1), keys.history(bell, 1)];

    // Act
    const years = items.filter((key) => key.sk.startsWith(keys.schoolYearsOfSchool(SCHOOL_ID).skPrefix));
    const bells = items.filter((key) => key.sk.startsWith(keys.bellSchedulesOfSchool(SCHOOL_ID).skPrefix));

    // Assert
    expect(years).toEqual([year]);
    expect(bells).toEqual([bell]);
  });

  test('records of different kinds with the same id get different keys', () => {
    const sameId = '01JSAME0000000000000000000';

    const all = [keys.school(sameId), keys.student(sameId), keys.guardian(sameId), keys.staff(sameId)].map((key) => `${key.pk}|${key.sk}`);

    expect(new Set(all).size).toBe(all.length);
  });

  test('a school’s students, staff and activity are separate partitions from the school itself', () => {
    const partitions = [
      keys.school(SCHOOL_ID).pk,
      keys.studentsOfSchool(SCHOOL_ID),
      keys.staffOfSchool(SCHOOL_ID),
      ...keys.activityPartitionsOfDay(SCHOOL_ID, '2026-09-01'),
    ];

    expect(new Set(partitions).size).toBe(partitions.length);
  });

  test('a day of the district’s (guardians’) activity spreads over 16 partitions by event id, and each event keeps its partition', () => {
    // Arrange
    const eventIds = Array.from({ length: 400 }, (_, index) => `01JBQ7ZK3M8W2XN5R4T6V9${String(index).padStart(4, '0')}`);

    // Act
    const partitions = eventIds.map((eventId) => keys.activity('district', '2026-09-01', '2026-09-01T15:00:00.000Z', eventId).pk);

    // Assert
    expect(new Set(partitions).size).toBe(16);
    expect(keys.activityPartitionsOfDay('district', '2026-09-01')).toEqual(expect.arrayContaining([...new Set(partitions)]));
    expect(keys.activity('district', '2026-09-01', '2026-09-01T15:00:00.000Z', eventIds[7]!).pk).toBe(partitions[7]);
    expect(keys.activityPartitionsOfDay(SCHOOL_ID, '2026-09-01')).toEqual([keys.activity(SCHOOL_ID, '2026-09-01', 'x', eventIds[0]!).pk]);
  });

  test('a guardian’s children are listed from a partition that is not the guardian’s own', () => {
    expect(keys.childrenOfGuardianQuery(GUARDIAN_ID).pk).not.toBe(keys.guardian(GUARDIAN_ID).pk);
    expect(keys.childrenOfGuardian(GUARDIAN_ID, STUDENT_ID).gsi1pk).toBe(keys.childrenOfGuardianQuery(GUARDIAN_ID).pk);
  });
});

describe('unique claims', () => {
  test('school codes, district student ids and employee ids are claimed case-insensitively', () => {
    expect(keys.schoolCode('ps-101')).toEqual(keys.schoolCode('PS-101'));
    expect(keys.districtStudentId('s-00042')).toEqual(keys.districtStudentId('S-00042'));
    expect(keys.employeeId('e77')).toEqual(keys.employeeId('E77'));
  });

  test('a school code and a district student id with the same text claim different items', () => {
    expect(keys.schoolCode('X100').pk).not.toBe(keys.districtStudentId('X100').pk);
    expect(keys.schoolCode('X100').pk).not.toBe(keys.employeeId('X100').pk);
  });
});
