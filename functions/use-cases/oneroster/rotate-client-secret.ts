/**
 * Rotation of a OneRoster vendor's client secret (decision 0155), in the four steps Secrets Manager invokes a
 * rotation function with (createSecret, setSecret, testSecret, finishSecret; Secrets Manager User Guide, "Lambda
 * rotation functions"), each safe to run again.
 *
 * It rests on Cognito's client secret rotation: an app client holds up to two secrets at once
 * (AddUserPoolClientSecret "supports up to 2 active secrets per app client for zero-downtime credential rotation";
 * DeleteUserPoolClientSecret cannot delete the last one; ListUserPoolClientSecrets lists their ids, never their
 * values). The new secret is added beside the current one, so the vendor's running integration keeps working while
 * it picks the new one up; the previous secret is deleted only by the next rotation, to make room, so a vendor has a
 * whole rotation period to switch. A leaked secret is revoked by rotating twice.
 */
import { z } from 'zod';
import type { RotationPorts } from '../../platform/client-secret-rotation';

/** The JSON a vendor's secret holds; the client secret and its Cognito id arrive with the first rotation. */
export const vendorCredentialsSchema = z.looseObject({
  vendor: z.string(),
  userPoolId: z.string().min(1),
  clientId: z.string().min(1),
  tokenEndpoint: z.url(),
  clientSecret: z.string().optional(),
  clientSecretId: z.string().optional(),
});
export type VendorCredentials = z.infer<typeof vendorCredentialsSchema>;

export type RotationStep = 'createSecret' | 'setSecret' | 'testSecret' | 'finishSecret';

export interface RotationRequest {
  readonly secretId: string;
  /** The version being made (Secrets Manager's ClientRequestToken). */
  readonly token: string;
  readonly step: RotationStep;
}

/** What a step did, for the log. */
export type RotationOutcome =
  | { readonly step: RotationStep; readonly done: 'nothing'; readonly reason: string }
  | { readonly step: 'createSecret'; readonly done: 'added'; readonly clientId: string; readonly removed: readonly string[] }
  | { readonly step: 'testSecret'; readonly done: 'tested'; readonly clientId: string }
  | { readonly step: 'finishSecret'; readonly done: 'promoted'; readonly from: string };

const parse = (value: string | undefined, what: string): VendorCredentials => {
  if (value === undefined) throw new Error(`the secret has no ${what} version`);
  return vendorCredentialsSchema.parse(JSON.parse(value));
};

/** Runs one step of a rotation. Throws when the step cannot be done; Secrets Manager then retries it. */
export async function rotateClientSecret(ports: RotationPorts, request: RotationRequest): Promise<RotationOutcome> {
  const { secretId, token, step } = request;
  const description = await ports.secrets.describe(secretId);
  if (!description.rotationEnabled) throw new Error(`rotation is not enabled on ${secretId}`);
  const stages = description.versions[token];
  if (!stages) throw new Error(`version ${token} is not a version of ${secretId}`);
  if (stages.includes('AWSCURRENT')) return { step, done: 'nothing', reason: 'the version is already current' };
  if (!stages.includes('AWSPENDING')) throw new Error(`version ${token} of ${secretId} is not pending`);

  switch (step) {
    case 'createSecret':
      return createSecret(ports, request);
    case 'setSecret':
      // Cognito holds the new secret from the moment it is added: there is nothing to set elsewhere.
      return { step, done: 'nothing', reason: 'Cognito accepts the new secret beside the current one' };
    case 'testSecret': {
      const pending = parse(await ports.secrets.value(secretId, 'AWSPENDING', token), 'pending');
      if (!pending.clientSecret) throw new Error('the pending version has no client secret');
      if (!(await ports.tokenCheck(pending.tokenEndpoint, pending.clientId, pending.clientSecret))) {
        throw new Error(`the token endpoint refused the new secret of client ${pending.clientId}`);
      }
      return { step, done: 'tested', clientId: pending.clientId };
    }
    case 'finishSecret': {
      const current = Object.entries(description.versions).find(([, labels]) => labels.includes('AWSCURRENT'))?.[0];
      if (!current) throw new Error(`${secretId} has no current version`);
      await ports.secrets.makeCurrent(secretId, token, current);
      return { step, done: 'promoted', from: current };
    }
  }
}

async function createSecret(ports: RotationPorts, { secretId, token }: RotationRequest): Promise<RotationOutcome> {
  const current = parse(await ports.secrets.value(secretId, 'AWSCURRENT'), 'current');
  // Run again after its put succeeded: the pending version is already made.
  if ((await ports.secrets.value(secretId, 'AWSPENDING', token)) !== undefined) {
    return { step: 'createSecret', done: 'nothing', reason: 'the pending version exists' };
  }
  const { userPoolId, clientId } = current;
  // Room for the new secret: Cognito holds two at most. What goes is whatever the current version does not hold (the
  // previous rotation's secret, or one added by a run that failed before its put), oldest first; the current one stays.
  const held = [...(await ports.cognito.list(userPoolId, clientId))].sort((a, b) => a.createdAt - b.createdAt);
  const removable = held.filter((secret) => secret.id !== current.clientSecretId);
  const removed = removable.slice(0, Math.max(0, held.length - 1)).map((secret) => secret.id);
  for (const id of removed) await ports.cognito.remove(userPoolId, clientId, id);
  const added = await ports.cognito.add(userPoolId, clientId);
  await ports.secrets.putPending(secretId, token, JSON.stringify({ ...current, clientSecret: added.value, clientSecretId: added.id }));
  return { step: 'createSecret', done: 'added', clientId, removed };
}
