import { Conflict } from '../../../domain/errors';
import { ResolutionSchema } from '../../../domain/enrollment/schemas';
import { parseOrThrow } from '../../../domain/validation';
import type { WriteContext, Written } from '../write-context';
import { authorizeExistingStudent, loadRequest, statusUrl } from './enrollment-requests';
import { identityOrdinalFor } from './family-matching';
import { enqueue, type IntakeDeps, type IntakeReceipt } from './submit-intake';

/**
 * A counselor settles a possible duplicate (merge into an existing student, or confirm a new
 * one); the request goes back to PENDING and is processed again with that decision.
 */
export async function resolveRequest(
  deps: IntakeDeps,
  requestId: string,
  body: unknown,
  context: WriteContext,
): Promise<Written<IntakeReceipt>> {
  const { services } = deps;
  const { principal } = context;
  const record = await loadRequest(services, requestId, principal, 'update');
  const resolution = parseOrThrow(ResolutionSchema, body ?? {});
  const duplicate = record.rejection?.reasons.some((reason) => reason.code === 'possible-duplicate');
  if (record.status !== 'REJECTED' || !duplicate) {
    throw new Conflict(`Only a request rejected as a possible duplicate can be resolved; this one is ${record.status}.`);
  }
  if (resolution.action === 'merge') await authorizeExistingStudent(services, principal, resolution.studentId);
  const at = services.now().toISOString();
  const generation = (record.generation ?? 0) + 1;
  const receipt: IntakeReceipt = { id: record.id, status: 'PENDING', statusUrl: statusUrl(record.id) };
  const resolved = services.enrollments.transition(
    record,
    ['REJECTED'],
    { status: 'PENDING', at, by: principal.sub, note: `resolved: ${resolution.action}` },
    {
      resolution: {
        ...resolution,
        by: principal.sub,
        at,
        ...(resolution.action === 'confirm-new' ? { identityOrdinal: identityOrdinalFor(record) } : {}),
      },
      generation,
    },
    ['rejection'],
  );
  const written = await services.records.transaction(context, at).add(resolved).commit(receipt);
  // Queued once committed; a replay's first attempt queued it.
  if (!written.replayed) await enqueue(deps, { id: record.id, generation });
  return written;
}
