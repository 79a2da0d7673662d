import type { Key } from '../../domain/keys';
import type { TransactionItem } from './transaction-runner';

/**
 * One Update that SETs an existing item's named fields (a run's status, report, progress): names go through
 * expression attribute names, and the item must exist (`missing` answers when it does not).
 */
export function fieldsUpdated(
  tableName: string,
  key: Key,
  fields: Readonly<Record<string, unknown>>,
  missing: () => Error,
): TransactionItem {
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(fields).map(([name, value], index) => {
    names[`#f${index}`] = name;
    values[`:f${index}`] = value;
    return `#f${index} = :f${index}`;
  });
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')}`,
        ConditionExpression: 'attribute_exists(pk)',
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    onConditionFailed: missing,
  };
}
