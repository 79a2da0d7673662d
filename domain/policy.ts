import type { Principal, Role } from './principal';
import { RULES, type Action, type Relationship, type Resource } from './policy-rules';

/**
 * Who may do what, decided in one place: role × action × relationship.
 *
 * A rule grants a role an action on a resource type when a relationship holds between the
 * caller and the record (the facts). The API layer resolves the facts (for example, by reading
 * the guardian link) and asks `decide`; the route table derives each route's allowed roles
 * from the same rules, so the two cannot disagree. The rules themselves are in policy-rules.ts.
 */
export { ACTIONS, RESOURCES, RULES, type Action, type Relationship, type Resource } from './policy-rules';

/** What the API layer knows about the caller's relationship to the record. */
export interface Facts {
  /** The schools the record belongs to (a school is its own; a guardian, their children's). */
  readonly schoolIds?: readonly string[];
  /** The guardian record the action is about, for `self`. */
  readonly guardianId?: string;
  /** The staff record the action is about, for `self`. */
  readonly staffId?: string;
  /** True when the caller is a guardian of the student with educational rights. */
  readonly guardianOfStudent?: boolean;
  /** True when the caller teaches the student. */
  readonly teacherOfStudent?: boolean;
  /** True when the caller is one of the section's teachers. */
  readonly teacherOfSection?: boolean;
  /** The `sub` of whoever submitted the request. */
  readonly requestedBy?: string;
  /** True when the caller covers the section today as a substitute. */
  readonly substituteOfSection?: boolean;
  /** True when the caller's cover of the section today grants posting grades. */
  readonly gradingSubstitute?: boolean;
  /** True when the caller is the student's advisor or homeroom teacher. */
  readonly advisorOfStudent?: boolean;
  /** Who recorded the record (a staff id or a sub), for `reporter`. */
  readonly reportedBy?: string;
}

const READ_ACTIONS: readonly Action[] = ['list', 'read', 'history'];

function holds(relationship: Relationship, principal: Principal, action: Action, facts: Facts): boolean {
  switch (relationship) {
    case 'any':
      return true;
    case 'ofTheirSchool': {
      const schools = facts.schoolIds ?? [];
      if (schools.length === 0) return false;
      return READ_ACTIONS.includes(action)
        ? schools.some((id) => principal.schoolIds.includes(id))
        : schools.every((id) => principal.schoolIds.includes(id));
    }
    case 'guardianOfStudent':
      return facts.guardianOfStudent === true;
    case 'self':
      return (
        (facts.guardianId !== undefined && facts.guardianId === principal.guardianId) ||
        (facts.staffId !== undefined && facts.staffId === principal.staffId)
      );
    case 'teacherOfStudent':
      return facts.teacherOfStudent === true;
    case 'teacherOfSection':
      return facts.teacherOfSection === true;
    case 'requester':
      return facts.requestedBy !== undefined && facts.requestedBy === principal.sub;
    case 'substituteOfSection':
      return facts.substituteOfSection === true;
    case 'gradingSubstitute':
      return facts.gradingSubstitute === true;
    case 'advisorOfStudent':
      return facts.advisorOfStudent === true;
    case 'reporter':
      return facts.reportedBy !== undefined && (facts.reportedBy === principal.staffId || facts.reportedBy === principal.sub);
  }
}

/** True when any of the caller's roles grants the action under a relationship that holds. */
export function decide(principal: Principal, action: Action, resource: Resource, facts: Facts = {}): boolean {
  const grants = RULES[resource][action];
  if (!grants) return false;
  return principal.roles.some((role) => (grants[role] ?? []).some((relationship) => holds(relationship, principal, action, facts)));
}

/** The roles that may attempt an action at all (the coarse gate on each route). */
export function rolesFor(resource: Resource, action: Action): Role[] {
  return Object.keys(RULES[resource][action] ?? {}) as Role[];
}

/** The relationships a caller would need for an action, to decide what facts to resolve. */
export function relationshipsFor(principal: Principal, resource: Resource, action: Action): Set<Relationship> {
  const grants = RULES[resource][action] ?? {};
  return new Set(principal.roles.flatMap((role) => grants[role] ?? []));
}
