/**
 * The single table, described once. The CDK stack and the local runtime (and the tests) both
 * build the table from this definition, so the two can never drift apart.
 */
export interface IndexDefinition {
  readonly indexName: string;
  readonly partitionKey: string;
  readonly sortKey: string;
}

/**
 * What each index holds of an item: ALL, on purpose (decision 0159). Every reader of gsi1 and gsi2 but one reads
 * whole records (a kind's `data` map with its `id`, `ids` and bookkeeping, parsed by the kind's schema, or a
 * delivery's and a counter's fields), and a record's fields all live in `data`, so INCLUDE would name nearly every
 * attribute and KEYS_ONLY would add a read of the table per item for each of them. Measured on a seeded district
 * (`npm run bench:index-projections`), most index items are under 1 KB, where ALL costs the same write unit as
 * KEYS_ONLY. A deployed index's projection cannot be changed in place (docs/deploy.md, "Changing an index's projection").
 */
export const INDEX_PROJECTION = 'ALL' as const;

export const TABLE = {
  partitionKey: 'pk',
  sortKey: 'sk',
  /** Generic global secondary indexes; what each serves is in docs/data-model.md. */
  globalIndexes: [
    { indexName: 'gsi1', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
    { indexName: 'gsi2', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
  ] as readonly IndexDefinition[],
  /** Epoch-seconds attribute after which DynamoDB may expire an item (outbox, idempotency). */
  timeToLiveAttribute: 'expiresAt',
  /**
   * What a change writes to the stream. The relay (functions/consumers/outbox-relay.ts) reads only an
   * outbox item's new image, so the stream carries only that: NEW_IMAGE is "the entire item, as it
   * appears after it was modified" (CloudFormation, AWS::DynamoDB::Table StreamSpecification). Old
   * images would double every stream record's size and what DynamoDB Local stores and parses per
   * write. Changing it on a deployed table creates a new stream (same page): drain or replay the
   * relay's backlog first (docs/deploy.md).
   */
  streamViewType: 'NEW_IMAGE',
} as const;

export type IndexName = 'gsi1' | 'gsi2';

/** The key attribute names of the table (no index) or of one of its global secondary indexes. */
export function keyAttributes(index?: IndexName): { readonly partitionKey: string; readonly sortKey: string } {
  if (index === undefined) return { partitionKey: TABLE.partitionKey, sortKey: TABLE.sortKey };
  const found = TABLE.globalIndexes.find((candidate) => candidate.indexName === index);
  if (!found) throw new Error(`unknown index ${index}`);
  return found;
}

/**
 * Input for DynamoDB's CreateTable, used by the local runtime and the tests. `stream: false` leaves
 * the stream off, for tests whose code under test never reads it (see test/support/dynamo.ts).
 */
export function createTableInput(tableName: string, options: { readonly stream?: boolean } = {}) {
  const keyAttributes = [TABLE.partitionKey, TABLE.sortKey, ...TABLE.globalIndexes.flatMap((index) => [index.partitionKey, index.sortKey])];
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST' as const,
    AttributeDefinitions: keyAttributes.map((name) => ({ AttributeName: name, AttributeType: 'S' as const })),
    KeySchema: [
      { AttributeName: TABLE.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: TABLE.sortKey, KeyType: 'RANGE' as const },
    ],
    GlobalSecondaryIndexes: TABLE.globalIndexes.map((index) => ({
      IndexName: index.indexName,
      KeySchema: [
        { AttributeName: index.partitionKey, KeyType: 'HASH' as const },
        { AttributeName: index.sortKey, KeyType: 'RANGE' as const },
      ],
      Projection: { ProjectionType: INDEX_PROJECTION },
    })),
    ...(options.stream === false ? {} : { StreamSpecification: { StreamEnabled: true, StreamViewType: TABLE.streamViewType } }),
  };
}
