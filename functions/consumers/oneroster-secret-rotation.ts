import middy from '@middy/core';
import { z } from 'zod';
import { awsRotationPorts, type RotationPorts } from '../platform/client-secret-rotation';
import { observabilityFor } from '../platform/observability';
import { rotateClientSecret } from '../use-cases/oneroster/rotate-client-secret';

const observability = observabilityFor('oneRosterSecretRotation');

/** The event Secrets Manager invokes a rotation function with. */
const rotationEvent = z.object({
  SecretId: z.string().min(1),
  ClientRequestToken: z.string().min(1),
  Step: z.enum(['createSecret', 'setSecret', 'testSecret', 'finishSecret']),
});

let ports: RotationPorts | undefined;

/** Invoked by Secrets Manager, once per step, to rotate a OneRoster vendor's client secret (decision 0155). */
export const handler = middy(async (event: unknown) => {
  const { SecretId: secretId, ClientRequestToken: token, Step: step } = rotationEvent.parse(event);
  ports ??= awsRotationPorts();
  const outcome = await rotateClientSecret(ports, { secretId, token, step });
  // Names and ids only: the secret's value is never logged.
  observability.logger.info('rotation step', { secretId, token, ...outcome });
}).use(observability.middlewares());
