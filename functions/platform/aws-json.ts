/**
 * A signed call to an AWS service's JSON 1.1 API (one POST to `/` with `X-Amz-Target: <prefix>.<Operation>`), for
 * the services whose SDK client this project does not install: Cognito's user pools API and Secrets Manager, which
 * only the rotation of the OneRoster vendors' secrets calls (decision 0155). It signs with the SDK's own signer
 * (`@smithy/signature-v4`, bundled as every SDK dependency is) and the function's role credentials, which Lambda
 * puts in the environment. With the SDK clients installed, their commands replace it one for one.
 */
import { createHash, createHmac, type Hash, type Hmac } from 'node:crypto';
import { SignatureV4 } from '@smithy/signature-v4';
import type { SourceData } from '@smithy/types';

/** An error the service answered with: its `__type` (the exception's name, without its namespace) and message. */
export class AwsJsonError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(`${type}: ${message}`);
    this.name = 'AwsJsonError';
  }
}

/** SHA-256 and HMAC-SHA-256 from node:crypto, in the shape the signer takes. */
class Sha256 {
  private readonly hash: Hash | Hmac;
  constructor(secret?: SourceData) {
    this.hash = secret === undefined ? createHash('sha256') : createHmac('sha256', toBytes(secret));
  }
  update(data: SourceData): void {
    this.hash.update(toBytes(data));
  }
  digest(): Promise<Uint8Array> {
    return Promise.resolve(new Uint8Array(this.hash.digest()));
  }
  reset(): void {
    throw new Error('not used by the signer');
  }
}

const toBytes = (data: SourceData): Uint8Array =>
  typeof data === 'string'
    ? Buffer.from(data, 'utf8')
    : ArrayBuffer.isView(data)
      ? new Uint8Array(data.buffer, data.byteOffset, data.byteLength)
      : new Uint8Array(data);

export interface AwsJsonService {
  /** The signing name and endpoint prefix: `cognito-idp`, `secretsmanager`. */
  readonly service: string;
  /** The X-Amz-Target prefix: `AWSCognitoIdentityProviderService`, `secretsmanager`. */
  readonly targetPrefix: string;
}

export interface AwsJsonOptions {
  /** @default AWS_REGION */
  readonly region?: string;
  /** @default the role's credentials from the environment */
  readonly credentials?: { readonly accessKeyId: string; readonly secretAccessKey: string; readonly sessionToken?: string };
  /** @default the global fetch */
  readonly fetch?: typeof fetch;
}

const fromEnvironment = () => {
  const { AWS_ACCESS_KEY_ID: accessKeyId, AWS_SECRET_ACCESS_KEY: secretAccessKey, AWS_SESSION_TOKEN: sessionToken } = process.env;
  if (!accessKeyId || !secretAccessKey) throw new Error('no AWS credentials in the environment (AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY)');
  return { accessKeyId, secretAccessKey, ...(sessionToken ? { sessionToken } : {}) };
};

/** A caller of one service's operations: `call('DescribeSecret', { SecretId })` returns the parsed answer. */
export function awsJsonClient(target: AwsJsonService, options: AwsJsonOptions = {}) {
  const region = options.region ?? process.env.AWS_REGION;
  if (!region) throw new Error('AWS_REGION is not set');
  const hostname = `${target.service}.${region}.amazonaws.com`;
  const signer = new SignatureV4({
    service: target.service,
    region,
    credentials: () => Promise.resolve(options.credentials ?? fromEnvironment()),
    sha256: Sha256,
  });
  const send = options.fetch ?? fetch;
  return async function call<T = Record<string, unknown>>(operation: string, input: Record<string, unknown>): Promise<T> {
    const body = JSON.stringify(input);
    const signed = await signer.sign({
      method: 'POST',
      protocol: 'https:',
      hostname,
      path: '/',
      headers: {
        host: hostname,
        'content-type': 'application/x-amz-json-1.1',
        'x-amz-target': `${target.targetPrefix}.${operation}`,
      },
      body,
    });
    const response = await send(`https://${hostname}/`, { method: 'POST', headers: signed.headers, body });
    const text = await response.text();
    const answer = (text ? JSON.parse(text) : {}) as Record<string, unknown>;
    if (!response.ok) {
      const type = String(answer.__type ?? answer.code ?? `HTTP ${response.status}`).replace(/^.*#/, '');
      throw new AwsJsonError(type, String(answer.message ?? answer.Message ?? text), response.status);
    }
    return answer as T;
  };
}
