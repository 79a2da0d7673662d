import { TransactWriteCommand } from '@aws-sdk/lib-dynamodb';
import { MAX_TRANSACTION_ITEMS, touchOf, TransactionRunner, type IdempotencyRecord, type TransactionItem } from './transaction-runner';

interface Member {
  readonly items: readonly TransactionItem[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

interface Group {
  readonly members: Member[];
  /** Each item key in the group: the condition a shared ConditionCheck tests, or 'write'. */
  readonly keys: Map<string, string>;
  size: number;
  /** Its linger time is over: it goes as soon as a transaction slot is free. */
  due: boolean;
  timer?: NodeJS.Timeout;
}

export interface GroupCommitOptions {
  /** How long a group waits for more transactions to join it. @default 5 */
  readonly lingerMs?: number;
  /** A group is closed as soon as it holds this many items. @default 100 (DynamoDB's limit) */
  readonly maxItems?: number;
  /** Merged transactions in flight at once; the next group fills up while they run. @default 2 */
  readonly maxInFlight?: number;
}

/**
 * A transaction runner for bulk writers (the OneRoster import, the seed): transactions sent at
 * about the same time are merged into one TransactWriteItems of up to 100 items, as a database's
 * group commit does (decision 0090). Each caller's items still commit together or not at all.
 * Two transactions writing the same item never share a group (DynamoDB refuses that, and the
 * second must see the first); the same ConditionCheck (a reference to a school, a course) made by
 * several is made once for all. When a merged transaction fails for any reason (a condition, a
 * conflict, a throttle), every member is sent again on its own through the plain runner, so each
 * caller gets exactly the answer, and the retries, it would have had alone. Requests carrying an
 * idempotency record are never merged: a replay must be told apart from a failure.
 */
export class GroupCommitRunner extends TransactionRunner {
  private open: Group | undefined;
  private readonly full: Group[] = [];
  private inFlight = 0;
  private readonly lingerMs: number;
  private readonly maxItems: number;
  private readonly maxInFlight: number;
  /** Transactions sent, how many were merges of several, and how many merges were split again. */
  readonly stats = { groups: 0, merged: 0, split: 0 };

  constructor(...[client, tableName, options]: [...ConstructorParameters<typeof TransactionRunner>, GroupCommitOptions?]) {
    super(client, tableName);
    this.lingerMs = options?.lingerMs ?? 5;
    this.maxItems = Math.min(options?.maxItems ?? MAX_TRANSACTION_ITEMS, MAX_TRANSACTION_ITEMS);
    this.maxInFlight = options?.maxInFlight ?? 2;
  }

  override async transact(items: readonly TransactionItem[], idempotency?: IdempotencyRecord): Promise<void> {
    if (idempotency || items.length === 0 || items.length >= this.maxItems) return super.transact(items, idempotency);
    const touches = items.map(touchOf);
    return new Promise<void>((resolve, reject) => {
      let group = this.open;
      if (group) {
        const known = group.keys;
        const added = touches.filter((touch) => known.get(touch.key) !== touch.use).length;
        const collides = touches.some((touch) => known.has(touch.key) && (touch.use === 'write' || known.get(touch.key) !== touch.use));
        if (collides || group.size + added > this.maxItems) {
          this.close(group);
          group = undefined;
        }
      }
      if (!group) {
        const fresh: Group = { members: [], keys: new Map(), size: 0, due: false };
        fresh.timer = setTimeout(() => {
          fresh.due = true;
          this.pump();
        }, this.lingerMs);
        this.open = group = fresh;
      }
      group.members.push({ items, resolve, reject });
      for (const touch of touches) {
        if (!group.keys.has(touch.key)) group.size += 1;
        group.keys.set(touch.key, touch.use);
      }
      if (group.size >= this.maxItems) this.close(group);
      this.pump();
    });
  }

  /** No more members for this group: it waits for a transaction slot. */
  private close(group: Group): void {
    if (this.open === group) this.open = undefined;
    clearTimeout(group.timer);
    this.full.push(group);
  }

  /** Sends the waiting groups while slots are free: full ones first, then the open one once due. */
  private pump(): void {
    while (this.inFlight < this.maxInFlight) {
      let group = this.full.shift();
      if (!group && this.open?.due) {
        group = this.open;
        this.close(group);
        this.full.shift();
      }
      if (!group) return;
      this.inFlight += 1;
      void this.commit(group.members).finally(() => {
        this.inFlight -= 1;
        this.pump();
      });
    }
  }

  private async commit(members: readonly Member[]): Promise<void> {
    this.stats.groups += 1;
    if (members.length > 1) {
      this.stats.merged += 1;
      const included = new Set<string>();
      const items = members.flatMap((member) =>
        member.items.filter((entry) => {
          const { key } = touchOf(entry);
          if (included.has(key)) return false; // a ConditionCheck another member makes already
          included.add(key);
          return true;
        }),
      );
      try {
        await this.client.send(new TransactWriteCommand({ TransactItems: items.map((entry) => entry.item) }));
        for (const member of members) member.resolve();
        return;
      } catch {
        this.stats.split += 1;
      }
    }
    await Promise.all(
      members.map((member) =>
        super.transact(member.items).then(
          () => member.resolve(),
          (error: unknown) => member.reject(error),
        ),
      ),
    );
  }
}
