import type { Role } from '../../domain/principal';
import { LocalAuth, type TokenRequest } from '../../infra/local/local-auth';

export interface ApiResult<T = any> {
  readonly status: number;
  readonly headers: Headers;
  readonly body: T;
}

export interface CallOptions {
  readonly token?: string;
  readonly body?: unknown;
  readonly headers?: Record<string, string>;
}

/** A small HTTP client for the local API, as a staff or parent app would call it. */
export class ApiClient {
  constructor(
    readonly baseUrl: string,
    private readonly auth: LocalAuth,
  ) {}

  token(role: Role, options: Omit<TokenRequest, 'role'> = {}): string {
    return this.auth.issue({ role, ...options });
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
    return { status: response.status, headers: response.headers, body: body as T };
  }
}

export const ephemeralAuth = () => LocalAuth.ephemeral();
