/** Cognito groups are the roles; a user may belong to more than one. */
export const ROLES = ['district_admin', 'school_admin', 'teacher', 'counselor', 'nurse', 'parent'] as const;
export type Role = (typeof ROLES)[number];

/** Who is calling, as the JWT authorizer's verified claims describe them. */
export interface Principal {
  readonly sub: string;
  readonly roles: readonly Role[];
  /** Set for staff members: their staff record id. */
  readonly staffId?: string;
  /** Set for parents: their guardian record id. */
  readonly guardianId?: string;
  /** The schools a staff member serves (empty for district admins, who serve all). */
  readonly schoolIds: readonly string[];
  /**
   * The regions a staff member serves (`custom:regionIds`). Before the policy is asked, the API
   * adds the schools of these regions to `schoolIds` (decision 0087); the policy reads only `schoolIds`.
   */
  readonly regionIds?: readonly string[];
}

export function isRole(value: string): value is Role {
  return (ROLES as readonly string[]).includes(value);
}

/**
 * A region of the district (a local district, a zone): a short code the district chooses. Staff
 * whose work spans a region carry it in `custom:regionIds` rather than every school's id (decision 0087).
 */
export const REGION_ID_PATTERN = /^[A-Za-z0-9_-]{1,40}$/;
