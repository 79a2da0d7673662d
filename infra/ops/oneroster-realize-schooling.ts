/**
 * The SIS side of orgs.csv, courses.csv and classes.csv (decision 0105): a school org becomes a
 * school, a course a course in its school (and in every other school that teaches a class of it), a
 * class a section. A row the SIS cannot make a record of is kept all the same, with a note.
 */
import { UniqueClaimTaken } from '../../domain/errors';
import { listOf, type CsvRow } from '../../domain/oneroster/csv-rows';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import { courseRow, classRow, schoolRow } from '../../domain/oneroster/csv-schooling';
import { courseFrom, schoolFrom, sectionFrom, type Realized } from '../../domain/oneroster/realize-schooling';
import { tagged } from '../../domain/oneroster/realize-values';
import type { QualityNote, StoredRow } from '../../domain/oneroster/roster-rows';
import { derivedColumns } from '../../domain/oneroster/sis-columns';
import { courseType, schoolType, sectionType, type RecordType } from '../../domain/records/record-types';
import type { FileHandler, ImportContext, RealizeResult, RowState, Take } from './oneroster-context';
import { columnOf, realizationOf, remove, SisRefused, sisWrite, upsert, type Upserted } from './oneroster-writes';

const SCHOOL_COLUMNS = { name: 'name', code: 'identifier', '': 'sourcedId' };
const COURSE_COLUMNS = {
  code: 'courseCode',
  title: 'title',
  subject: 'subjects',
  gradeLevels: 'grades',
  schoolId: 'orgSourcedId',
  '': 'sourcedId',
};
const CLASS_COLUMNS = {
  sectionNumber: 'classCode',
  room: 'location',
  meetings: 'periods',
  termCode: 'termSourcedIds',
  schoolYear: 'termSourcedIds',
  courseId: 'courseSourcedId',
  schoolId: 'schoolSourcedId',
  teachers: 'enrollments.userSourcedId',
  '': 'sourcedId',
};
const same = (_kind: string, id: string) => id;

/**
 * Writes a record; when a unique value of it is taken (a school's code, a course's code, a section's
 * number), writes it again with that value tagged, and notes it. `fallback` may drop the field instead.
 */
async function writeWithFallback(
  context: ImportContext,
  type: RecordType,
  ids: Record<string, string>,
  plan: Realized,
  columns: Record<string, string>,
  consequence: string,
  fallback: (field: string, data: Record<string, unknown>) => { data: Record<string, unknown>; note: QualityNote } | undefined,
): Promise<{ written: Upserted; notes: QualityNote[] }> {
  const notes = [...plan.notes];
  let data = plan.data;
  for (let attempt = 0; ; attempt += 1) {
    try {
      const written = await upsert(context.services, type, ids, data, (kind, key) => context.loader.get(kind, key));
      return { written, notes: [...notes, ...written.waived.map((note) => ({ ...note, column: columnOf(note.column, columns) }))] };
    } catch (error) {
      const next = error instanceof UniqueClaimTaken && attempt < 3 ? fallback(error.field, data) : undefined;
      if (!next) return sisWrite(columns, consequence, () => Promise.reject(error));
      data = next.data;
      notes.push(next.note);
    }
  }
}

const taggedFallback =
  (field: string, column: string, seed: string, max: number, what: string) => (name: string, data: Record<string, unknown>) =>
    name === field
      ? {
          data: { ...data, [field]: tagged(String(data[field]), seed, max) },
          note: {
            column,
            issue: `${String(data[field])} is another ${what}'s in the SIS: this one's is ${tagged(String(data[field]), seed, max)}`,
          },
        }
      : undefined;

/** Runs a realization; a refusal of the SIS becomes the row's notes (the row is kept as given). */
async function realizing(notes: readonly QualityNote[], write: () => Promise<RealizeResult>): Promise<RealizeResult> {
  try {
    return await write();
  } catch (error) {
    if (error instanceof SisRefused) return { notes: [...notes, ...error.notes] };
    throw error;
  }
}

export class OrgsHandler implements FileHandler {
  constructor(private readonly context: ImportContext) {}

