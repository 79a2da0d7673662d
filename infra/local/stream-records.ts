/**
 * A DynamoDB Streams record, as read from DynamoDB Local, turned into the record a Lambda stream
 * event carries.
 */
import type { _Record as StreamsRecord } from '@aws-sdk/client-dynamodb-streams';
import type { AttributeValue, DynamoDBBatchResponse, DynamoDBRecord } from 'aws-lambda';

/** The record as Lambda delivers it: images as AttributeValue JSON (binary as base64), times in epoch seconds. */
export function toLambdaRecord(record: StreamsRecord, region: string, streamArn: string | undefined): DynamoDBRecord {
  const stream = record.dynamodb ?? {};
  const creation = stream.ApproximateCreationDateTime as Date | number | string | undefined;
  return {
    eventID: record.eventID,
    eventName: record.eventName,
    eventVersion: record.eventVersion ?? '1.1',
    eventSource: 'aws:dynamodb',
    awsRegion: region,
    dynamodb: {
      ...(creation !== undefined ? { ApproximateCreationDateTime: toEpochSeconds(creation) } : {}),
      ...(stream.Keys ? { Keys: toJsonImage(stream.Keys) } : {}),
      ...(stream.NewImage ? { NewImage: toJsonImage(stream.NewImage) } : {}),
      ...(stream.OldImage ? { OldImage: toJsonImage(stream.OldImage) } : {}),
      SequenceNumber: stream.SequenceNumber,
      SizeBytes: stream.SizeBytes,
      StreamViewType: stream.StreamViewType,
    },
    eventSourceARN: streamArn,
    ...(record.userIdentity ? { userIdentity: { type: record.userIdentity.Type, principalId: record.userIdentity.PrincipalId } } : {}),
  };
}

function toEpochSeconds(value: Date | number | string): number {
  if (typeof value === 'number') return value;
  return Math.floor(new Date(value).getTime() / 1000);
}

function toJsonImage(image: Record<string, unknown>): Record<string, AttributeValue> {
  return Object.fromEntries(Object.entries(image).map(([name, value]) => [name, toJsonValue(value)]));
}

/** SDK AttributeValue (binary as Uint8Array) to the JSON form Lambda events carry (binary as base64). */
function toJsonValue(value: unknown): AttributeValue {
  const attribute = value as Record<string, unknown>;
  // The streams client reads DynamoDB Local's empty maps as `{}`; Lambda delivers `{"M":{}}`.
  if (Object.keys(attribute).length === 0) return { M: {} };
  if (attribute.B instanceof Uint8Array) return { B: Buffer.from(attribute.B).toString('base64') };
  if (Array.isArray(attribute.BS)) return { BS: (attribute.BS as Uint8Array[]).map((item) => Buffer.from(item).toString('base64')) };
  if (attribute.M && typeof attribute.M === 'object') return { M: toJsonImage(attribute.M as Record<string, unknown>) };
  if (Array.isArray(attribute.L)) return { L: attribute.L.map(toJsonValue) };
  // S, N, BOOL, NULL, SS, NS: already JSON. Drop the SDK's `$unknown` member if any.
  const { $unknown: _unknown, ...rest } = attribute;
  return rest as AttributeValue;
}

/** What an invocation left to retry: the records from `failedFrom` on (an index into the batch), or nothing. */
export interface BatchOutcome {
  readonly failedFrom?: number;
  readonly failed: DynamoDBRecord[];
  readonly error?: unknown;
}

/**
 * What a handler's partial batch response (ReportBatchItemFailures) says failed. As Lambda does, an
 * identifier that is not a sequence number of the batch fails the whole batch.
 */
export function batchFailure(response: DynamoDBBatchResponse | void, records: DynamoDBRecord[]): BatchOutcome {
  const failures = response && Array.isArray(response.batchItemFailures) ? response.batchItemFailures : [];
  if (failures.length === 0) return { failed: [] };
  const indexes = failures.map((failure) => records.findIndex((record) => record.dynamodb?.SequenceNumber === failure?.itemIdentifier));
  const error = new Error(`the handler reported ${failures.length} failed record(s) in batchItemFailures`);
  if (indexes.some((index) => index < 0)) return { failedFrom: 0, failed: records, error };
  return { failedFrom: Math.min(...indexes), failed: records.filter((_, index) => indexes.includes(index)), error };
}
