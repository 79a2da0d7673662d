import { CONTRACT } from '../../functions/contract';
import { ROUTES, routeKey, type RouteSpec } from '../../functions/manifest';

/** One answer as a client received it. */
export interface Exchange {
  readonly method: string;
  /** The request path, without the query. */
  readonly path: string;
  readonly status: number;
  readonly contentType: string | null;
  readonly body: unknown;
}

const compiled = ROUTES.map((route) => ({
  route,
  pattern: new RegExp(`^${route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{[^}]+\}/g, '[^/]+')}$`),
}));

/** The manifest route a request reaches, matched as the API (and API Gateway) matches it. */
export function routeOf(method: string, path: string): RouteSpec | undefined {
  return compiled.find((entry) => entry.route.method === method.toUpperCase() && entry.pattern.test(path))?.route;
}

const mediaType = (contentType: string | null) => contentType?.split(';')[0]?.trim().toLowerCase() ?? null;

/** What is wrong with one answer, measured against the contract (functions/contract/); undefined when nothing is. */
export function contractMismatch(exchange: Exchange): string | undefined {
  const route = routeOf(exchange.method, exchange.path);
  if (!route) return undefined; // no operation: the gateway's own 404
  const key = routeKey(route);
  const contract = CONTRACT[key];
  if (!contract) return `${key}: the route has no contract entry (functions/contract/index.ts)`;
  const answer = contract.responses[exchange.status];
  if (!answer) {
    return `${key} answered ${exchange.status}, which its contract does not declare (declared: ${Object.keys(contract.responses).join(', ')})`;
  }
  const received = mediaType(exchange.contentType);
  if (!answer.contentType) {
    return exchange.body === undefined ? undefined : `${key} ${exchange.status}: the contract declares no body, but one came`;
  }
  if (received !== answer.contentType) {
    return `${key} ${exchange.status}: content-type ${received ?? '(none)'}, but the contract declares ${answer.contentType}`;
  }
  if (!answer.schema) return typeof exchange.body === 'string' ? undefined : `${key} ${exchange.status}: expected a text body`;
  const parsed = answer.schema.safeParse(exchange.body);
  if (parsed.success) return undefined;
  const issues = parsed.error.issues
    .slice(0, 5)
    .map((issue) => {
      const where = issue.path.map(String).join('.') || '(body)';
      const keys = issue.code === 'unrecognized_keys' ? ` ${issue.keys.join(', ')}` : '';
      return `${where}: ${issue.message}${keys}`;
    })
    .join('; ');
  return `${key} ${exchange.status}: the body does not match the contract: ${issues}`;
}

/** Every distinct mismatch among the answers, each once. */
export function contractMismatches(exchanges: readonly Exchange[]): string[] {
  return [...new Set(exchanges.map(contractMismatch).filter((mismatch): mismatch is string => mismatch !== undefined))];
}

/** Throws, naming each route and what is wrong, when an answer does not keep the contract. */
export function assertAnswersKeepContract(exchanges: readonly Exchange[], label: string): void {
  const mismatches = contractMismatches(exchanges);
  if (mismatches.length === 0) return;
  throw new Error(
    `${mismatches.length} answer(s) received by the ${label} tests break the API contract (functions/contract/, docs/openapi.json):\n` +
      mismatches.map((mismatch) => `  - ${mismatch}`).join('\n'),
  );
}
