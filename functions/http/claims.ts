import { isRole, REGION_ID_PATTERN, type Principal, type Role } from '../../domain/principal';

/** Claims as API Gateway's JWT authorizer passes them: strings, arrays flattened as "[a b]". */
export type Claims = Record<string, string | number | boolean | string[] | undefined>;

export const CLAIMS = {
  groups: 'cognito:groups',
  staffId: 'custom:staffId',
  guardianId: 'custom:guardianId',
  schoolIds: 'custom:schoolIds',
  regionIds: 'custom:regionIds',
  /** `id` on an ID token, `access` on an access token (Cognito's tokens both carry it). */
  tokenUse: 'token_use',
} as const;

function list(value: Claims[string]): string[] {
  if (value === undefined) return [];
  if (Array.isArray(value)) return value.map(String);
  const text = String(value).trim();
  const inner = text.startsWith('[') && text.endsWith(']') ? text.slice(1, -1) : text;
  return inner.split(/[\s,]+/).filter(Boolean);
}

/** The caller, from the verified claims of their Cognito ID token. */
export function principalFromClaims(claims: Claims | undefined): Principal | undefined {
  if (!claims || typeof claims.sub !== 'string') return undefined;
  const roles = list(claims[CLAIMS.groups]).filter(isRole) as Role[];
  const staffId = claims[CLAIMS.staffId];
  const guardianId = claims[CLAIMS.guardianId];
  // A region id is a key of the region's listing: anything else names no region.
  const regionIds = list(claims[CLAIMS.regionIds]).filter((id) => REGION_ID_PATTERN.test(id));
  return {
    sub: claims.sub,
    roles,
    ...(typeof staffId === 'string' && staffId ? { staffId } : {}),
    ...(typeof guardianId === 'string' && guardianId ? { guardianId } : {}),
    schoolIds: list(claims[CLAIMS.schoolIds]),
    ...(regionIds.length > 0 ? { regionIds } : {}),
  };
}

/**
 * Why the claims are not those of an ID token, or undefined when they are. A role route decides on
 * the groups and link attributes an ID token carries; a staff access token of the same pool passes
 * API Gateway's authorizer (its client_id is the app's), so the handler checks `token_use` itself.
 */
export function notAnIdToken(claims: Claims | undefined): string | undefined {
  const use = claims?.[CLAIMS.tokenUse];
  if (use === 'id') return undefined;
  return use === undefined
    ? 'This operation takes an ID token of your user pool; the token sent has no token_use claim.'
    : `This operation takes an ID token of your user pool (token_use "id"); the token sent is an ${String(use)} token.`;
}

/** The OAuth 2 scopes of an access token (`scope`: space-separated, as Cognito and RFC 8693 write it). */
export function scopesOf(claims: Claims | undefined): string[] {
  return list(claims?.scope);
}
