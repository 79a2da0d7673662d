/**
 * The SIS side of enrollments.csv (decisions 0073, 0105): a student row enrolls the student in the
 * class's school through the enrollment pipeline's own use cases (the intake stores a transfer
 * request, the consumer's processor settles it, here at once), then places them in the section
 * (`assignStudent`, the district's roster overriding what staff may override); the teacher rows of
 * a class become its section's teachers once the file is read. A row the SIS cannot place (a student
 * without a guardian, a class or user kept as a OneRoster row only) is kept with a note.
 */
import { keys } from '../../domain/keys';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import type { QualityNote, StoredRow } from '../../domain/oneroster/roster-rows';
import { guardianLinkType, rosterEntryType, schoolYearType, sectionType, studentType } from '../../domain/records/record-types';
import { AssignmentRefused } from '../../domain/scheduling/errors';
import { OVERRIDABLE_REFUSALS } from '../../domain/scheduling/schemas';
import type { Log } from '../../functions/platform/observability';
import { EnrollmentProcessor } from '../../functions/use-cases/enrollment/enroll-request';
import { submitIntake } from '../../functions/use-cases/enrollment/submit-intake';
import { assignStudent } from '../../functions/use-cases/scheduling/assign-student';
import { dropStudent } from '../../functions/use-cases/scheduling/drop-student';
import type { FileHandler, ImportContext, RealizeResult, RowState, Take } from './oneroster-context';
import { IMPORTER, realizationOf, retryingContention, SisRefused, sisWrite, upsert } from './oneroster-writes';

const REASON = "OneRoster CSV import: the district's roster";
const SILENT: Log = { info: () => undefined, warn: () => undefined, error: () => undefined } as unknown as Log;
const NOT_PLACED = "the student is not on the section's roster in the SIS (attendance, grades, schedule)";

export class EnrollmentsHandler implements FileHandler {
  private readonly processor: EnrollmentProcessor;
  /** The last row of each student still in flight: the next one waits for it (two placements of one student at once contend). */
  private readonly students = new Map<string, Promise<unknown>>();
  private readonly teacherRows = new Map<string, RowState[]>();

  constructor(private readonly context: ImportContext) {
    this.processor = new EnrollmentProcessor(context.services);
  }

  async take(state: RowState): Promise<Take> {
    const { row } = state;
    const depends = this.context.wasTouched('users', row.userSourcedId) || this.context.wasTouched('classes', row.classSourcedId);
    if (row.role === 'teacher' || state.prev?.row.role === 'teacher') {
      const classSourcedId = row.classSourcedId ?? state.prev!.row.classSourcedId!;
      const list = this.teacherRows.get(classSourcedId) ?? [];
      list.push(state);
      this.teacherRows.set(classSourcedId, list);
      return state.deleting ? 'keep' : 'later';
    }
    if (state.deleting) return 'keep';
    // A row the SIS could not place is tried again when it or its user or class changes (a guardian
    // added to the user's agents), not at every import: each try is an enrollment request.
    if (!state.changed && !depends) return 'keep';
    if (row.role !== 'student') {
      return {
        notes: [
          {
            column: 'role',
            issue: `is ${row.role}: the SIS keeps students and teachers in a class, so this enrollment is a OneRoster row only`,
          },
        ],
      };
    }
    const previous = this.students.get(row.userSourcedId!) ?? Promise.resolve();
    const mine = previous.catch(() => undefined).then(() => this.place(row));
    this.students.set(row.userSourcedId!, mine);
    return mine;
  }

  private async place(row: CsvRow): Promise<RealizeResult> {
    const { context } = this;
    const [sectionId, person] = await Promise.all([context.sectionOf(row.classSourcedId!), context.personOf(row.userSourcedId!)]);
    if (!sectionId) return noted('classSourcedId', `names a class kept as a OneRoster row only: ${NOT_PLACED}`);
    if (person?.kind !== 'student') return noted('userSourcedId', `names a user the SIS keeps no student for: ${NOT_PLACED}`);
    const studentId = person.id;
    try {
      const entry = await context.loader.get(rosterEntryType, { sectionId, studentId });
      if (!entry || entry.deletedAt) {
        const section = await context.loader.get(sectionType, { sectionId });
        await this.enroll(studentId, String(section!.data.schoolId), String(section!.data.schoolYear));
        await sisWrite({ '': 'classSourcedId' }, NOT_PLACED, async () => {
          try {
            await retryingContention(() =>
              assignStudent(
                context.services,
                sectionId,
                studentId,
                { reason: REASON, override: [...OVERRIDABLE_REFUSALS] },
                { principal: IMPORTER, reason: REASON },
              ),
            );
          } catch (error) {
            if (!(error instanceof AssignmentRefused) || !error.refusals.every((refusal) => refusal.code === 'already-in-section'))
              throw error;
          }
        });
      }
      const placed = await context.services.records.get(rosterEntryType, { sectionId, studentId });
      return { sis: [realizationOf(rosterEntryType, { sectionId, studentId }, placed!)], notes: [] };
    } catch (error) {
      if (error instanceof SisRefused) return { notes: error.notes };
      throw error;
    }
  }

