import { Forbidden, Invalid } from '../../../domain/errors';
import { MarkStatusConflict, PostedMarkLocked } from '../../../domain/gradebook/errors';
import { canChangeMark, effectiveMarkStatus, markRefusalError, markTransition, type MarkAction } from '../../../domain/gradebook/posting';
import type { MarkStatus } from '../../../domain/gradebook/schemas';
import type { Role } from '../../../domain/principal';

const outcome = (status: MarkStatus, action: MarkAction, roles: Role[], reason?: string) => {
  const decision = markTransition(status, action, roles, reason);
  return decision.allowed ? `→ ${decision.next}${decision.audited ? ' (audited)' : ''}` : decision.refusal.code;
};

describe('markTransition', () => {
  test.each<[MarkStatus, MarkAction, Role[], string | undefined, string]>([
    ['draft', 'edit', ['teacher'], undefined, '→ draft'],
    ['draft', 'post', ['teacher'], undefined, '→ posted'],
    ['draft', 'edit', ['counselor'], undefined, 'not-a-grader'],
    ['draft', 'post', ['parent'], undefined, 'not-a-grader'],
    ['draft', 'unpost', ['school_admin'], 'typo', 'not-posted'],
    ['posted', 'post', ['teacher'], undefined, 'already-posted'],
    ['posted', 'edit', ['teacher'], 'wrong column', 'admin-required'],
    ['posted', 'edit', ['school_admin'], undefined, 'reason-required'],
    ['posted', 'edit', ['school_admin'], '   ', 'reason-required'],
    ['posted', 'edit', ['school_admin'], 'Grade change form 2026-14', '→ posted (audited)'],
    ['posted', 'edit', ['teacher', 'district_admin'], 'Late work accepted', '→ posted (audited)'],
    ['posted', 'unpost', ['teacher'], 'posted early', 'admin-required'],
    ['posted', 'unpost', ['district_admin'], 'posted early', '→ draft (audited)'],
  ])('%s, %s by %j with reason %p: %s', (status, action, roles, reason, expected) => {
    expect(outcome(status, action, roles, reason)).toBe(expected);
  });

  test('canChangeMark is the edit transition', () => {
    expect(canChangeMark({ status: 'draft' }, ['teacher'])).toEqual({ allowed: true, next: 'draft', audited: false });
    expect(canChangeMark({ status: 'posted' }, ['teacher'])).toMatchObject({ allowed: false, refusal: { code: 'admin-required' } });
  });

  test('a posted grading period makes its draft marks posted', () => {
    expect(effectiveMarkStatus({ status: 'draft' }, true)).toBe('posted');
    expect(effectiveMarkStatus({ status: 'draft' }, false)).toBe('draft');
    expect(canChangeMark({ status: effectiveMarkStatus({ status: 'draft' }, true) }, ['teacher'])).toMatchObject({ allowed: false });
  });
});

describe('markRefusalError', () => {
  const errorFor = (status: MarkStatus, action: MarkAction, roles: Role[], reason?: string) => {
    const decision = markTransition(status, action, roles, reason);
    if (decision.allowed) throw new Error('expected a refusal');
    return markRefusalError(decision.refusal);
  };

  test('maps each refusal to a typed domain error', () => {
    expect(errorFor('posted', 'edit', ['teacher'])).toBeInstanceOf(PostedMarkLocked);
    expect(errorFor('posted', 'edit', ['teacher'])).toBeInstanceOf(Forbidden);
    expect(errorFor('draft', 'edit', ['nurse'])).toBeInstanceOf(Forbidden);
    const invalid = errorFor('posted', 'edit', ['school_admin']);
    expect(invalid).toBeInstanceOf(Invalid);
    expect((invalid as Invalid).issues).toEqual([{ field: 'reason', message: 'A reason is required to change a posted mark.' }]);
    expect(errorFor('posted', 'post', ['teacher'])).toBeInstanceOf(MarkStatusConflict);
    expect(errorFor('posted', 'post', ['teacher']).status).toBe(409);
  });
});
