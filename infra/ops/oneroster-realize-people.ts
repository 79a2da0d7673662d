/**
 * The SIS side of users.csv with its roles.csv, demographics.csv and userProfiles.csv rows
 * (decision 0105): each user becomes the student, staff member or guardian its roles say, its
 * demographics and profiles written with it; students' and guardians' agents become guardian
 * links once every user is written. The roles, demographics and profile rows are kept as rows of
 * their own, realized in their user's record.
 */
import { UniqueClaimTaken } from '../../domain/errors';
import type { CsvFile } from '../../domain/oneroster/binding';
import { sisIdFor } from '../../domain/oneroster/csv-ids';
import { guardianRows, staffRows, studentRows } from '../../domain/oneroster/csv-people';
import { listOf, type CsvRow } from '../../domain/oneroster/csv-rows';
import {
  guardianFrom,
  GUARDIAN_ROLES,
  kindOf,
  linkFrom,
  staffFrom,
  studentFrom,
  type PersonPlan,
  type UserKind,
  type UserRole,
} from '../../domain/oneroster/realize-people';
import { tagged } from '../../domain/oneroster/realize-values';
import type { QualityNote, Realization, StoredRow } from '../../domain/oneroster/roster-rows';
import { derivedColumns } from '../../domain/oneroster/sis-columns';
import { guardianLinkType, guardianType, staffType, studentType, type RecordType } from '../../domain/records/record-types';
import type { FileHandler, ImportContext, RealizeResult, RowState, Take } from './oneroster-context';
import { columnOf, realizationOf, remove, SisRefused, sisWrite, upsert, type Upserted } from './oneroster-writes';

const TYPES = { student: studentType, staff: staffType, guardian: guardianType } as const;
const USER_COLUMNS = {
  districtStudentId: 'identifier',
  employeeId: 'identifier',
  schoolId: 'primaryOrgSourcedId',
  legalName: 'givenName',
  name: 'givenName',
  'legalName.last': 'familyName',
  'name.last': 'familyName',
  preferredName: 'preferredGivenName',
  birthDate: 'demographics.birthDate',
  gender: 'demographics.sex',
  gradeLevel: 'grades',
  email: 'email',
  phone: 'phone',
  staffType: 'roles.role',
  assignments: 'roles.orgSourcedId',
  applicationProfiles: 'userProfiles.sourcedId',
  '': 'sourcedId',
};
const KEPT_ONLY = 'the user is kept as a OneRoster user only (no enrollment, sections, attendance, grades or family portal)';
const same = (_kind: string, id: string) => id;

/** The rows of roles.csv, demographics.csv or userProfiles.csv of this import, by user; realized with their user. */
export class UserPartsHandler implements FileHandler {
  readonly states = new Map<string, RowState>();
  constructor(
    readonly file: CsvFile,
    private readonly context: ImportContext,
  ) {}

  async take(state: RowState): Promise<Take> {
    this.states.set(state.sourcedId, state);
    if (state.changed) this.context.touch(this.file, state.sourcedId);
    return 'later';
  }

  /** The user a part names. */
  userOf(row: CsvRow): string {
    return this.file === 'demographics' ? row.sourcedId! : row.userSourcedId!;
  }

  /** Every live part by user: the kept rows, with this import's laid over them. */
  async byUser(): Promise<Map<string, CsvRow[]>> {
    const rows = new Map<string, CsvRow>();
    for (const [sourcedId, stored] of await this.context.stored(this.file)) if (stored.status === 'active') rows.set(sourcedId, stored.row);
    for (const [sourcedId, state] of this.states) {
      if (state.deleting) rows.delete(sourcedId);
      else rows.set(sourcedId, state.row);
    }
    const grouped = new Map<string, CsvRow[]>();
    for (const row of rows.values()) grouped.set(this.userOf(row), [...(grouped.get(this.userOf(row)) ?? []), row]);
    return grouped;
  }

  /** Users whose parts this import changed: they are realized again. */
  changedUsers(): Set<string> {
    return new Set([...this.states.values()].filter((state) => state.changed).map((state) => this.userOf(state.row)));
  }
}

