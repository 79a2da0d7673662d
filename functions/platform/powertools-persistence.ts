import type { AttributeValue } from '@aws-sdk/client-dynamodb';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBPersistenceLayer } from '@aws-lambda-powertools/idempotency/dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { keys } from '../../domain/keys';
import { TABLE } from '../../domain/table';
import { traced } from './aws-clients';
import { meterDynamoClient } from './dynamo-meter';

/**
 * Powertools idempotency records, kept in the single table. Powertools' own layout puts every
 * record of a function under one partition key; here each record gets its own partition, so a
 * burst of thousands of messages spreads over the table instead of heating one partition.
 */
export class SingleTablePersistenceLayer extends DynamoDBPersistenceLayer {
  constructor(tableName: string, client = meterDynamoClient(traced(new DynamoDBClient({})))) {
    super({
      tableName,
      keyAttr: TABLE.partitionKey,
      sortKeyAttr: TABLE.sortKey,
      expiryAttr: TABLE.timeToLiveAttribute,
      awsSdkV3Client: client,
    });
  }

  protected override getKey(idempotencyKey: string): Record<string, AttributeValue> {
    return marshall(keys.powertoolsIdempotency(idempotencyKey));
  }
}
