/**
 * The OAuth 2 scopes of the OneRoster 1.2 REST binding, and which of them open which routes. The
 * routes themselves are declared in functions/routes/oneroster.ts.
 */

/** The OAuth 2 scopes of the binding; Cognito names a custom scope `<resource server>/<scope>`, which gives these exact URIs. */
export const ONEROSTER_SCOPE_SERVER = 'https://purl.imsglobal.org/spec/or/v1p2/scope';
export const ONEROSTER_SCOPE_NAMES = [
  'roster-core.readonly',
  'roster.readonly',
  'gradebook.readonly',
  'gradebook.createput',
  'gradebook.delete',
] as const;
export type OneRosterScopeName = (typeof ONEROSTER_SCOPE_NAMES)[number];
export const oneRosterScope = (name: OneRosterScopeName) => `${ONEROSTER_SCOPE_SERVER}/${name}`;

/**
 * Which scopes open a route: core rostering with either roster scope, demographics with
 * roster.readonly alone; the gradebook's PUTs with gradebook.createput and its DELETEs with
 * gradebook.delete (Gradebook Service REST Binding 1.2, §3 "Scopes": a write scope opens no read).
 */
export type ScopeGroup = 'rosterCore' | 'demographics' | 'gradebook' | 'gradebookPut' | 'gradebookDelete';
export const SCOPES_OF: Record<ScopeGroup, readonly string[]> = {
  rosterCore: [oneRosterScope('roster-core.readonly'), oneRosterScope('roster.readonly')],
  demographics: [oneRosterScope('roster.readonly')],
  gradebook: [oneRosterScope('gradebook.readonly')],
  gradebookPut: [oneRosterScope('gradebook.createput')],
  gradebookDelete: [oneRosterScope('gradebook.delete')],
};
