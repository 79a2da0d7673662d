/**
 * OneRoster 1.2's error answers: an imsx_StatusInfo object (codeMajor, severity, codeMinor),
 * which these routes give instead of RFC 9457 problem+json (decisions 0076, 0142). Every refusal our
 * code makes on a OneRoster route is one of these; only API Gateway's JWT authorizer answers
 * otherwise (a request with no valid token), and an HTTP API cannot change that body (see
 * functions/http/api-handler.ts).
 */
import { DomainError, Forbidden, Invalid, NotFound, Unauthorized } from '../errors';
import { QueryError } from './query';

export const IMSX_CODE_MINORS = [
  'invalid_filter_field',
  'invalid_selection_field',
  'invalid_sort_field',
  'invalid_query_parameter',
  'invaliddata',
  'unauthorisedrequest',
  'forbidden',
  'unknownobject',
  'server_busy',
  'internal_server_error',
] as const;
export type ImsxCodeMinor = (typeof IMSX_CODE_MINORS)[number];

export interface ImsxStatusInfo {
  readonly imsx_codeMajor: 'failure';
  readonly imsx_severity: 'error';
  readonly imsx_description: string;
  readonly imsx_CodeMinor: {
    readonly imsx_codeMinorField: readonly {
      /** `TargetEndSystem`, or the field of the request at fault (`lineItem.class.sourcedId`). */
      readonly imsx_codeMinorFieldName: string;
      readonly imsx_codeMinorFieldValue: ImsxCodeMinor;
    }[];
  };
}

/**
 * A refusal. `fields` name the parts of the request at fault: each becomes a code minor field of
 * its own (imsx_codeMinorFieldName = the field), so a client sees which field without parsing the
 * description; without fields the one entry is the binding's `TargetEndSystem`.
 */
export const statusInfo = (codeMinor: ImsxCodeMinor, description: string, fields: readonly string[] = []): ImsxStatusInfo => ({
  imsx_codeMajor: 'failure',
  imsx_severity: 'error',
  imsx_description: description,
  imsx_CodeMinor: {
    imsx_codeMinorField: (fields.length > 0 ? [...new Set(fields)] : ['TargetEndSystem']).map((name) => ({
      imsx_codeMinorFieldName: name,
      imsx_codeMinorFieldValue: codeMinor,
    })),
  },
});

/** The HTTP status and imsx_StatusInfo of an error; anything unexpected is our fault and says nothing more. */
export function toStatusInfo(error: unknown): { status: number; body: ImsxStatusInfo } {
  if (error instanceof QueryError) return { status: 400, body: statusInfo(error.codeMinor, error.message) };
  if (error instanceof NotFound) return { status: 404, body: statusInfo('unknownobject', error.message) };
  if (error instanceof Unauthorized) return { status: 401, body: statusInfo('unauthorisedrequest', error.message) };
  if (error instanceof Forbidden) return { status: 403, body: statusInfo('forbidden', error.message) };
  if (error instanceof Invalid)
    return {
      status: 400,
      body: statusInfo(
        'invaliddata',
        error.message,
        error.issues.map((issue) => issue.field || 'body'),
      ),
    };
  if (error instanceof DomainError && error.status === 503) return { status: 503, body: statusInfo('server_busy', error.message) };
  // A write's conflict (409), a reused Idempotency-Key (422): the status says what happened, the code minor that the data was refused.
  if (error instanceof DomainError && error.status < 500) return { status: error.status, body: statusInfo('invaliddata', error.message) };
  return { status: 500, body: statusInfo('internal_server_error', 'The request failed on our side; it is safe to retry it.') };
}
