/** What the manifest says of each function: the stacks and the local runtime build from it. */
import type { QueueId } from './names';

export interface FunctionSpec {
  /** Source file, relative to the repository root; it exports `handler`. */
  readonly entry: string;
  readonly description: string;
  /** @default 512 */
  readonly memoryMb?: number;
  /** @default 10 */
  readonly timeoutSeconds?: number;
  /** Table access the function needs (least privilege). */
  readonly table: 'none' | 'read' | 'readWrite';
  /** Queues the function sends to. */
  readonly sendsTo?: readonly QueueId[];
  /** True when the function publishes to the event bus. */
  readonly publishes?: boolean;
  /** True when the function sends notices to families (SES email from the district's identity, SNS SMS). */
  readonly notifies?: boolean;
  /**
   * Where a read-write function may write (decision 0135): the partitions it serves, as IAM
   * `StringLike` patterns on the partition key (`dynamodb:LeadingKeys`), or `anywhere` with the
   * reason its writes span the table. Required when `table` is `readWrite` (an infra test fails
   * otherwise); reads, queries and transactions' condition checks stay table-wide.
   */
  readonly writes?: WriteScope;
  /**
   * The confidential record kinds whose contents the function seals and opens under the field key (decision 0066):
   * the key's policy lets it use the key only with these kinds in the encryption context (decision 0136).
   */
  readonly fieldKey?: { readonly kinds: readonly string[] };
  /**
   * True when the function reports the backlog (the relay's lag, each queue's oldest message): in AWS it reads them
   * from CloudWatch's metrics (functions/platform/backlog-cloudwatch.ts), so it is told the names and may GetMetricData.
   */
  readonly reportsBacklog?: boolean;
  /**
   * True when the function rotates the OneRoster vendors' client secrets (decision 0155): Secrets Manager invokes it
   * on each vendor's secret, which it may read and write, and it may add and delete the staff pool's client secrets.
   */
  readonly rotatesVendorSecrets?: boolean;
}

/** A read-write function's writes: the partitions it may write, or why it may write anywhere. */
export type WriteScope = { readonly partitions: readonly string[] } | { readonly anywhere: string };
