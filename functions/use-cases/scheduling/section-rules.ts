import { Conflict, Invalid, type FieldIssue } from '../../../domain/errors';
import { keys } from '../../../domain/keys';
import { bellScheduleType, courseType, schoolYearType } from '../../../domain/records/record-types';
import { sectionCapacity, type Section } from '../../../domain/scheduling/schemas';
import { slotsOf } from '../../../domain/scheduling/slots';
import type { BellSchedule } from '../../../domain/schemas/calendar';
import type { StoredRecord } from '../../repositories/record-store';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';

const live = (record: StoredRecord | undefined) => record !== undefined && record.deletedAt === undefined;

/**
 * The bell schedules a section's meetings are in, each checked at the version read (a bell
 * schedule changed meanwhile fails the section's change); a meeting in a period its bell schedule
 * does not have is refused, naming it. A meeting's bell schedule is the one it names, else the
 * school's default (its only one when none is marked default). A school with no bell schedule yet
 * is not checked: its periods are whatever its sections say until it enters its bells.
 */
async function bellScheduleChecks(services: Services, section: Section): Promise<TransactionItem[]> {
  const { pk, skPrefix } = keys.bellSchedulesOfSchool(section.schoolId);
  const schedules = await services.records.queryAll(bellScheduleType, { partition: pk, sortKeyPrefix: skPrefix, skipDeleted: true });
  if (schedules.length === 0) return [];
  const fallback = schedules.find((schedule) => schedule.data.isDefault) ?? (schedules.length === 1 ? schedules[0] : undefined);
  const used = new Map<string, StoredRecord<BellSchedule>>();
  const issues: FieldIssue[] = [];
  section.meetings.forEach((meeting, index) => {
    const schedule = meeting.bellScheduleId ? schedules.find((candidate) => candidate.id === meeting.bellScheduleId) : fallback;
    if (!schedule) {
      issues.push(
        meeting.bellScheduleId
          ? { field: `meetings[${index}].bellScheduleId`, message: 'names no bell schedule of the school' }
          : {
              field: `meetings[${index}].bellScheduleId`,
              message: 'is required: the school has several bell schedules and none is its default',
            },
      );
      return;
    }
    const periods = schedule.data.periods.map((period) => period.code);
    if (!periods.includes(meeting.period)) {
      issues.push({
        field: `meetings[${index}].period`,
        message: `is not a period of the bell schedule "${schedule.data.name}" (its periods: ${periods.join(', ')})`,
      });
    }
    used.set(schedule.id, schedule);
  });
  if (issues.length > 0) throw new Invalid(issues);
  return [...used.values()].map((schedule) =>
    services.records.unchangedCheck(
      bellScheduleType,
      schedule.ids,
      schedule.version,
      () =>
        new Conflict(`The bell schedule "${schedule.data.name}" changed meanwhile; check the section's periods against it and try again.`),
    ),
  );
}

/**
 * What a section's change adds to its transaction, beyond the record engine's own items: the
 * seat counter follows the section's capacity (never below the seats taken), and a section is
 * deleted or cancelled only when nobody sits in it. A live section must name a course of its own
 * school and a term of its school year, and meet in periods of its bell schedule. A change of its
 * meetings is conditioned on the seat counter's count of placements and drops (`rosterRead`, read
 * before the roster its students were moved from, section-move.ts); without it (a snapshot
 * restored) the meetings of a section with students do not change.
 */
export async function sectionChangeItems(
  services: Services,
  before: StoredRecord<Section> | undefined,
  after: StoredRecord<Section>,
  rosterRead?: { readonly changes?: number },
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
  const bells = await bellScheduleChecks(services, section);
  // A missing course is refused by the engine's reference check, naming courseId.
  const capacity = sectionCapacity(section, course?.data ?? { defaultCapacity: 30 });
  if (before === undefined) return [services.schedules.seatsCreated(sectionId, capacity), ...bells];
  const moved = live(before) && slotsOf(before.data.meetings).join() !== slotsOf(section.meetings).join();
  let changesRead = rosterRead;
  if (moved && changesRead === undefined) {
    const seats = await services.schedules.seats(sectionId);
    if (seats?.taken) {
      throw new Conflict(
        `The section has ${seats.taken} students; change its meetings with PATCH, which moves them along, not by a restore.`,
      );
    }
    changesRead = seats ?? {};
  }
  return [services.schedules.seatsResized(sectionId, capacity, moved ? changesRead : undefined), ...bells];
}
