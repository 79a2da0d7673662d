import { PutCommand, type DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { newId } from '../../domain/ids';
import { keys } from '../../domain/keys';
import { queryByPrefix, type Page } from './query';

/** One line of FERPA's record of access to a student's health, counseling or special-education records. */
export interface AccessLogEntry {
  readonly entryId: string;
  readonly studentId: string;
  readonly at: string;
  /** Who: the caller's sub, and their staff or guardian record. */
  readonly actor: { readonly sub: string; readonly staffId?: string; readonly guardianId?: string };
  /** The role under which the caller read (the one the policy granted). */
  readonly role: string;
  /** What: the family of records, the operation, and the ids of the records disclosed. */
  readonly what: { readonly family: string; readonly operation: string; readonly recordIds: readonly string[] };
  /** The purpose the caller stated (X-Access-Purpose), or their role's default. */
  readonly purpose: string;
  /** True when the reader is not staff of the student's school (a parent, a district office). */
  readonly disclosure: boolean;
}

/** An entry as written by `append` (its attributes, under these names; the keys and the entity tag left out). */
function toEntry(item: Record<string, unknown>): AccessLogEntry {
  return {
    entryId: String(item.entryId),
    studentId: String(item.studentId),
    at: String(item.at),
    actor: item.actor as AccessLogEntry['actor'],
    role: String(item.role),
    what: item.what as AccessLogEntry['what'],
    purpose: String(item.purpose),
    disclosure: item.disclosure === true,
  };
}

/**
 * The access-log repository: append-only, one partition per student. An entry carries no TTL: 34
 * CFR 99.32(a)(2) asks that the record of access be kept as long as the records it covers, so it
 * goes when the student's records go, never on a timer (decision 0138).
 */
export class AccessLogStore {
  constructor(
    private readonly client: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  /** Writes the entry; rejects when it is not written, and the read it records must then fail. */
  async append(entry: Omit<AccessLogEntry, 'entryId'>): Promise<AccessLogEntry> {
    const written: AccessLogEntry = { entryId: newId(), ...entry };
    await this.client.send(
      new PutCommand({
        TableName: this.tableName,
        Item: {
          ...keys.accessLogEntry(entry.studentId, entry.at, written.entryId),
          entity: 'accessLog',
          ...written,
        },
        ConditionExpression: 'attribute_not_exists(pk)',
      }),
    );
    return written;
  }

  /** A student's record of access, newest first. */
  async ofStudent(studentId: string, limit: number, cursor?: string): Promise<Page<AccessLogEntry>> {
    const page = await queryByPrefix(this.client, this.tableName, {
      partition: keys.accessLogOfStudent(studentId),
      descending: true,
      limit,
      cursor,
    });
    return {
      items: page.items.map(toEntry),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /**
   * Every entry of a student's record of access, oldest first, page by page; with `before` (an ISO date or time),
   * only the entries read before it. The archive (infra/ops/access-log-archive.ts) copies them.
   */
  async *allOfStudent(studentId: string, before?: string): AsyncGenerator<AccessLogEntry> {
    let cursor: string | undefined;
    do {
      const page = await queryByPrefix(this.client, this.tableName, { partition: keys.accessLogOfStudent(studentId), limit: 500, cursor });
      for (const item of page.items) {
        const entry = toEntry(item);
        if (before !== undefined && entry.at >= before) return;
        yield entry;
      }
      cursor = page.nextCursor;
    } while (cursor);
  }
}