  /**
   * The enrollment pipeline's own steps, run at once: the intake stores a transfer request and
   * "queues" it to the processor the queue consumer runs. A student already enrolled at the school
   * that year needs nothing; a refusal (no guardian, closed year, grade not offered) is the row's note.
   */
  private async enroll(studentId: string, schoolId: string, schoolYear: string): Promise<void> {
    const { services } = this.context;
    const active = await services.enrollments.activeEnrollment(studentId, schoolYear);
    if (active?.schoolId === schoolId) return;
    const { pk, skPrefix } = keys.guardiansOfStudent(studentId);
    const links = await services.records.queryAll(guardianLinkType, { partition: pk, sortKeyPrefix: skPrefix, skipDeleted: true });
    if (links.length === 0) {
      // The enrollment rules' own refusal (domain/enrollment/rules.ts), said without filing a request that would be rejected.
      throw new SisRefused([
        {
          column: 'userSourcedId',
          issue: `the SIS enrolls a student with at least one guardian and this one has none (users.csv agentSourcedIds): ${NOT_PLACED}`,
        },
      ]);
    }
    const [student, year] = await Promise.all([
      this.context.loader.get(studentType, { studentId }),
      this.context.loader.get(schoolYearType, { schoolId, schoolYear }),
    ]);
    const requestIds: string[] = [];
    const queue = { send: async (body: Record<string, unknown>) => void requestIds.push(String(body.requestId)) };
    const request = {
      kind: 'transfer',
      studentId,
      schoolId,
      schoolYear,
      gradeLevel: String(student!.data.gradeLevel),
      entryDate: String(year!.data.startDate),
      guardians: [],
    };
    await sisWrite({ '': 'userSourcedId' }, NOT_PLACED, () =>
      submitIntake({ services, queue, log: SILENT }, request, { principal: IMPORTER, reason: REASON }),
    );
    const outcome = await retryingContention(() => this.processor.process(requestIds[0]!));
    if (outcome.status === 'REJECTED' && !outcome.reasons.every((reason) => reason.code === 'already-enrolled')) {
      throw new SisRefused(
        outcome.reasons.map((reason) => ({
          column: 'userSourcedId',
          issue: `the SIS did not enroll the student at the class's school (${reason.message.replace(/\.$/, '')}): ${NOT_PLACED}`,
        })),
      );
    }
  }

  /** Each class's teachers: the teacher rows it has (this file's and earlier ones'), its other SIS teachers kept. */
  async finish(): Promise<[RowState, RealizeResult][]> {
    const { context } = this;
    const results: [RowState, RealizeResult][] = [];
    const stored = await context.stored('enrollments');
    const keptTeachers = new Map<string, StoredRow[]>();
    for (const row of stored.values()) {
      if (row.status !== 'active' || row.row.role !== 'teacher') continue;
      keptTeachers.set(row.row.classSourcedId!, [...(keptTeachers.get(row.row.classSourcedId!) ?? []), row]);
    }
    await context.each([...this.teacherRows], async ([classSourcedId, states]) => {
      const live = states.filter((state) => !state.deleting);
      const quiet =
        states.every((state) => !state.changed && state.prev?.sis?.length) &&
        !context.wasTouched('classes', classSourcedId) &&
        !live.some((state) => context.wasTouched('users', state.row.userSourcedId));
      if (quiet) {
        for (const state of live)
          results.push([state, { sis: state.prev!.sis, derived: state.prev!.derived, notes: state.prev!.notes ?? [] }]);
        return;
      }
      const sectionId = await context.sectionOf(classSourcedId);
      const active = new Map<string, CsvRow>();
      for (const row of keptTeachers.get(classSourcedId) ?? []) active.set(row.sourcedId, row.row);
      for (const state of states) {
        if (state.deleting) active.delete(state.sourcedId);
        else active.set(state.sourcedId, state.row);
      }
      const teachers = new Map<string, { staffId: string; role: 'primary' | 'co' }>();
      const notes = new Map<string, QualityNote[]>();
      for (const row of active.values()) {
        const person = await context.personOf(row.userSourcedId!);
        if (person?.kind !== 'staff') {
          notes.set(row.sourcedId!, [
            { column: 'userSourcedId', issue: 'names a user the SIS keeps no staff member for: not a teacher of the section in the SIS' },
          ]);
          continue;
        }
        const primary = row.primary === 'true' && ![...teachers.values()].some((teacher) => teacher.role === 'primary');
        const known = teachers.get(person.id);
        if (!known || (primary && known.role !== 'primary'))
          teachers.set(person.id, { staffId: person.id, role: primary ? 'primary' : 'co' });
      }
      if (!sectionId) {
        for (const state of live)
          results.push([
            state,
            {
              notes: [
                { column: 'classSourcedId', issue: 'names a class kept as a OneRoster row only: not a teacher of a section in the SIS' },
              ],
            },
          ]);
        return;
      }
      const outcome = await this.writeTeachers(sectionId, teachers, stored);
      for (const state of live) {
        const person = await context.personOf(state.row.userSourcedId!);
        const own = notes.get(state.sourcedId) ?? outcome.notes;
        const sis =
          person?.kind === 'staff' && outcome.version
            ? [{ entity: sectionType.entity, ids: { sectionId }, version: outcome.version, member: person.id }]
            : undefined;
        results.push([state, { ...(sis ? { sis } : {}), notes: own }]);
      }
    });
    return results;
  }

