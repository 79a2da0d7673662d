import * as z from 'zod';
import { ServiceUnavailable } from '../../../domain/errors';
import { rolesFor, type Action, type Resource } from '../../../domain/policy';
import type { Principal, Role } from '../../../domain/principal';
import { parseOrThrow } from '../../../domain/validation';
import type { AccessLogEntry } from '../../repositories/access-log-store';
import type { Services } from '../../services';

/** The purpose a reader states (X-Access-Purpose); each role has a default. */
export const AccessPurpose = z.string().trim().min(3).max(200);

const DEFAULT_PURPOSES: Readonly<Record<Role, string>> = {
  nurse: 'health services',
  counselor: 'counseling and special-education services',
  school_admin: 'school administration',
  district_admin: 'district administration',
  teacher: 'classroom instruction and safety',
  parent: "parent's review of the child's records",
};

/** Who is reading, and why: what every read of a confidential record logs. */
export interface Reader {
  readonly principal: Principal;
  /** As the caller stated it; the role's default when absent. */
  readonly purpose?: string;
}

/** The reader of a request: its principal and its X-Access-Purpose header, validated. */
export function readerOf(principal: Principal, purposeHeader: string | undefined): Reader {
  return {
    principal,
    ...(purposeHeader === undefined ? {} : { purpose: parseOrThrow(AccessPurpose, purposeHeader, ['X-Access-Purpose']) }),
  };
}

export interface AccessNote {
  readonly studentId: string;
  /** The student's school: a reader who does not serve it is a disclosure outside the school. */
  readonly schoolId: string;
  readonly family: string;
  readonly operation: string;
  readonly recordIds: readonly string[];
  /** The resource and action the policy granted, to name the role the caller read under. */
  readonly resource: Resource;
  readonly action: Action;
}

/**
 * Writes the access-log entry of a read, before anything is returned (FERPA's record of access).
 * When the entry cannot be written, the read fails (503) and nothing is disclosed.
 */
export async function logAccess(services: Services, reader: Reader, note: AccessNote): Promise<AccessLogEntry> {
  const { principal } = reader;
  const granted = rolesFor(note.resource, note.action);
  const role = principal.roles.find((candidate) => granted.includes(candidate)) ?? principal.roles[0] ?? 'unknown';
  const staffOfSchool = principal.roles.some((candidate) => candidate !== 'parent') && principal.schoolIds.includes(note.schoolId);
  try {
    return await services.accessLog.append({
      studentId: note.studentId,
      at: services.now().toISOString(),
      actor: {
        sub: principal.sub,
        ...(principal.staffId ? { staffId: principal.staffId } : {}),
        ...(principal.guardianId ? { guardianId: principal.guardianId } : {}),
      },
      role,
      what: { family: note.family, operation: note.operation, recordIds: [...note.recordIds] },
      purpose: reader.purpose ?? DEFAULT_PURPOSES[role as Role] ?? 'unstated',
      disclosure: !staffOfSchool,
    });
  } catch (error) {
    throw new ServiceUnavailable(
      `The record of access could not be written, so the record is not shown; try again. (${(error as Error).name})`,
    );
  }
}
