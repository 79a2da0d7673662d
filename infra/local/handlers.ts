import { resolve } from 'node:path';
import { FUNCTIONS, type HandlerId } from '../../functions/manifest';
import type { LambdaHandler } from './api-server';
import { REPO_ROOT } from '../repo-root';

export interface LoadedFunction {
  readonly id: HandlerId;
  readonly functionName: string;
  readonly timeoutSeconds: number;
  readonly handler: LambdaHandler;
}

/**
 * Imports every function of the manifest in this process, as Lambda would load its bundle.
 * The environment (table name, endpoints) must be set before this is called: modules read
 * their configuration once, at load, exactly as in Lambda. `afterInvoke` is called when an
 * invocation ends, however it ends (the runtime wakes its stream pollers: the handler may have written).
 */
export async function loadFunctions(afterInvoke: () => void = () => undefined): Promise<Map<HandlerId, LoadedFunction>> {
  const loaded = new Map<HandlerId, LoadedFunction>();
  for (const [id, spec] of Object.entries(FUNCTIONS) as [HandlerId, (typeof FUNCTIONS)[HandlerId]][]) {
    const module = (await import(resolve(REPO_ROOT, spec.entry))) as { handler?: LambdaHandler };
    if (typeof module.handler !== 'function') throw new Error(`${spec.entry} does not export a handler`);
    const { handler } = module;
    const invoke: LambdaHandler = async (event, context) => {
      try {
        return await handler(event, context);
      } finally {
        afterInvoke();
      }
    };
    loaded.set(id, { id, functionName: `sis-${id}`, timeoutSeconds: spec.timeoutSeconds ?? 10, handler: invoke });
  }
  return loaded;
}
