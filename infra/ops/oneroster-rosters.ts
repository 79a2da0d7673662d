/**
 * Class rosters from enrollments.csv's student rows (decision 0073): the student's school
 * enrollment through the enrollment pipeline's own use cases (the intake stores a transfer
 * request, the consumer's processor settles it, here synchronously), then the placement through
 * the scheduling use case behind `PUT /v1/sections/{sectionId}/students/{studentId}`.
 */
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import { rosterEntryType, schoolYearType, sectionType, studentType } from '../../domain/records/record-types';
import { AssignmentRefused } from '../../domain/scheduling/errors';
import type { Log } from '../../functions/platform/observability';
import type { Services } from '../../functions/services';
import { EnrollmentProcessor } from '../../functions/use-cases/enrollment/enroll-request';
import { submitIntake } from '../../functions/use-cases/enrollment/submit-intake';
import { assignStudent } from '../../functions/use-cases/scheduling/assign-student';
import { dropStudent } from '../../functions/use-cases/scheduling/drop-student';
import { IMPORTER, refusedAs, retryingContention, RowRefused, type WriteOutcome } from './oneroster-writes';

const REASON = 'OneRoster CSV import';
const SILENT: Log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Log;
const ROSTER_COLUMNS = { '': 'classSourcedId' } as Record<string, string>;

export class RosterImport {
  private readonly processor: EnrollmentProcessor;
  /** The last row of each student still in flight: the next one waits for it. */
  private readonly students = new Map<string, Promise<void>>();
  private readonly sections = new Map<string, Promise<{ schoolId: string; schoolYear: string } | undefined>>();

  constructor(private readonly services: Services) {
    this.processor = new EnrollmentProcessor(services);
  }

  /**
   * A student row: enrolled in the section's school (unless already), then placed in the section.
   * A student's rows (one per class) run one after the other: two placements of one student at
   * once would contend for the same schedule items.
   */
  async student(row: CsvRow, deleting: boolean): Promise<WriteOutcome> {
    const studentId = sisIdFor('user', row.userSourcedId!);
    const previous = this.students.get(studentId) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.place(row, studentId, deleting));
    const settled = mine.then(
      () => undefined,
      () => undefined,
    );
    this.students.set(studentId, settled);
    try {
      return await mine;
    } finally {
      if (this.students.get(studentId) === settled) this.students.delete(studentId);
    }
  }

  /** A live section's school and year, read once per class (classes.csv is read before enrollments.csv). */
  private sectionOf(sectionId: string): Promise<{ schoolId: string; schoolYear: string } | undefined> {
    let known = this.sections.get(sectionId);
    if (!known) {
      known = this.services.records
        .get(sectionType, { sectionId })
        .then((record) =>
          record && !record.deletedAt ? { schoolId: String(record.data.schoolId), schoolYear: String(record.data.schoolYear) } : undefined,
        );
      this.sections.set(sectionId, known);
    }
    return known;
  }

  private async place(row: CsvRow, studentId: string, deleting: boolean): Promise<WriteOutcome> {
    const sectionId = sisIdFor('class', row.classSourcedId!);
    const [section, entry] = await Promise.all([
      this.sectionOf(sectionId),
      this.services.records.get(rosterEntryType, { sectionId, studentId }),
    ]);
    if (!section) throw new RowRefused([{ field: 'classSourcedId', reason: 'names no class of classes.csv' }]);
    const placed = entry !== undefined && !entry.deletedAt;
    if (deleting) {
      if (!placed) return 'unchanged';
      await refusedAs(ROSTER_COLUMNS, () => dropStudent(this.services, sectionId, studentId, { reason: REASON }, { principal: IMPORTER }));
      return 'deleted';
    }
    if (placed) return 'unchanged';
    await this.enroll(studentId, section.schoolId, section.schoolYear);
    try {
      await retryingContention(() =>
        assignStudent(this.services, sectionId, studentId, { reason: REASON }, { principal: IMPORTER, reason: REASON }),
      );
    } catch (error) {
      if (!(error instanceof AssignmentRefused)) return refusedAs(ROSTER_COLUMNS, () => Promise.reject(error));
      if (error.refusals.every((refusal) => refusal.code === 'already-in-section')) return 'unchanged';
      throw new RowRefused(error.refusals.map((refusal) => ({ field: 'classSourcedId', reason: refusal.message })));
    }
    return 'created';
  }

  /**
   * The enrollment pipeline's own steps, run at once: the intake stores a transfer request and
   * "queues" it to the processor the queue consumer runs. A student already enrolled at the school
   * that year needs nothing; a refusal (closed year, grade not offered, full) is the row's.
   */
  private async enroll(studentId: string, schoolId: string, schoolYear: string): Promise<void> {
    const active = await this.services.enrollments.activeEnrollment(studentId, schoolYear);
    if (active?.schoolId === schoolId) return;
    const student = await this.services.records.get(studentType, { studentId });
    if (!student || student.deletedAt) throw new RowRefused([{ field: 'userSourcedId', reason: 'names no student of users.csv' }]);
    const gradeLevel = String(student.data.gradeLevel);
    const year = await this.services.records.get(schoolYearType, { schoolId, schoolYear });
    if (!year || year.deletedAt) throw new RowRefused([{ field: 'classSourcedId', reason: `its school has no ${schoolYear} school year` }]);
    const requestIds: string[] = [];
    const queue = { send: async (body: Record<string, unknown>) => void requestIds.push(String(body.requestId)) };
    const request = {
      kind: 'transfer',
      studentId,
      schoolId,
      schoolYear,
      gradeLevel,
      entryDate: String(year.data.startDate),
      guardians: [],
    };
    await refusedAs({ '': 'userSourcedId' }, () =>
      submitIntake({ services: this.services, queue, log: SILENT }, request, {
        principal: IMPORTER,
        reason: REASON,
      }),
    );
    const outcome = await retryingContention(() => this.processor.process(requestIds[0]!));
    if (outcome.status === 'REJECTED' && !outcome.reasons.every((reason) => reason.code === 'already-enrolled')) {
      throw new RowRefused(outcome.reasons.map((reason) => ({ field: 'userSourcedId', reason: reason.message })));
    }
  }
}
