import { Invalid } from '../../../domain/errors';
import { completionFor } from '../../../domain/gradebook/marks';
import { markRefusalError, markTransition } from '../../../domain/gradebook/posting';
import { courseType, termMarkType, type StoredTermMark } from '../../../domain/records/record-types';
import type { RecordWrite } from '../../repositories/record-store';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { markCounterItems } from './mark-counters';
import { authorizedSection } from './section-gradebook';
import { marksOfPeriod, periodOf, refused } from './mark-period';

export interface UnpostResult {
  readonly sectionId: string;
  readonly gradingPeriod: string;
  readonly final: boolean;
  /** Marks returned to draft. */
  readonly unposted: number;
  /** Course completions withdrawn (final marks only). */
  readonly completionsWithdrawn: number;
}

/**
 * A school or district administrator takes a posted grading period back to draft, with
 * X-Change-Reason (a mark posted too early, or with the wrong scale): each mark returns to draft
 * with the reason in its history, final marks withdraw the course completions they recorded, and
 * the period's lock goes last, so that until the whole change is written every mark still shows
 * as posted, and a retry after an interruption finishes the job. Families no longer see the marks
 * until they are posted again (which tells them again).
 */
export async function unpostMarks(
  services: Services,
  sectionId: string,
  gradingPeriod: string,
  context: WriteContext,
): Promise<Written<UnpostResult>> {
  const section = await authorizedSection(services, sectionId, context.principal, 'update', 'reportCard');
  const period = await periodOf(services, section, gradingPeriod);
  const [stored, course] = await Promise.all([
    marksOfPeriod(services, sectionId, gradingPeriod),
    services.records.get(courseType, { courseId: section.data.courseId }),
  ]);
  const courseCode = course?.data.code ?? '';
  const posted = stored.marks.filter((mark) => mark.data.status === 'posted');
  if (!stored.locked && posted.length === 0) {
    throw markRefusalError({ code: 'not-posted', message: `The marks of ${gradingPeriod} are not posted.` });
  }
  const decision = markTransition('posted', 'unpost', context.principal.roles, context.reason);
  if (!decision.allowed) {
    if (decision.refusal.code === 'reason-required') {
      throw new Invalid([{ field: 'X-Change-Reason', message: 'is required to un-post marks (it is kept in each mark’s history)' }]);
    }
    throw refused(decision);
  }

  const at = services.now().toISOString();
  let completionsWithdrawn = 0;
  const writes: RecordWrite<StoredTermMark>[] = posted.map((before) => {
    const data: StoredTermMark = { ...before.data, status: 'draft' };
    const recorded = period.final && completionFor({ letter: data.letter, final: true }, { courseCode, schoolYear: '', termCode: '' });
    if (recorded) completionsWithdrawn += 1;
    const { schoolYear, termCode } = section.data;
    const extra = [
      ...(recorded ? [services.schedules.completionWithdrawn(before.id, { courseCode, schoolYear, termCode })] : []),
      ...markCounterItems(services, before.data, data, at),
    ];
    return { kind: termMarkType, ids: before.ids, before, data, extra };
  });
  const unlock = stored.locked
    ? [
        services.gradebook.periodUnlocked(sectionId, gradingPeriod, () =>
          markRefusalError({ code: 'not-posted', message: `The marks of ${gradingPeriod} were un-posted meanwhile.` }),
        ),
      ]
    : [];
  const result: UnpostResult = {
    sectionId,
    gradingPeriod,
    final: period.final,
    unposted: stored.locked ? stored.marks.length : posted.length,
    completionsWithdrawn,
  };
  return services.records.commitInChunks(context, writes, { at, tail: unlock, result });
}
