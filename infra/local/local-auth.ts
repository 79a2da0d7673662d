import { createPublicKey, generateKeyPairSync, createPrivateKey, randomUUID, sign, verify, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { ROLES, type Role } from '../../domain/principal';

/**
 * A stand-in for the Cognito user pool: it signs ID tokens with a locally generated RSA key
 * and verifies them the way API Gateway's JWT authorizer does: the key id and RS256 signature,
 * the issuer, the audience (`aud`, or `client_id` when there is no `aud`), and `exp`, `nbf`
 * and `iat` against the current time. Claims have Cognito's names, so handlers cannot tell the difference.
 */
export const LOCAL_ISSUER = 'https://cognito-idp.local.localhost/local_sis';
export const LOCAL_AUDIENCE = 'sis-local-client';
/**
 * The audience of the local client-credentials tokens: the machine clients', which only the
 * OneRoster routes accept, as in AWS, where their authorizer names those clients and no other.
 */
export const LOCAL_MACHINE_AUDIENCE = 'sis-local-machine-client';
const KEY_ID = 'local-signing-key';

export interface TokenRequest {
  readonly role: Role;
  /** Schools a staff member serves (custom:schoolIds). */
  readonly schoolIds?: readonly string[];
  /** Regions a staff member serves (custom:regionIds): their schools are resolved by the API (decision 0087). */
  readonly regionIds?: readonly string[];
  readonly staffId?: string;
  readonly guardianId?: string;
  readonly sub?: string;
  readonly email?: string;
  /** @default 12 hours; negative for a token that has already expired */
  readonly expiresInSeconds?: number;
  /**
   * Claims set or replaced after the standard ones (`undefined` removes one), for tests of the
   * verifier: a wrong `aud` or `iss`, an `iat` or `nbf` in the future, a `client_id` without `aud`.
   */
  readonly claims?: Readonly<Record<string, unknown>>;
}

/** How many verified signatures a LocalAuth remembers (a run's tokens; the set starts over when full). */
const VERIFIED_SIGNATURES_KEPT = 10_000;

export class LocalAuth {
  /**
   * Tokens whose signature this key verified: a client sends one token with many requests, and an RSA
   * verification per request was the local API's largest cost after the SDK's. Only the signature is
   * remembered; issuer, audience and times are checked on every request.
   */
  private readonly verifiedSignatures = new Set<string>();

  private constructor(
    private readonly privateKey: KeyObject,
    private readonly publicKey: KeyObject,
  ) {}

  /** A key kept in memory (tests). */
  static ephemeral(): LocalAuth {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    return new LocalAuth(privateKey, publicKey);
  }

  /** The key under the local data folder, created on first use, so tokens survive restarts. */
  static persistent(keyFile: string): LocalAuth {
    if (!existsSync(keyFile)) {
      mkdirSync(dirname(keyFile), { recursive: true });
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
      writeFileSync(keyFile, privateKey.export({ type: 'pkcs8', format: 'pem' }), { mode: 0o600 });
    }
    const privateKey = createPrivateKey(readFileSync(keyFile));
    return new LocalAuth(privateKey, createPublicKey(privateKey));
  }

  /**
   * An access token as Cognito's token endpoint issues it for the client-credentials grant: no
   * user, no groups; `sub` and `client_id` are the app client, `scope` the granted scopes.
   */
  issueClientCredentials(request: {
    readonly clientId: string;
    readonly scopes: readonly string[];
    readonly expiresInSeconds?: number;
  }): string {
    const now = Math.floor(Date.now() / 1000);
    return this.sign({
      sub: request.clientId,
      client_id: request.clientId,
      iss: LOCAL_ISSUER,
      // Cognito's access tokens carry no aud, and API Gateway matches client_id against the audience
      // instead; locally every client name is a client, so the stand-in carries the machine audience.
      aud: LOCAL_MACHINE_AUDIENCE,
      token_use: 'access',
      scope: request.scopes.join(' '),
      auth_time: now,
      iat: now,
      exp: now + (request.expiresInSeconds ?? 3600),
    });
  }

  private sign(claims: Record<string, unknown>): string {
    const encode = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
    const signingInput = `${encode({ alg: 'RS256', kid: KEY_ID, typ: 'JWT' })}.${encode(claims)}`;
    return `${signingInput}.${sign('sha256', Buffer.from(signingInput), this.privateKey).toString('base64url')}`;
  }

  issue(request: TokenRequest): string {
    if (!ROLES.includes(request.role)) throw new Error(`unknown role ${request.role}; one of ${ROLES.join(', ')}`);
    const now = Math.floor(Date.now() / 1000);
    const sub = request.sub ?? randomUUID();
    const claims: Record<string, unknown> = {
      sub,
      iss: LOCAL_ISSUER,
      aud: LOCAL_AUDIENCE,
      token_use: 'id',
      auth_time: now,
      iat: now,
      exp: now + (request.expiresInSeconds ?? 12 * 3600),
      'cognito:username': request.email ?? `${request.role}-${sub.slice(0, 8)}`,
      'cognito:groups': [request.role],
      email: request.email ?? `${request.role}.${sub.slice(0, 8)}@district.example`,
      ...(request.staffId ? { 'custom:staffId': request.staffId } : {}),
      ...(request.guardianId ? { 'custom:guardianId': request.guardianId } : {}),
      ...(request.schoolIds?.length ? { 'custom:schoolIds': request.schoolIds.join(',') } : {}),
      ...(request.regionIds?.length ? { 'custom:regionIds': request.regionIds.join(',') } : {}),
    };
    for (const [name, value] of Object.entries(request.claims ?? {})) {
      if (value === undefined) delete claims[name];
      else claims[name] = value;
    }
    return this.sign(claims);
  }

  /**
   * Verifies a bearer token for a route whose authorizer accepts `audience` and returns its claims
   * as API Gateway passes them to Lambda (`requestContext.authorizer.jwt.claims`: array claims
   * flattened to "[a b]"), or undefined.
   * @param audience the users' app client (role routes), or the machine clients' (OneRoster routes)
   */
  verify(token: string, audience: string = LOCAL_AUDIENCE): Record<string, string> | undefined {
    const parts = token.split('.');
    if (parts.length !== 3) return undefined;
    const [header, payload, signature] = parts as [string, string, string];
    try {
      const head = JSON.parse(Buffer.from(header, 'base64url').toString('utf8')) as { alg?: string; kid?: string };
      if (head.alg !== 'RS256' || head.kid !== KEY_ID) return undefined;
      if (!this.verifiedSignatures.has(token)) {
        if (!verify('sha256', Buffer.from(`${header}.${payload}`), this.publicKey, Buffer.from(signature, 'base64url'))) return undefined;
        if (this.verifiedSignatures.size >= VERIFIED_SIGNATURES_KEPT) this.verifiedSignatures.clear();
        this.verifiedSignatures.add(token);
      }
      const claims = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
      const now = Math.floor(Date.now() / 1000);
      if (claims.iss !== LOCAL_ISSUER) return undefined;
      // API Gateway checks `aud`, and `client_id` (an access token's) only when there is no `aud`.
      const named = claims.aud !== undefined ? claims.aud : claims.client_id;
      if (!(Array.isArray(named) ? named : [named]).includes(audience)) return undefined;
      // exp after now; nbf and iat, when present, not after now.
      if (typeof claims.exp !== 'number' || claims.exp <= now) return undefined;
      if (claims.nbf !== undefined && (typeof claims.nbf !== 'number' || claims.nbf > now)) return undefined;
      if (claims.iat !== undefined && (typeof claims.iat !== 'number' || claims.iat > now)) return undefined;
      return Object.fromEntries(
        Object.entries(claims).map(([name, value]) => [name, Array.isArray(value) ? `[${value.join(' ')}]` : String(value)]),
      );
    } catch {
      return undefined;
    }
  }
}
