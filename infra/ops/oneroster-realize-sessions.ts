/**
 * The SIS side of academicSessions.csv (decision 0105): the district's sessions, kept as given,
 * make each school's calendar for their school years (realize-schooling.ts: calendarsFrom). OneRoster
 * sessions belong to the district; the SIS keeps a calendar per school, so every school gets the
 * same years, terms and grading periods, merged into what its calendar already holds.
 */
import { keys } from '../../domain/keys';
import type { CsvRow } from '../../domain/oneroster/csv-rows';
import { calendarsFrom, mergeCalendar, type SessionPlace } from '../../domain/oneroster/realize-schooling';
import type { QualityNote, Realization } from '../../domain/oneroster/roster-rows';
import { schoolType, schoolYearType } from '../../domain/records/record-types';
import type { FileHandler, ImportContext, RealizeResult, RowState, Take } from './oneroster-context';
import { SisRefused, sisWrite, upsert } from './oneroster-writes';

const placeOf = (place: SessionPlace | undefined): Realization[] | undefined =>
  place
    ? [
        {
          entity: schoolYearType.entity,
          ids: { schoolYear: place.schoolYear, kind: place.kind, ...(place.code ? { code: place.code } : {}) },
          version: 0,
          ...(place.termCode ? { member: place.termCode } : {}),
        },
      ]
    : undefined;

export class SessionsHandler implements FileHandler {
  private readonly states = new Map<string, RowState>();
  private built = false;

  constructor(private readonly context: ImportContext) {}

  async take(state: RowState): Promise<Take> {
    this.states.set(state.sourcedId, state);
    if (state.changed) this.context.touch('academicSessions', state.sourcedId);
    return state.deleting ? 'keep' : 'later';
  }

  /** The calendars of every school from every live session row (kept ones and this import's). */
  async finish(): Promise<[RowState, RealizeResult][]> {
    const { context } = this;
    this.built = true;
    const rows = new Map<string, CsvRow>();
    for (const [sourcedId, stored] of await context.stored('academicSessions'))
      if (stored.status === 'active') rows.set(sourcedId, stored.row);
    for (const [sourcedId, state] of this.states) {
      if (state.deleting) rows.delete(sourcedId);
      else rows.set(sourcedId, state.row);
    }
    const changed = [...this.states.values()].some((state) => state.changed) || (context.touched.get('orgs')?.size ?? 0) > 0;
    const plan = calendarsFrom([...rows.values()]);
    for (const [sourcedId] of rows) context.setRealized('academicSessions', sourcedId, placeOf(plan.places.get(sourcedId)), false);
    const schoolNotes = new Map<string, QualityNote[]>();
    if (changed && plan.years.length > 0) {
      const schools = await context.services.records.queryAll(schoolType, {
        index: 'gsi1',
        partition: keys.allSchoolsPartition(),
        sortKeyPrefix: '',
      });
      const pairs = schools
        .filter((record) => record.entity === schoolType.entity && !record.deletedAt)
        .flatMap((school) => plan.years.map((year) => ({ school, year })));
      await context.each(pairs, async ({ school, year }) => {
        const ids = { schoolId: school.id, schoolYear: year.schoolYear };
        try {
          const existing = await context.loader.get(schoolYearType, ids);
          const data = mergeCalendar(existing && !existing.deletedAt ? existing.data : undefined, year);
          await sisWrite(
            { '': 'startDate' },
            `school ${String(school.data.name)} has no ${year.schoolYear} calendar in the SIS (its classes are not scheduled)`,
            () => upsert(context.services, schoolYearType, ids, data, (type, key) => context.loader.get(type, key)),
          );
        } catch (error) {
          if (!(error instanceof SisRefused)) throw error;
          schoolNotes.set(year.schoolYear, [...(schoolNotes.get(year.schoolYear) ?? []), ...error.notes]);
        }
      });
    }
    const live = [...this.states.values()].filter((state) => !state.deleting);
    // A calendar the SIS refused is noted on its year's row (or the year's first session row).
    const owner = new Map<string, string>();
    for (const state of live) {
      const place = plan.places.get(state.sourcedId);
      if (place && (!owner.has(place.schoolYear) || place.kind === 'schoolYear')) owner.set(place.schoolYear, state.sourcedId);
    }
    return live.map((state) => {
      const place = plan.places.get(state.sourcedId);
      const ownsYear = place && owner.get(place.schoolYear) === state.sourcedId;
      const notes = [...(plan.notes.get(state.sourcedId) ?? []), ...(ownsYear ? (schoolNotes.get(place.schoolYear) ?? []) : [])];
      return [state, { sis: placeOf(place), notes }];
    });
  }

  /** True once the calendars were built in this import (a set without academicSessions.csv builds them from the kept rows). */
  get done(): boolean {
    return this.built;
  }
}