export class UsersHandler implements FileHandler {
  private roles = new Map<string, CsvRow[]>();
  private demographics = new Map<string, CsvRow[]>();
  private profiles = new Map<string, CsvRow[]>();
  private dirty = new Set<string>();
  private readonly realized = new Map<string, { result: RealizeResult; demographic?: Record<string, string> }>();
  private readonly linkRequests: { student: RowState; agents: string[] }[] = [];

  constructor(
    private readonly context: ImportContext,
    private readonly parts: { roles: UserPartsHandler; demographics: UserPartsHandler; userProfiles: UserPartsHandler },
    private readonly note: (file: CsvFile, line: number, sourcedId: string, notes: readonly QualityNote[]) => void,
  ) {}

  /** Reads the users' parts (before the first users row). */
  async prepare(): Promise<void> {
    [this.roles, this.demographics, this.profiles] = await Promise.all([
      this.parts.roles.byUser(),
      this.parts.demographics.byUser(),
      this.parts.userProfiles.byUser(),
    ]);
    this.dirty = new Set([
      ...this.parts.roles.changedUsers(),
      ...this.parts.demographics.changedUsers(),
      ...this.parts.userProfiles.changedUsers(),
    ]);
  }

  private rolesOf(sourcedId: string): UserRole[] {
    return (this.roles.get(sourcedId) ?? []).map((row) => ({ role: row.role!, roleType: row.roleType!, orgSourcedId: row.orgSourcedId! }));
  }

  async take(state: RowState): Promise<Take> {
    const { context } = this;
    if (state.deleting) return 'keep';
    const roles = this.rolesOf(state.sourcedId);
    const orgsTouched =
      roles.some((role) => context.wasTouched('orgs', role.orgSourcedId)) || context.wasTouched('orgs', state.row.primaryOrgSourcedId);
    if (!state.changed && state.prev?.sis?.length && !this.dirty.has(state.sourcedId) && !orgsTouched) {
      context.setRealized('users', state.sourcedId, state.prev.sis, false);
      return 'keep';
    }
    const result = await this.realize(state, roles);
    context.setRealized('users', state.sourcedId, result.sis);
    const agents = listOf(state.row.agentSourcedIds);
    if (result.sis && agents.length > 0) this.linkRequests.push({ student: state, agents });
    return result;
  }

  private async realize(state: RowState, roles: UserRole[]): Promise<RealizeResult> {
    const kind = kindOf(roles);
    if (!kind) {
      return {
        notes: [
          {
            column: 'roles.role',
            issue: `has no role the SIS keeps a person for (student; a staff role; parent, guardian or relative): ${KEPT_ONLY}`,
          },
        ],
      };
    }
    const orgs = [state.row.primaryOrgSourcedId, ...roles.map((role) => role.orgSourcedId)].filter((org): org is string => Boolean(org));
    const schools = new Map(await Promise.all(orgs.map(async (org) => [org, await this.context.schoolOf(org)] as const)));
    const input = {
      row: state.row,
      roles,
      demographic: this.demographics.get(state.sourcedId)?.[0],
      profiles: this.profiles.get(state.sourcedId) ?? [],
      schoolOf: (org: string) => schools.get(org),
    };
    const plan: PersonPlan = kind === 'student' ? studentFrom(input) : kind === 'staff' ? staffFrom(input) : guardianFrom(input);
    if (!plan.data) return { notes: plan.notes };
    const ids = { [`${kind}Id`]: sisIdFor('user', state.sourcedId) };
    const notes = [...plan.notes];
    let data = plan.data;
    try {
      let written: Upserted | undefined;
      for (let attempt = 0; !written; attempt += 1) {
        try {
          written = await upsert(this.context.services, TYPES[kind], ids, data, (type, key) => this.context.loader.get(type, key));
          notes.push(...written.waived.map((note) => ({ ...note, column: columnOf(note.column, USER_COLUMNS) })));
        } catch (error) {
          const field = error instanceof UniqueClaimTaken && attempt < 2 ? error.field : undefined;
          if (field !== 'districtStudentId' && field !== 'employeeId')
            return await sisWrite(USER_COLUMNS, KEPT_ONLY, () => Promise.reject(error));
          const code = tagged(String(data[field]), `user:${state.sourcedId}`, 20);
          notes.push({
            column: 'identifier',
            issue: `${String(data[field])} is another person's number in the SIS: this one's is ${code}`,
          });
          data = { ...data, [field]: code };
        }
      }
      const sis = [realizationOf(TYPES[kind], ids, written)];
      const derivedRows = this.derivedRows(kind, ids[`${kind}Id`]!, written.data);
      this.realized.set(state.sourcedId, { result: { sis, notes }, demographic: derivedRows.demographic });
      return { sis, derived: derivedColumns('users', state.row, derivedRows.user), notes };
    } catch (error) {
      if (error instanceof SisRefused) return { notes: [...notes, ...error.notes] };
      throw error;
    }
  }

