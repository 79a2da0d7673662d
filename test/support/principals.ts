import type { Principal } from '../../domain/principal';

/**
 * Callers as the API hands them to a use case once their token is verified (the same fields the
 * claims parser fills in), for tests that call use cases directly.
 */
export const as = {
  districtAdmin: (): Principal => ({ sub: 'district-admin', roles: ['district_admin'], schoolIds: [] }),
  schoolAdmin: (schoolId: string): Principal => ({ sub: `school-admin-${schoolId}`, roles: ['school_admin'], schoolIds: [schoolId] }),
  teacher: (staffId: string, ...schoolIds: [string, ...string[]]): Principal => ({
    sub: `teacher-${staffId}`,
    roles: ['teacher'],
    staffId,
    schoolIds,
  }),
  counselor: (schoolId: string, staffId = `COUNSELOR-${schoolId}`): Principal => ({
    sub: `counselor-${staffId}`,
    roles: ['counselor'],
    staffId,
    schoolIds: [schoolId],
  }),
  nurse: (schoolId: string, staffId = `NURSE-${schoolId}`): Principal => ({
    sub: `nurse-${staffId}`,
    roles: ['nurse'],
    staffId,
    schoolIds: [schoolId],
  }),
  parent: (guardianId: string): Principal => ({ sub: `parent-${guardianId}`, roles: ['parent'], guardianId, schoolIds: [] }),
};

/** A write made by `principal`, with a reason when a change needs one (X-Change-Reason over HTTP). */
export const by = (principal: Principal, reason?: string) => ({ principal, ...(reason === undefined ? {} : { reason }) });
