/**
 * OneRoster 1.2's error answers: an imsx_StatusInfo object (codeMajor, severity, codeMinor),
 * which these routes give instead of RFC 9457 problem+json (decision 0076).
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
      readonly imsx_codeMinorFieldName: 'TargetEndSystem';
      readonly imsx_codeMinorFieldValue: ImsxCodeMinor;
    }[];
  };
}

export const statusInfo = (codeMinor: ImsxCodeMinor, description: string): ImsxStatusInfo => ({
  imsx_codeMajor: 'failure',
  imsx_severity: 'error',
  imsx_description: description,
  imsx_CodeMinor: { imsx_codeMinorField: [{ imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: codeMinor }] },
});

/** The HTTP status and imsx_StatusInfo of an error; anything unexpected is our fault and says nothing more. */
export function toStatusInfo(error: unknown): { status: number; body: ImsxStatusInfo } {
  if (error instanceof QueryError) return { status: 400, body: statusInfo(error.codeMinor, error.message) };
  if (error instanceof NotFound) return { status: 404, body: statusInfo('unknownobject', error.message) };
  if (error instanceof Unauthorized) return { status: 401, body: statusInfo('unauthorisedrequest', error.message) };
  if (error instanceof Forbidden) return { status: 403, body: statusInfo('forbidden', error.message) };
  if (error instanceof Invalid) return { status: 400, body: statusInfo('invaliddata', error.message) };
  if (error instanceof DomainError && error.status === 503) return { status: 503, body: statusInfo('server_busy', error.message) };
  if (error instanceof DomainError && error.status < 500) return { status: 400, body: statusInfo('invaliddata', error.message) };
  return { status: 500, body: statusInfo('internal_server_error', 'The request failed on our side; it is safe to retry it.') };
}