  async take(state: RowState): Promise<Take> {
    const { context } = this;
    if (state.deleting) return 'keep';
    if (state.row.type !== 'school') {
      context.setRealized('orgs', state.sourcedId, undefined, state.changed);
      const note = {
        column: 'type',
        issue: `is ${state.row.type}: the SIS keeps schools, so this org is a OneRoster org only (its users and classes need a school in the SIS)`,
      };
      return { notes: state.row.type === 'district' ? [] : [note] };
    }
    if (!state.changed && state.prev?.sis?.length) {
      context.setRealized('orgs', state.sourcedId, state.prev.sis, false);
      return 'keep';
    }
    const plan = schoolFrom(state.row);
    const ids = { schoolId: sisIdFor('org', state.sourcedId) };
    const result = await realizing(plan.notes, async () => {
      const { written, notes } = await writeWithFallback(
        context,
        schoolType,
        ids,
        plan,
        SCHOOL_COLUMNS,
        'the org is kept as a OneRoster org only (its classes and users have no school in the SIS)',
        taggedFallback('code', 'identifier', `org:${state.sourcedId}`, 20, 'school'),
      );
      const derived = derivedColumns('orgs', state.row, schoolRow(ids.schoolId, written.data, same));
      return { sis: [realizationOf(schoolType, ids, written)], derived, notes };
    });
    context.setRealized('orgs', state.sourcedId, result.sis);
    return result;
  }

  async unrealize(stored: StoredRow): Promise<void> {
    const ids = stored.sis?.[0]?.ids;
    if (ids) await sisWrite({ '': 'sourcedId' }, 'the school stays in the SIS', () => remove(this.context.services, schoolType, ids));
  }
}

export class CoursesHandler implements FileHandler {
  /** Courses this import made in a school, by `<course>@<school>`. */
  private readonly made = new Map<string, Promise<string | undefined>>();
  private readonly schoolGrades = new Map<string, Promise<string[]>>();
  /** The line of each course row of this import (a course made in another school notes its gaps there). */
  private readonly lines = new Map<string, number>();

  constructor(
    private readonly context: ImportContext,
    private readonly note: (line: number, sourcedId: string, notes: readonly QualityNote[]) => void,
  ) {}

  async take(state: RowState): Promise<Take> {
    const { context } = this;
    this.lines.set(state.sourcedId, state.line);
    if (state.deleting) return 'keep';
    const owner = await context.schoolOf(state.row.orgSourcedId!);
    if (!owner) {
      context.setRealized('courses', state.sourcedId, undefined, state.changed);
      return { notes: [] };
    }
    if (!state.changed && state.prev?.sis?.length && !context.wasTouched('orgs', state.row.orgSourcedId)) {
      context.setRealized('courses', state.sourcedId, state.prev.sis, false);
      return 'keep';
    }
    const result = await this.realizeIn(state.row, owner, owner);
    context.setRealized('courses', state.sourcedId, result.sis);
    return result;
  }

  /** The school's grades (a course that names none admits them all). */
  private gradesOf(schoolId: string): Promise<string[]> {
    let grades = this.schoolGrades.get(schoolId);
    if (!grades) {
      grades = this.context.loader.get(schoolType, { schoolId }).then((school) => (school?.data.gradeLevels as string[] | undefined) ?? []);
      this.schoolGrades.set(schoolId, grades);
    }
    return grades;
  }

  private async realizeIn(row: CsvRow, schoolId: string, owner: string | undefined): Promise<RealizeResult> {
    const courseId = this.context.courseIdIn(row.sourcedId!, schoolId, owner);
    const plan = courseFrom(row, schoolId, await this.gradesOf(schoolId));
    return realizing(plan.notes, async () => {
      const { written, notes } = await writeWithFallback(
        this.context,
        courseType,
        { courseId },
        plan,
        COURSE_COLUMNS,
        'the course is kept as a OneRoster course only (its classes in that school are not scheduled)',
        taggedFallback('code', 'courseCode', `course:${row.sourcedId}@${schoolId}`, 20, 'course of the school'),
      );
      const derived = derivedColumns('courses', row, courseRow(courseId, written.data, same));
      return { sis: [realizationOf(courseType, { courseId }, written)], derived, notes };
    });
  }

  /**
   * The SIS course a class of this course in `schoolId` is a section of: the course's own when the
   * school owns it, else one made for the school (a district's course, or another school's).
   */
  courseIn(row: CsvRow, schoolId: string, owner: string | undefined): Promise<string | undefined> {
    if (owner === schoolId) return Promise.resolve(this.context.courseIdIn(row.sourcedId!, schoolId, owner));
    const key = `${row.sourcedId}@${schoolId}`;
    let made = this.made.get(key);
    if (!made) {
      // A district's course made in a school: its gaps are the course row's (once per school).
      made = this.realizeIn(row, schoolId, owner).then((result) => {
        this.note(this.lines.get(row.sourcedId!) ?? 0, row.sourcedId!, result.notes);
        return result.sis?.[0]?.ids.courseId;
      });
      this.made.set(key, made);
    }
    return made;
  }

