/**
 * Typed failures of the domain. Exactly one middleware maps them to RFC 9457 problem+json;
 * anything else that escapes a handler is a server fault (500).
 */
export interface FieldIssue {
  /** JSON path of the offending field, e.g. `address.postalCode` or `terms[1].endDate`. */
  readonly field: string;
  readonly message: string;
}

export abstract class DomainError extends Error {
  abstract readonly status: number;
  abstract readonly title: string;
  /** A stable, documented problem type slug (becomes `type` in problem+json). */
  abstract readonly code: string;
  /** Extra members of the problem document (e.g. what is in the way of a refused change). */
  details?: Record<string, unknown>;
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class Invalid extends DomainError {
  readonly status = 400;
  readonly title = 'Invalid request';
  readonly code = 'invalid-request';
  constructor(
    readonly issues: readonly FieldIssue[],
    message = describeIssues(issues),
  ) {
    super(message);
  }
}

export class Unauthorized extends DomainError {
  readonly status = 401;
  readonly title = 'Unauthorized';
  readonly code = 'unauthorized';
}

export class Forbidden extends DomainError {
  readonly status = 403;
  readonly title = 'Forbidden';
  readonly code = 'forbidden';
}

export class NotFound extends DomainError {
  readonly status = 404;
  readonly title = 'Not found';
  readonly code = 'not-found';
}

export class Conflict extends DomainError {
  readonly status = 409;
  readonly title = 'Conflict';
  readonly code = 'conflict';
}

/** A unique value (district student id, employee id, a child's identity, …) already belongs to another record. */
export class UniqueClaimTaken extends Conflict {
  constructor(
    readonly field: string,
    /** The claim item's key: its `ownerPk` names the record holding the value. */
    readonly claimKey: { readonly pk: string; readonly sk: string },
    message: string,
  ) {
    super(message);
  }
}

export class StaleVersion extends DomainError {
  readonly status = 412;
  readonly title = 'Precondition failed';
  readonly code = 'stale-version';
  constructor(
    readonly currentVersion: number | undefined,
    message = 'The record changed since you read it; reload it and apply your change again.',
  ) {
    super(message);
  }
}

export class IdempotencyKeyReused extends DomainError {
  readonly status = 422;
  readonly title = 'Idempotency key reused';
  readonly code = 'idempotency-key-reused';
}

/** Accepted work could not be handed on yet; the client retries with the same Idempotency-Key. */
export class ServiceUnavailable extends DomainError {
  readonly status = 503;
  readonly title = 'Service unavailable';
  readonly code = 'service-unavailable';
}

export class PreconditionRequired extends DomainError {
  readonly status = 428;
  readonly title = 'Precondition required';
  readonly code = 'precondition-required';
}

function describeIssues(issues: readonly FieldIssue[]): string {
  if (issues.length === 0) return 'The request is not valid.';
  return issues.map((issue) => `${issue.field || '(body)'}: ${issue.message}`).join('; ');
}
