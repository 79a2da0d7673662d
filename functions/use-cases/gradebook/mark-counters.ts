import { countsDelta } from '../../../domain/counts';
import { markContribution } from '../../../domain/early-warning/indicators';
import type { StoredTermMark } from '../../../domain/records/record-types';
import type { TransactionItem } from '../../repositories/transaction-runner';
import type { Services } from '../../services';

/**
 * The change a mark's write makes to its student's posted-mark counters of the school year (decision 0154):
 * a post adds the mark, a correction of a posted mark moves it, an un-post takes it away; drafts count for nothing.
 * Written in the mark's own transaction, so the early-warning list never reads a mark its counters miss.
 */
export function markCounterItems(
  services: Services,
  before: StoredTermMark | undefined,
  after: StoredTermMark,
  at: string,
): TransactionItem[] {
  const delta = countsDelta(markContribution(before), markContribution(after));
  const item = services.gradebook.markCountsAdded(after, delta, at);
  return item ? [item] : [];
}
