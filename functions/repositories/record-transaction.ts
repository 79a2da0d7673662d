import type { Key } from '../../domain/keys';
import type { Ids, RecordData, RecordKind, StoredRecord } from '../../domain/records/record-kind';
import type { DomainEvent } from '../../events/catalog';
import { recordChangeItems, type ChangeAction, type RecordChange } from './record-items';
import {
  IdempotencyReplay,
  keyId,
  MAX_TRANSACTION_ITEMS,
  touchOf,
  type TransactionItem,
  type TransactionRunner,
} from './transaction-runner';
import { idempotencyRecord, replayOf, type WriteContext, type Written } from './write-context';

/**
 * One record's change, as a use case states it: what it is, which version was read, what its
 * data becomes, and what else the change holds. The write primitive builds the rest.
 */
export interface RecordWrite<T extends RecordData = RecordData> {
  readonly kind: RecordKind<T>;
  /** The record's ids (its path parameters). */
  readonly ids: Ids;
  /** The version read: the write is conditioned on it. Absent: the record is created (and must not exist). */
  readonly before?: StoredRecord<T>;
  /**
   * `Updated` replaces the data; `Deleted` marks the record deleted (soft: restorable), `Restored`
   * clears that mark. @default `Created` without `before`, `Updated` with it
   */
  readonly action?: ChangeAction;
  /** The new data. @default the data of `before` */
  readonly data?: T;
  /** Kept in the history instead of the context's reason (a change made on behalf of another). */
  readonly reason?: string;
  /**
   * Other items of the same transaction, each with the error its condition means (counters, seats,
   * conditions on other records), or how to compute them from the new version.
   */
  readonly extra?: readonly TransactionItem[] | ((record: StoredRecord<T>) => Promise<readonly TransactionItem[]>);
  /** The events the change raises, from its new version: outbox items next to the record. */
  readonly events?: (record: StoredRecord<T>) => readonly DomainEvent[];
}

/** A record write ready to join a transaction: its next version, and its extra items and events resolved. */
export interface PreparedWrite<T extends RecordData = RecordData> {
  readonly change: RecordChange<T>;
  readonly extra: readonly TransactionItem[];
  readonly events: readonly DomainEvent[];
}

/** The version a write makes of a record: version + 1 (or 1), with who and when. */
export function nextVersion<T extends RecordData>(
  write: RecordWrite<T>,
  actor: string,
  at: string,
): { action: ChangeAction; record: StoredRecord<T> } {
  const { kind, ids, before } = write;
  const action = write.action ?? (before ? 'Updated' : 'Created');
  if (!before) {
    if (action !== 'Created' || write.data === undefined) throw new Error(`a ${kind.entity} is ${action} without the version read`);
    const id = ids[kind.idParams[kind.idParams.length - 1]!];
    if (id === undefined) throw new Error(`a new ${kind.entity} needs its ids ${kind.idParams.join(', ')}`);
    const record = {
      entity: kind.entity,
      id,
      ids,
      version: 1,
      data: write.data,
      createdAt: at,
      createdBy: actor,
      updatedAt: at,
      updatedBy: actor,
    };
    return { action, record };
  }
  if (action === 'Created') throw new Error(`a ${kind.entity} read is not created again`);
  if (keyId(kind.key(ids)) !== keyId(kind.key(before.ids)))
    throw new Error(`the ids of a ${kind.entity} write do not name the record read`);
  const data = write.data ?? before.data;
  const version = before.version + 1;
  if (action === 'Deleted')
    return { action, record: { ...before, version, data, updatedAt: at, updatedBy: actor, deletedAt: at, deletedBy: actor } };
  if (action === 'Restored') {
    const { deletedAt: _deletedAt, deletedBy: _deletedBy, ...live } = before;
    return { action, record: { ...live, version, data, updatedAt: at, updatedBy: actor } };
  }
  return { action, record: { ...before, version, data, updatedAt: at, updatedBy: actor } };
}

/**
 * One transaction being assembled by the write primitive: record writes (each its next version,
 * history, projections, claims, reference checks, extra items and outbox events) and other items
 * (counters, conditions), in the order given; `commit` adds the idempotency record and writes it
 * all in one TransactWriteItems, or answers a retry whose first attempt committed with that
 * attempt's result. A check a transaction already makes (the same condition on the same item) is
 * made once, and a record written or checked here is not checked again as a reference.
 */
export class RecordTransaction {
  private readonly items: TransactionItem[] = [];
  private readonly touched = new Set<string>();
  private readonly checks = new Map<string, string>();

  constructor(
    private readonly runner: TransactionRunner,
    readonly context: WriteContext,
    /** When the write happens (ISO 8601): the new versions' timestamps, and the idempotency record's clock. */
    readonly at: string,
  ) {}

  /** Items so far (the idempotency record not counted). */
  get size(): number {
    return this.items.length;
  }

  /** Adds a record write; answers the record's new version. */
  async write<T extends RecordData>(write: RecordWrite<T>): Promise<StoredRecord<T>> {
    return this.include(await this.prepare(write));
  }

