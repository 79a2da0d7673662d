import * as z from 'zod';
import { CATALOG } from '../../events/catalog';

/**
 * Events reach the bus, its 365-day archive and the audit queue, where a record cannot be erased:
 * they carry ids and the names of what changed, never a person's name, birth date, address or
 * contact details (decision 0080). This walks every field of every payload in the catalog.
 */
const PII_LIKE = /name|birth|^dob$|address|street|^city$|postal|^zip|email|phone|mobile|^ssn$|gender|ethnic|race|language/i;

/**
 * Fields whose name looks personal but whose value is not. None since decision 0089 (gradebook
 * events name a grading period by its code, not its name "Quarter 1").
 */
const ALLOWED = new Set<string>([]);

function fieldPaths(schema: unknown, prefix = ''): string[] {
  const node = schema as { properties?: Record<string, unknown>; items?: unknown; anyOf?: unknown[]; additionalProperties?: unknown };
  const paths: string[] = [];
  for (const [name, child] of Object.entries(node.properties ?? {})) {
    const path = prefix ? `${prefix}.${name}` : name;
    paths.push(path, ...fieldPaths(child, path));
  }
  if (node.items) paths.push(...fieldPaths(node.items, prefix));
  for (const option of node.anyOf ?? []) paths.push(...fieldPaths(option, prefix));
  if (node.additionalProperties && typeof node.additionalProperties === 'object')
    paths.push(...fieldPaths(node.additionalProperties, prefix));
  return paths;
}

const leaf = (path: string) => path.split('.').at(-1)!;

describe('event payloads carry no personal data', () => {
  test.each(CATALOG.map((entry) => [`${entry.source} / ${entry.detailType}`, entry] as const))('%s', (_name, entry) => {
    // Act
    const paths = fieldPaths(z.toJSONSchema(entry.schema, { io: 'input', unrepresentable: 'any' }));
    const personal = paths.filter((path) => PII_LIKE.test(leaf(path)) && !ALLOWED.has(path));

    // Assert
    expect(paths).toEqual(expect.arrayContaining(['eventId', 'ids', 'changedFields']));
    expect(personal).toEqual([]);
  });

  test('the check finds the fields version 1 carried (whole records, guardians’ contacts)', () => {
    const withPrevious = CATALOG.filter((entry) => entry.previous);
    const personal = withPrevious.flatMap((entry) =>
      fieldPaths(z.toJSONSchema(entry.previous!.schema, { io: 'input', unrepresentable: 'any' })).filter((path) =>
        PII_LIKE.test(leaf(path)),
      ),
    );

    expect(personal).toEqual(expect.arrayContaining(['student.legalName', 'guardians.email', 'guardians.phone', 'record.birthDate']));
  });
});
