import type { Role } from '../../domain/principal';
import type { LocalAuth, TokenRequest } from '../../infra/local/local-auth';
import { vendorToken } from '../../infra/local/local-vendors';
import type { Exchange } from './contract';

export interface ApiResult<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
  /**
   * Why this answer is exempt from the contract check: only for answers about data a test wrote
   * straight into the table, around the API (a poison message, say), which the API never stores.
   */
  readonly skipContract?: string;
}

/**
 * A small HTTP client for the local API, as a staff or parent app would call it. It keeps every
 * answer it receives, so that they can be checked against the API contract (test/support/contract.ts).
 */
export class ApiClient {
  readonly exchanges: Exchange[] = [];

  constructor(
    readonly baseUrl: string,
    private readonly auth: LocalAuth,
  ) {}

  token(role: Role, options: Omit<TokenRequest, 'role'> = {}): string {
    return this.auth.issue({ role, ...options });
  }

  /** A client-credentials access token (another system, e.g. a OneRoster client) with these scopes. */
  clientToken(clientId: string, scopes: readonly string[]): string {
    return this.auth.issueClientCredentials({ clientId, scopes });
  }

  /** The token a OneRoster vendor of the local system gets: its client id and exactly its configured scopes. */
  vendorToken(vendor: string): string {
    return vendorToken(this.auth, vendor);
  }

  async call<T = any>(method: string, path: string, options: CallOptions = {}): Promise<ApiResult<T>> {
    const response = await fetch(`${this.baseUrl}${path}`, {
      method,
      headers: {
        ...(options.body !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
        ...options.headers,
      },
      body: options.body === undefined ? undefined : typeof options.body === 'string' ? options.body : JSON.stringify(options.body),
    });
    const text = await response.text();
    let body: unknown = text;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      // not JSON: keep the text
    }
    if (!options.skipContract)
      this.exchanges.push({
        method: method.toUpperCase(),
        path: new URL(path, this.baseUrl).pathname,
        status: response.status,
        contentType: response.headers.get('content-type'),
        body,
      });
    return { status: response.status, headers: response.headers, body: body as T };
  }
}

/**
 * `call` as the e2e tests write it: the token, then the body when there is one, then extra headers.
 * `api` is read on each call (a test file's system starts in its beforeAll).
 */
export function bearerCall(api: () => ApiClient) {
  return (method: string, path: string, token: string, body?: unknown, headers: Record<string, string> = {}) =>
    api().call(method, path, { token, ...(body === undefined ? {} : { body }), headers });
}
export type BearerCall = ReturnType<typeof bearerCall>;