  /** Builds a write's next version and resolves its extra items and events, without adding it (to see whether it fits). */
  async prepare<T extends RecordData>(write: RecordWrite<T>): Promise<PreparedWrite<T>> {
    const actor = this.context.principal.sub;
    const { action, record } = nextVersion(write, actor, this.at);
    const reason = write.reason ?? this.context.reason;
    const change: RecordChange<T> = {
      kind: write.kind,
      action,
      after: record,
      actor,
      ...(write.before ? { before: write.before } : {}),
      ...(reason ? { reason } : {}),
    };
    const extra = typeof write.extra === 'function' ? await write.extra(record) : (write.extra ?? []);
    return { change, extra, events: write.events?.(record) ?? [] };
  }

  /** Adds a prepared write; answers the record's new version. */
  include<T extends RecordData>(prepared: PreparedWrite<T>): StoredRecord<T> {
    this.append(this.itemsOf(prepared, this.touched), this.touched, this.checks);
    return prepared.change.after;
  }

  /** The size of the transaction with a prepared write added (nothing is added). */
  sizeWith(prepared: PreparedWrite): number {
    const touched = new Set(this.touched);
    const checks = new Map(this.checks);
    return this.items.length + this.append(this.itemsOf(prepared, touched), touched, checks, []);
  }

  /** Adds items that are not record writes: counters, claims, conditions on other items. */
  add(...items: readonly TransactionItem[]): this {
    this.append(items, this.touched, this.checks);
    return this;
  }

  /** Adds an event about something else than a record written here, to the outbox next to `key`. */
  event(key: Key, event: DomainEvent): this {
    return this.add(this.runner.outboxItem(key, event));
  }

  /**
   * Writes the transaction with the idempotency record of `result` (when the context has a retry
   * token) and answers `result`; a retry whose first attempt committed is answered with that
   * attempt's stored result (`replayed`). A failed condition raises the error its item names.
   */
  async commit<R>(result: R): Promise<Written<R>> {
    const idempotency = idempotencyRecord(this.context, result, this.at);
    const items = [...this.items, ...this.runner.idempotencyItems(idempotency)];
    try {
      if (items.length > 0) await this.runner.transact(items, idempotency);
      return { result, replayed: false };
    } catch (error) {
      if (!(error instanceof IdempotencyReplay)) throw error;
      return replayOf<R>(this.context, error.stored);
    }
  }

  /** Writes the items as one transaction without an idempotency record: one part of a larger write, or a write the system makes on its own. */
  async send(): Promise<void> {
    if (this.items.length > 0) await this.runner.transact(this.items);
  }

  /** The items of a prepared write, against the keys a transaction touches (which they join). */
  private itemsOf(prepared: PreparedWrite, touched: Set<string>): TransactionItem[] {
    const { change } = prepared;
    const own = recordChangeItems(this.runner.tableName, change, touched);
    const recordKey = change.kind.key(change.after.ids);
    const outbox = prepared.events.map((event) => this.runner.outboxItem(recordKey, event, change.after.updatedAt));
    return [...own, ...prepared.extra, ...outbox];
  }

  /** Appends items, leaving out the checks the transaction makes already; answers how many were added. */
  private append(items: readonly TransactionItem[], touched: Set<string>, checks: Map<string, string>, into = this.items): number {
    const fresh = this.fresh(items, touched, checks);
    into.push(...fresh);
    return fresh.length;
  }

  private fresh(items: readonly TransactionItem[], touched: Set<string>, checks: Map<string, string>): TransactionItem[] {
    return items.filter((entry) => {
      const { key, use } = touchOf(entry);
      if (use !== 'write') {
        if (checks.get(key) === use) return false;
        checks.set(key, use);
      }
      touched.add(key);
      return true;
    });
  }
}

/**
 * Record writes in as few transactions as DynamoDB's 100 items allow, never splitting a write:
 * `head` goes in every transaction (a condition each must hold), `tail` and the idempotency record
 * in the last. Each transaction is atomic; a retry of the same request converges (its writes are
 * conditioned on the versions read) and is answered from the idempotency record once all committed.
 */
export async function commitInChunks<T extends RecordData, R>(
  open: () => RecordTransaction,
  writes: readonly RecordWrite<T>[],
  parts: { readonly head?: readonly TransactionItem[]; readonly tail?: readonly TransactionItem[]; readonly result: R },
): Promise<Written<R>> {
  const head = parts.head ?? [];
  const tail = parts.tail ?? [];
  const room = MAX_TRANSACTION_ITEMS - tail.length - 1;
  const chunks: RecordTransaction[] = [];
  let chunk = open().add(...head);
  for (const write of writes) {
    const prepared = await chunk.prepare(write);
    if (chunk.sizeWith(prepared) > room && chunk.size > head.length) {
      chunks.push(chunk);
      chunk = open().add(...head);
    }
    chunk.include(prepared);
  }
  chunks.push(chunk.add(...tail));
  for (const earlier of chunks.slice(0, -1)) await earlier.send();
  return chunks.at(-1)!.commit(parts.result);
}
