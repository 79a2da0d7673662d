import type { Key } from '../../domain/keys/key-parts';
import type { TransactionItem } from './transaction-runner';

/**
 * One Update that ADDs `delta` to an item's counters and SETs its descriptive attributes (created at
 * the first change). Counter names may hold any character (`behavior:fighting`, `failing:Q1`): they
 * go through expression attribute names. Undefined when nothing moves (an empty ADD is refused).
 */
export function countersAdded(
  tableName: string,
  key: Key,
  attributes: Readonly<Record<string, string>>,
  delta: Readonly<Record<string, number>>,
): TransactionItem | undefined {
  const counters = Object.entries(delta).filter(([, value]) => value !== 0);
  if (counters.length === 0) return undefined;
  const names: Record<string, string> = {};
  const values: Record<string, unknown> = {};
  const sets = Object.entries(attributes).map(([name, value], index) => {
    names[`#s${index}`] = name;
    values[`:s${index}`] = value;
    return `#s${index} = :s${index}`;
  });
  const adds = counters.map(([name, value], index) => {
    names[`#c${index}`] = name;
    values[`:c${index}`] = value;
    return `#c${index} :c${index}`;
  });
  return {
    item: {
      Update: {
        TableName: tableName,
        Key: key,
        UpdateExpression: `SET ${sets.join(', ')} ADD ${adds.join(', ')}`,
        ExpressionAttributeNames: names,
        ExpressionAttributeValues: values,
      },
    },
    onConditionFailed: () => new Error('a counter update has no condition'),
  };
}
