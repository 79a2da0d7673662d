import { Forbidden, type DomainError } from '../errors';
import type { Role } from '../principal';
import { MarkReasonRequired, MarkStatusConflict, PostedMarkLocked } from './errors';
import type { MarkStatus } from './schemas';

/**
 * Report-card marks move through two states:
 *
 *   draft ──post──▶ posted ──unpost (admin + reason)──▶ draft
 *   draft ──edit──▶ draft          posted ──edit (admin + reason)──▶ posted
 *
 * Teachers (of the section: the policy's relationship check, made before) and administrators edit
 * and post drafts. Once posted, families see the mark and it may feed the transcript, so only a
 * school or district administrator may change or un-post it, and only with a reason, which the
 * mark's history keeps. A grading period's lock item (keys.markPeriodLock) makes every mark of the
 * section in that period posted, whatever the mark item says: see `effectiveMarkStatus`.
 */
export const MARK_ACTIONS = ['edit', 'post', 'unpost'] as const;
export type MarkAction = (typeof MARK_ACTIONS)[number];

const GRADERS: readonly Role[] = ['teacher', 'school_admin', 'district_admin'];
const ADMINS: readonly Role[] = ['school_admin', 'district_admin'];

export type MarkRefusalCode = 'not-a-grader' | 'admin-required' | 'reason-required' | 'already-posted' | 'not-posted';

export interface MarkRefusal {
  readonly code: MarkRefusalCode;
  readonly message: string;
}

export type MarkDecision =
  | {
      readonly allowed: true;
      readonly next: MarkStatus;
      /** The change touches a posted mark: its history records the reason. */ readonly audited: boolean;
    }
  | { readonly allowed: false; readonly refusal: MarkRefusal };

/** A mark is posted when its own status says so or when its section's grading period is posted. */
export const effectiveMarkStatus = (mark: { readonly status: MarkStatus }, periodPosted: boolean): MarkStatus =>
  periodPosted ? 'posted' : mark.status;

const refuse = (code: MarkRefusalCode, message: string): MarkDecision => ({ allowed: false, refusal: { code, message } });

/** Whether the actor may take the action on a mark in this state, and the state it leads to. */
export function markTransition(status: MarkStatus, action: MarkAction, roles: readonly Role[], reason?: string): MarkDecision {
  if (!roles.some((role) => GRADERS.includes(role))) return refuse('not-a-grader', 'Only teachers and administrators change marks.');
  if (action === 'post') {
    return status === 'draft' ? { allowed: true, next: 'posted', audited: false } : refuse('already-posted', 'The mark is posted already.');
  }
  if (action === 'unpost' && status === 'draft') return refuse('not-posted', 'The mark is not posted.');
  if (status === 'draft') return { allowed: true, next: 'draft', audited: false };
  if (!roles.some((role) => ADMINS.includes(role))) {
    return refuse('admin-required', 'The mark is posted; only a school or district administrator may change it, with a reason.');
  }
  if (reason === undefined || reason.trim() === '') return refuse('reason-required', 'A reason is required to change a posted mark.');
  return { allowed: true, next: action === 'unpost' ? 'draft' : 'posted', audited: true };
}

/** May the actor change (edit) this mark? Posted marks need an administrator and a reason. */
export const canChangeMark = (mark: { readonly status: MarkStatus }, roles: readonly Role[], reason?: string): MarkDecision =>
  markTransition(mark.status, 'edit', roles, reason);

/** The typed error a refusal is raised as (problem+json: 403, 400 with the reason field, or 409). */
export function markRefusalError(refusal: MarkRefusal): DomainError {
  switch (refusal.code) {
    case 'not-a-grader':
      return new Forbidden(refusal.message);
    case 'admin-required':
      return new PostedMarkLocked(refusal.message);
    case 'reason-required':
      return new MarkReasonRequired(refusal.message);
    case 'already-posted':
    case 'not-posted':
      return new MarkStatusConflict(refusal.message);
  }
}