  private async writeTeachers(
    sectionId: string,
    teachers: Map<string, { staffId: string; role: 'primary' | 'co' }>,
    stored: Map<string, StoredRow>,
  ): Promise<{ version?: number; notes: QualityNote[] }> {
    const { services } = this.context;
    const section = await this.context.loader.get(sectionType, { sectionId });
    if (!section || section.deletedAt)
      return { notes: [{ column: 'classSourcedId', issue: 'names a class whose section was deleted in the SIS' }] };
    // Teachers a OneRoster row put there and no live row names any more leave; those staff added through the API stay.
    const fromRows = new Set(
      [...stored.values()].flatMap((row) => (row.sis?.[0]?.member && row.sis[0].ids.sectionId === sectionId ? [row.sis[0].member] : [])),
    );
    const kept = (section.data.teachers as { staffId: string; role: 'primary' | 'co' }[]).filter(
      (teacher) => !fromRows.has(teacher.staffId) && !teachers.has(teacher.staffId),
    );
    const primaryTaken = [...teachers.values()].some((teacher) => teacher.role === 'primary');
    const next = [
      ...[...teachers.values()].sort((a, b) => (a.staffId < b.staffId ? -1 : 1)),
      ...kept.map((teacher) => (primaryTaken ? { ...teacher, role: 'co' as const } : teacher)),
    ].slice(0, 4);
    try {
      const written = await sisWrite(
        { teachers: 'userSourcedId', '': 'classSourcedId' },
        'not a teacher of the section in the SIS (its attendance and gradebook)',
        () => upsert(services, sectionType, { sectionId }, { ...section.data, teachers: next }),
      );
      return { version: written.version, notes: [] };
    } catch (error) {
      if (error instanceof SisRefused) return { notes: [...error.notes] };
      throw error;
    }
  }

  async unrealize(stored: StoredRow): Promise<void> {
    const found = stored.sis?.[0];
    const { services } = this.context;
    if (!found) return;
    // A student or teacher named by another live row of the class (its Fall and Spring rows) stays.
    const deleted = this.context.deleted.get('enrollments');
    const same = (other: StoredRow) =>
      other.status === 'active' &&
      !deleted?.has(other.sourcedId) &&
      other.sourcedId !== stored.sourcedId &&
      other.sis?.[0]?.entity === found.entity &&
      other.sis[0].member === found.member &&
      JSON.stringify(other.sis[0].ids) === JSON.stringify(found.ids);
    if ([...(await this.context.stored('enrollments')).values()].some(same)) return;
    if (found.entity === sectionType.entity && found.member) {
      const section = await services.records.get(sectionType, { sectionId: found.ids.sectionId! });
      if (!section || section.deletedAt) return;
      const teachers = (section.data.teachers as { staffId: string }[]).filter((teacher) => teacher.staffId !== found.member);
      await sisWrite({ '': 'sourcedId' }, 'the teacher stays on the section in the SIS', () =>
        upsert(services, sectionType, { sectionId: found.ids.sectionId! }, { ...section.data, teachers }),
      );
      return;
    }
    if (found.entity !== rosterEntryType.entity) return;
    const { sectionId, studentId } = found.ids;
    const entry = await services.records.get(rosterEntryType, { sectionId: sectionId!, studentId: studentId! });
    if (!entry || entry.deletedAt) return;
    await sisWrite({ '': 'sourcedId' }, 'the student stays on the roster in the SIS', () =>
      dropStudent(services, sectionId!, studentId!, { reason: REASON }, { principal: IMPORTER }),
    );
  }
}

const noted = (column: string, issue: string): RealizeResult => ({ notes: [{ column, issue }] });
