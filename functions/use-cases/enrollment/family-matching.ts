import { keys, normalizeName, type Key } from '../../../domain/keys';
import type { Guardian } from '../../../domain/schemas/people';
import { guardianType } from '../../../domain/records/record-types';
import type { EnrollmentRequestRecord } from '../../repositories/enrollment-store';
import type { RecordStore, StoredRecord } from '../../repositories/record-store';

/**
 * The identity claim a new student's enrollment takes (legal name + birth date). A request a
 * counselor confirmed as a new child takes the claim of the n-th child with that identity, n being
 * one more than the students with that identity the counselor was shown: two requests for the same
 * child, each confirmed as new against the same students, then want the same claim, and only one
 * of them creates a student (decision 0041).
 */
export function identityClaimOf(stored: Pick<EnrollmentRequestRecord, 'request' | 'resolution'>): Key | undefined {
  const { request, resolution } = stored;
  if (request.kind !== 'new') return undefined;
  const { legalName, birthDate } = request.student;
  const ordinal = resolution?.action === 'confirm-new' ? (resolution.identityOrdinal ?? 1) : 1;
  return keys.identityClaim(legalName.last, legalName.first, birthDate, ordinal);
}

/** The ordinal a confirm-new takes: one more than the distinct students matched on name and birth date. */
export function identityOrdinalFor(stored: Pick<EnrollmentRequestRecord, 'rejection'>): number {
  const matched = new Set(
    (stored.rejection?.reasons ?? []).flatMap((reason) =>
      (reason.candidates ?? []).filter((candidate) => candidate.matchedOn === 'nameAndBirthDate').map((candidate) => candidate.studentId),
    ),
  );
  return matched.size + 1;
}

const digits = (phone: string | undefined) => (phone ?? '').replace(/\D/g, '');
const sameName = (a: Guardian['name'], b: Guardian['name']) =>
  normalizeName(a.first) === normalizeName(b.first) && normalizeName(a.last) === normalizeName(b.last);

/**
 * A guardian the request describes as new who is one of the student's linked guardians already:
 * the same name (accents, case and punctuation aside) and the same e-mail (case aside) or the same
 * phone (digits only). A name alone is not enough: two people of one name in one family happen.
 */
export function matchLinkedGuardian<T extends Guardian & { readonly id: string }>(
  described: Guardian,
  linked: readonly T[],
): T | undefined {
  return linked.find((candidate) => {
    if (!sameName(described.name, candidate.name)) return false;
    const sameEmail = !!described.email && !!candidate.email && described.email.toLowerCase() === candidate.email.toLowerCase();
    const samePhone = !!digits(described.phone) && digits(described.phone) === digits(candidate.phone);
    return sameEmail || samePhone;
  });
}

/** The live guardians behind a student's links. */
export async function linkedGuardiansOf(records: RecordStore, links: readonly StoredRecord[]): Promise<(Guardian & { id: string })[]> {
  if (links.length === 0) return [];
  const found = await records.getMany(
    guardianType,
    links.map((link) => ({ guardianId: link.id })),
  );
  return found.filter((guardian) => !guardian.deletedAt).map((guardian) => ({ ...guardian.data, id: guardian.id }));
}
