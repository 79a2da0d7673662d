import type { Ids, RecordData, RecordKind } from '../../../domain/records/record-types';
import type { Services } from '../../services';
import type { WriteContext, Written } from '../write-context';
import { checkData, commitChange, requireObject, type RecordResult } from './record-view';

/**
 * Creates a record of any kind: validated by its schema and rules, authorized against the new
 * record's schools, written with its history, claims, reference checks and Created event.
 * @param parentIds the ids of the records it belongs under (`{ schoolId }` for a school year)
 * @param chosenId the record's id when the caller decides it (an import keyed by sourcedId); a new id otherwise
 */
export async function createRecord<T extends RecordData>(
  services: Services,
  type: RecordKind<T>,
  parentIds: Ids,
  body: unknown,
  context: WriteContext,
  chosenId?: string,
): Promise<Written<RecordResult>> {
  const now = services.now();
  const data = checkData(type, requireObject(body), now.toISOString().slice(0, 10));
  const ownParam = type.idParams[type.idParams.length - 1]!;
  const id = chosenId ?? type.newId(data);
  const ids: Ids = { ...parentIds, [ownParam]: id };
  await services.access.authorize(context.principal, 'create', type.resource, ids, data);
  return commitChange(services, context, { kind: type, ids, data });
}
