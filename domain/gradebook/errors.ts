import { Conflict, Forbidden, Invalid } from '../errors';

/** A posted mark (or a mark of a posted grading period) changed by someone who is not an administrator. */
export class PostedMarkLocked extends Forbidden {}
/** Posting marks that are posted already, or un-posting marks that are not. */
export class MarkStatusConflict extends Conflict {}
/** A change to a posted mark without the reason its history must keep. */
export class MarkReasonRequired extends Invalid {
  constructor(message: string) {
    super([{ field: 'reason', message }], message);
  }
}