  private derivedRows(
    kind: UserKind,
    id: string,
    data: Record<string, unknown>,
  ): { user: Record<string, string>; demographic?: Record<string, string> } {
    if (kind === 'student') {
      const rows = studentRows(id, data, [], same);
      return { user: rows.user, demographic: rows.demographic };
    }
    return { user: (kind === 'staff' ? staffRows(id, data, same) : guardianRows(id, data, [], 'district', same)).user };
  }

  /** Guardian links (once every user is written), then the roles, demographics and profile rows, realized in their users. */
  async finish(): Promise<[RowState, RealizeResult][]> {
    await this.links();
    const results: [RowState, RealizeResult][] = [];
    for (const part of [this.parts.roles, this.parts.demographics, this.parts.userProfiles]) {
      for (const state of part.states.values()) {
        if (state.deleting) continue;
        const user = part.userOf(state.row);
        const own = this.realized.get(user);
        const sis = own?.result.sis ?? (await this.context.realizationsOf('users', user));
        const derived =
          part.file === 'demographics' && own?.demographic ? derivedColumns('demographics', state.row, own.demographic) : undefined;
        results.push([state, { sis, ...(derived && Object.keys(derived).length > 0 ? { derived } : {}), notes: [] }]);
      }
    }
    return results;
  }

  /** The guardian links the users' agents name, each pair once (a student names its guardian, the guardian its child). */
  private async links(): Promise<void> {
    const pairs = new Map<string, { studentId: string; guardianId: string; data: Record<string, unknown>; from: RowState }>();
    for (const { student, agents } of this.linkRequests) {
      const self = await this.context.personOf(student.sourcedId);
      for (const agent of agents) {
        const other = await this.context.personOf(agent);
        const studentSide = self?.kind === 'student' && other?.kind === 'guardian';
        if (!studentSide && !(self?.kind === 'guardian' && other?.kind === 'student')) {
          if (self?.kind === 'student' || self?.kind === 'guardian') {
            this.note('users', student.line, student.sourcedId, [
              {
                column: 'agentSourcedIds',
                issue: `${agent} is not a ${self.kind === 'student' ? 'guardian' : 'student'} the SIS keeps: no guardian link (family portal, notices to the family)`,
              },
            ]);
          }
          continue;
        }
        const [studentId, guardianId] = studentSide ? [self.id, other!.id] : [other!.id, self!.id];
        const guardianSourcedId = studentSide ? agent : student.sourcedId;
        const guardianRole = this.rolesOf(guardianSourcedId).find((role) => GUARDIAN_ROLES.includes(role.role))?.role;
        const key = `${studentId}|${guardianId}`;
        // The student's row says the link's terms (its metadata.sis); the guardian's only that there is one.
        if (studentSide || !pairs.has(key)) {
          const data = { ...linkFrom(studentSide ? student.row : {}, guardianSourcedId, guardianRole), guardianId };
          pairs.set(key, { studentId, guardianId, data, from: student });
        }
      }
    }
    await this.context.each([...pairs.values()], async ({ studentId, guardianId, data, from }) => {
      try {
        await sisWrite({ '': 'agentSourcedIds' }, 'no guardian link (family portal, notices to the family)', () =>
          upsert(this.context.services, guardianLinkType, { studentId, guardianId }, data, (type, key) =>
            this.context.loader.get(type, key),
          ),
        );
      } catch (error) {
        if (!(error instanceof SisRefused)) throw error;
        this.note('users', from.line, from.sourcedId, error.notes);
      }
    });
  }

  async unrealize(stored: StoredRow): Promise<void> {
    const found: Realization | undefined = stored.sis?.[0];
    const type = found && (TYPES as Record<string, RecordType>)[found.entity];
    if (found && type)
      await sisWrite({ '': 'sourcedId' }, 'the person stays in the SIS', () => remove(this.context.services, type, found.ids));
  }
}
