import { Invalid } from '../../../domain/errors';
import { courseType, schoolYearType } from '../../../domain/records/record-types';
import { sectionCapacity, type Section } from '../../../domain/scheduling/schemas';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';

const live = (record: StoredRecord | undefined) => record !== undefined && record.deletedAt === undefined;

/**
 * What a section's change adds to its transaction, beyond the record engine's own items: the
 * seat counter follows the section's capacity (never below the seats taken), and a section is
 * deleted or cancelled only when nobody sits in it. A live section must name a course of its own
 * school and a term of its school year.
 */
export async function sectionChangeItems(
  services: Services,
  before: StoredRecord<Section> | undefined,
  after: StoredRecord<Section>,
): Promise<TransactionItem[]> {
  const sectionId = after.id;
  const section = after.data;
  const cancelled = !live(after) || section.status === 'cancelled';
  if (cancelled) return before && live(before) && before.data.status !== 'cancelled' ? [services.schedules.seatsEmpty(sectionId)] : [];
  const [course, year] = await Promise.all([
    services.records.get(courseType, { courseId: section.courseId }),
    services.records.get(schoolYearType, { schoolId: section.schoolId, schoolYear: section.schoolYear }),
  ]);
  if (course && !course.deletedAt && course.data.schoolId !== section.schoolId) {
    throw new Invalid([{ field: 'courseId', message: 'names a course of another school' }]);
  }
  if (!year || year.deletedAt) {
    throw new Invalid([{ field: 'schoolYear', message: `names no school year of the school (create ${section.schoolYear} first)` }]);
  }
  const terms = year.data.terms;
  if (!terms.some((term) => term.code === section.termCode)) {
    const known = terms.map((term) => term.code).join(', ') || 'none yet';
    throw new Invalid([{ field: 'termCode', message: `names no term of ${section.schoolYear} (its terms: ${known})` }]);
  }
  // A missing course is refused by the engine's reference check, naming courseId.
  const capacity = sectionCapacity(section, course?.data ?? { defaultCapacity: 30 });
  return before === undefined
    ? [services.schedules.seatsCreated(sectionId, capacity)]
    : [services.schedules.seatsResized(sectionId, capacity)];
}
