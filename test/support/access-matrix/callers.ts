import { oneRosterScope } from '../../../domain/oneroster/rest-routes';
import type { Principal, Role } from '../../../domain/principal';
import { LocalAuth, type TokenRequest } from '../../../infra/local/local-auth';
import type { ApiClient } from '../api';
import type { MatrixDistrict } from './district';

/**
 * Who calls each route: every role with its relationships to the seeded records (school A's
 * staff, the section's teacher, X's guardian), the same roles without them (another school's
 * staff, another child's guardian), and tokens the JWT authorizer refuses.
 */
export interface Caller {
  readonly id: string;
  /** The bearer token; none for `noToken`. */
  readonly token?: string;
  /** Who the API sees once the token is verified; undefined when the authorizer refuses it (401). */
  readonly principal?: Principal;
  /** The OAuth 2 scopes of a client-credentials token (another system of the district, no role). */
  readonly scopes?: readonly string[];
}

/** The `sub` of a caller's token: the seed submits the family's enrollment request as the parent of another child. */
export const callerSub = (id: string) => `matrix-${id.replace(/[^a-z_]+/g, '-')}`;
export const REQUESTING_PARENT = 'parent of another child';

const valid = (api: ApiClient, id: string, role: Role | Role[], request: Omit<TokenRequest, 'role' | 'sub'>): Caller => {
  const sub = callerSub(id);
  const roles = Array.isArray(role) ? role : [role];
  return {
    id,
    // A user in two Cognito groups has both in `cognito:groups`.
    token: api.token(roles[0]!, { ...request, sub, ...(roles.length > 1 ? { claims: { 'cognito:groups': roles } } : {}) }),
    principal: {
      sub,
      roles,
      schoolIds: request.schoolIds ?? [],
      ...(request.staffId ? { staffId: request.staffId } : {}),
      ...(request.guardianId ? { guardianId: request.guardianId } : {}),
    },
  };
};

/**
 * A school admin whose token names school A's region and no school (decision 0087): the API adds
 * the region's schools before the policy is asked, so the policy sees the school admin of A.
 */
const regional = (api: ApiClient, district: MatrixDistrict): Caller => {
  const caller = valid(api, "school_admin of the school's region (no school ids)", 'school_admin', { regionIds: [district.regionId] });
  return { ...caller, principal: { ...caller.principal!, schoolIds: [district.schoolId], regionIds: [district.regionId] } };
};

/** Another system of the district with a client-credentials token: scopes, no role, no school. */
const client = (api: ApiClient, id: string, scopes: string[]): Caller => ({
  id,
  token: api.clientToken(callerSub(id), scopes),
  principal: { sub: callerSub(id), roles: [], schoolIds: [] },
  scopes,
});

export function matrixCallers(api: ApiClient, district: MatrixDistrict): Caller[] {
  const ofA = [district.schoolId];
  const ofB = [district.otherSchoolId];
  const refused = (id: string, token: string | undefined): Caller => ({ id, ...(token === undefined ? {} : { token }) });
  return [
    valid(api, 'district_admin', 'district_admin', {}),
    valid(api, 'school_admin', 'school_admin', { schoolIds: ofA }),
    valid(api, 'teacher', 'teacher', { schoolIds: ofA, staffId: district.teacherId }),
    valid(api, 'counselor', 'counselor', { schoolIds: ofA }),
    valid(api, 'nurse', 'nurse', { schoolIds: ofA }),
    valid(api, 'parent', 'parent', { guardianId: district.guardianId }),
    valid(api, REQUESTING_PARENT, 'parent', { guardianId: district.otherGuardianId }),
    valid(api, 'parent without educational rights', 'parent', { guardianId: district.guardianWithoutRightsId }),
    valid(api, 'teacher of the school, not of the section', 'teacher', { schoolIds: ofA, staffId: district.colleagueId }),
    valid(api, "teacher of the school who is X's parent too", ['teacher', 'parent'], {
      schoolIds: ofA,
      staffId: district.colleagueId,
      guardianId: district.guardianId,
    }),
    valid(api, 'school_admin of another school', 'school_admin', { schoolIds: ofB }),
    regional(api, district),
    valid(api, 'teacher of another school', 'teacher', { schoolIds: ofB, staffId: district.otherTeacherId }),
    valid(api, 'counselor of another school', 'counselor', { schoolIds: ofB }),
    valid(api, 'nurse of another school', 'nurse', { schoolIds: ofB }),
    client(api, 'OneRoster client (roster and gradebook)', [oneRosterScope('roster.readonly'), oneRosterScope('gradebook.readonly')]),
    client(api, 'OneRoster client (roster-core only)', [oneRosterScope('roster-core.readonly')]),
    client(api, 'OneRoster client (grade passback)', [oneRosterScope('gradebook.createput'), oneRosterScope('gradebook.delete')]),
    refused('expired token', api.token('district_admin', { expiresInSeconds: -60 })),
    refused('token signed by another key', LocalAuth.ephemeral().issue({ role: 'district_admin' })),
    refused('token for another audience', api.token('district_admin', { claims: { aud: 'another-app-client' } })),
    refused('token of another issuer', api.token('district_admin', { claims: { iss: 'https://cognito-idp.local.localhost/other' } })),
    refused('no token', undefined),
  ];
}