  async unrealize(stored: StoredRow): Promise<void> {
    const ids = stored.sis?.[0]?.ids;
    if (ids) await sisWrite({ '': 'sourcedId' }, 'the course stays in the SIS', () => remove(this.context.services, courseType, ids));
  }
}

export class ClassesHandler implements FileHandler {
  constructor(
    private readonly context: ImportContext,
    private readonly courses: CoursesHandler,
    /** The course rows of this import and earlier ones, by sourcedId. */
    private readonly courseRow: (sourcedId: string) => Promise<CsvRow | undefined>,
  ) {}

  async take(state: RowState): Promise<Take> {
    const { context } = this;
    if (state.deleting) return 'keep';
    const { row } = state;
    const terms = listOf(row.termSourcedIds);
    const depends =
      context.wasTouched('orgs', row.schoolSourcedId) ||
      context.wasTouched('courses', row.courseSourcedId) ||
      terms.some((term) => context.wasTouched('academicSessions', term));
    if (!state.changed && state.prev?.sis?.length && !depends) {
      context.setRealized('classes', state.sourcedId, state.prev.sis, false);
      return 'keep';
    }
    const notes: QualityNote[] = [];
    const unplaced = (issue: string, column: string): RealizeResult => {
      context.setRealized('classes', state.sourcedId, undefined);
      return {
        notes: [...notes, { column, issue: `${issue}: the class is kept as a OneRoster class only (no roster, attendance or gradebook)` }],
      };
    };
    const schoolId = await context.schoolOf(row.schoolSourcedId!);
    if (!schoolId) return unplaced('names an org the SIS keeps no school for', 'schoolSourcedId');
    const places = await Promise.all(
      terms.map(async (term) => ({ term, sis: (await context.realizationsOf('academicSessions', term))?.[0] })),
    );
    const placed = places.filter((place) => place.sis?.member);
    const first = placed[0];
    if (!first) return unplaced('names no term the SIS calendar holds', 'termSourcedIds');
    const courseRowOf = await this.courseRow(row.courseSourcedId!);
    if (!courseRowOf) return unplaced('names a course the SIS has no row of', 'courseSourcedId');
    const owner = await context.schoolOf(courseRowOf.orgSourcedId!);
    const courseId = await this.courses.courseIn(courseRowOf, schoolId, owner);
    if (!courseId) return unplaced("names a course the SIS could not make in the class's school (see courses.csv)", 'courseSourcedId');
    const sectionId = sisIdFor('class', state.sourcedId);
    const existing = await context.loader.get(sectionType, { sectionId });
    const teachers = existing && !existing.deletedAt ? ((existing.data.teachers as unknown[] | undefined) ?? []) : [];
    const plan = sectionFrom(
      row,
      {
        schoolId,
        courseId,
        schoolYear: first.sis!.ids.schoolYear!,
        termCode: first.sis!.member!,
        otherTerms: placed.slice(1).map((place) => place.term),
        firstTerm: first.term,
      },
      teachers,
    );
    const result = await realizing(plan.notes, async () => {
      const { written, notes: writtenNotes } = await writeWithFallback(
        context,
        sectionType,
        { sectionId },
        plan,
        CLASS_COLUMNS,
        'the class is kept as a OneRoster class only (no roster, attendance or gradebook)',
        (field, data) => {
          if (field === 'sectionNumber')
            return taggedFallback('sectionNumber', 'classCode', `class:${state.sourcedId}`, 10, 'section of the course')(field, data);
          if (field !== 'room') return undefined;
          const { room, ...rest } = data;
          return {
            data: rest,
            note: {
              column: 'location',
              issue: `room ${String(room)} is another section's at the same times in the SIS: the section has no room (room schedules)`,
            },
          };
        },
      );
      const derived = derivedColumns('classes', row, classRow(sectionId, written.data, undefined, same));
      return { sis: [realizationOf(sectionType, { sectionId }, written)], derived, notes: writtenNotes };
    });
    context.setRealized('classes', state.sourcedId, result.sis);
    return result;
  }

  async unrealize(stored: StoredRow): Promise<void> {
    const ids = stored.sis?.[0]?.ids;
    if (ids) await sisWrite({ '': 'sourcedId' }, 'the section stays in the SIS', () => remove(this.context.services, sectionType, ids));
  }
}
