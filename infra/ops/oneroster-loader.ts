/**
 * Reads records for many rows at once: the rows in flight ask for their records one by one, and
 * the asks of a few milliseconds go out as one BatchGetItem of up to 100 keys (strongly
 * consistent, like the record use cases' own reads). An import asks for each row's record before
 * deciding whether to write it; read one by one, those asks are most of its DynamoDB calls.
 */
import { keyId } from '../../functions/repositories/transaction-runner';
import { toRecord, type RecordStore, type StoredRecord } from '../../functions/repositories/record-store';
import type { Ids, RecordType } from '../../domain/records/record-types';

interface Ask {
  readonly key: { pk: string; sk: string };
  readonly resolve: (record: StoredRecord | undefined) => void;
  readonly reject: (error: unknown) => void;
}

export class RecordLoader {
  private queue: Ask[] = [];
  private timer: NodeJS.Timeout | undefined;
  /** BatchGetItem calls made, and records asked for. */
  readonly stats = { calls: 0, asks: 0 };

  constructor(
    private readonly records: RecordStore,
    private readonly lingerMs = 2,
  ) {}

  get(type: RecordType, ids: Ids): Promise<StoredRecord | undefined> {
    this.stats.asks += 1;
    return new Promise((resolve, reject) => {
      const { pk, sk } = type.key(ids);
      this.queue.push({ key: { pk, sk }, resolve, reject });
      if (this.queue.length >= 100) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.lingerMs);
    });
  }

  private flush(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
    const asks = this.queue.splice(0, 100);
    if (this.queue.length > 0) this.timer = setTimeout(() => this.flush(), this.lingerMs);
    if (asks.length === 0) return;
    this.stats.calls += 1;
    const unique = [...new Map(asks.map((ask) => [keyId(ask.key), ask.key])).values()];
    this.records.getItems(unique).then(
      (items) => {
        const found = new Map(items.map((item) => [keyId({ pk: String(item.pk), sk: String(item.sk) }), toRecord(item)]));
        for (const ask of asks) ask.resolve(found.get(keyId(ask.key)));
      },
      (error: unknown) => {
        for (const ask of asks) ask.reject(error);
      },
    );
  }
}
