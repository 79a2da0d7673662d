/**
 * The engine of confidential records (health, counseling, special education) for the lifecycle
 * routes of functions/http/record-routes.ts: the same routes as any record kind, with the contents
 * sealed on the way in and every read logged in the record of access before it answers.
 */
import type { ConfidentialFamily } from '../../domain/records/confidential-types';
import { parseOrThrow } from '../../domain/validation';
import { getServices } from '../services';
import {
  confidentialHistory,
  ConfidentialListQuery,
  listConfidential,
  readConfidential,
} from '../use-cases/confidential/read-confidential';
import { readerOf, type Reader } from '../use-cases/confidential/record-access';
import {
  createConfidential,
  deleteConfidential,
  restoreConfidential,
  updateConfidential,
  type ExtraWrites,
} from '../use-cases/confidential/write-confidential';
import type { RecordEngine } from './record-routes';
import type { ApiRequest } from './route';

/** Who reads and why: the caller and the X-Access-Purpose header, which the access log keeps. */
export const readerOfRequest = (request: ApiRequest): Reader => readerOf(request.principal, request.headers['x-access-purpose']);

const idsOf = (request: ApiRequest) => ({ studentId: request.pathParameters.studentId, recordId: request.pathParameters.recordId });

const VERBS = { create: 'Create', list: 'List', read: 'Read', update: 'Update', delete: 'Delete', history: 'History', restore: 'Restore' };

/**
 * A family's records as a lifecycle engine.
 * @param extraWrites work the family adds to each write's transaction (a student's immunization status)
 */
export function confidential(family: ConfidentialFamily, extraWrites?: ExtraWrites): RecordEngine {
  const { label } = family;
  return {
    resource: family.resource,
    label,
    operationId: (op) => `${family.type.entity}${VERBS[op]}`,
    summaries: {
      create: `Record a ${label} (contents encrypted; the answer holds no contents)`,
      list: `A student's ${label}s (logged in the record of access)`,
      read: `Read a ${label} (logged in the record of access)`,
      history: `List a ${label}'s versions (logged)`,
    },
    contract: (kit, op) => kit.confidentialContract(family.input, label, op),
    create: (request, context) =>
      createConfidential(getServices(), family, request.pathParameters.studentId, request.body, context, extraWrites),
    list: (request) =>
      listConfidential(
        getServices(),
        family,
        request.pathParameters.studentId,
        parseOrThrow(ConfidentialListQuery, request.query),
        readerOfRequest(request),
      ),
    read: (request) => readConfidential(getServices(), family, idsOf(request), readerOfRequest(request)),
    update: (request, change, context) => updateConfidential(getServices(), family, idsOf(request), change, context, extraWrites),
    delete: (request, expected, context) => deleteConfidential(getServices(), family, idsOf(request), expected, context, extraWrites),
    history: (request, page) => confidentialHistory(getServices(), family, idsOf(request), page, readerOfRequest(request)),
    restore: (request, restore, context) => restoreConfidential(getServices(), family, idsOf(request), restore, context, extraWrites),
  };
}
