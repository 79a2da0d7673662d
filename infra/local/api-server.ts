import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { ROUTES, isScopeAccess, routeKey, type RouteSpec } from '../../functions/manifest';
import { LOCAL_AUDIENCE, LOCAL_MACHINE_AUDIENCE, type LocalAuth } from './local-auth';

/** A Lambda handler as the runtime invokes it. */
export type LambdaHandler = (event: unknown, context: Context) => Promise<unknown>;

interface CompiledRoute {
  readonly route: RouteSpec;
  readonly pattern: RegExp;
  readonly names: string[];
}

function compile(route: RouteSpec): CompiledRoute {
  const names: string[] = [];
  const source = route.path.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_, name: string) => {
    names.push(name);
    return '([^/]+)';
  });
  return { route, pattern: new RegExp(`^${source}$`), names };
}

/** A Lambda context for one invocation. */
export function lambdaContext(functionName: string, timeoutSeconds: number): Context {
  const deadline = Date.now() + timeoutSeconds * 1000;
  return {
    callbackWaitsForEmptyEventLoop: false,
    functionName,
    functionVersion: '$LATEST',
    invokedFunctionArn: `arn:aws:lambda:us-east-1:000000000000:function:${functionName}`,
    memoryLimitInMB: '512',
    awsRequestId: randomUUID(),
    logGroupName: `/aws/lambda/${functionName}`,
    logStreamName: 'local',
    getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    done: () => undefined,
    fail: () => undefined,
    succeed: () => undefined,
  };
}

export interface ApiServerOptions {
  readonly port: number;
  /** @default 127.0.0.1 */
  readonly host?: string;
  readonly auth: LocalAuth;
  /** The handler of each route, and its timeout. */
  readonly handlerOf: (route: RouteSpec) => { handler: LambdaHandler; functionName: string; timeoutSeconds: number };
  readonly log?: (line: string) => void;
}

const TEXT_TYPES = /json|text|xml|x-www-form-urlencoded|javascript/i;

function send(response: ServerResponse, status: number, headers: Record<string, string>, body: string | Buffer): void {
  response.writeHead(status, { ...headers, 'content-length': Buffer.byteLength(body) });
  response.end(body);
}

/** A path segment, percent-decoded; a malformed escape (`%E9` alone) stays as it came (and then names no record). */
function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    return segment;
  }
}

const CORS_HEADERS = {
  'access-control-allow-origin': '*',
  'access-control-allow-headers': 'authorization,content-type,if-match,idempotency-key,x-change-reason',
  'access-control-allow-methods': 'GET,POST,PATCH,PUT,DELETE,OPTIONS',
  'access-control-expose-headers': 'etag,location,idempotent-replayed',
};

/**
 * Emulates an API Gateway HTTP API: matches the manifest's routes, runs the JWT authorizer,
 * builds payload format 2.0 events, invokes the route's handler and returns its result, with
 * API Gateway's own answers where API Gateway (not the function) would answer.
 */
export function startApiServer(options: ApiServerOptions): Promise<{ server: Server; url: string; close(): Promise<void> }> {
  const compiled = ROUTES.map(compile);
  const host = options.host ?? '127.0.0.1';

  const handle = async (request: IncomingMessage, response: ServerResponse) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const bodyBuffer = Buffer.concat(chunks);
    const url = new URL(request.url ?? '/', `http://${request.headers.host ?? host}`);
    const method = (request.method ?? 'GET').toUpperCase();
    const started = Date.now();

    if (method === 'OPTIONS') return send(response, 204, CORS_HEADERS, '');

    // The first route of this method whose pattern matches, in the manifest's order. API Gateway routes a path with a
    // trailing slash as the path without it (`/docs/` as `/docs`); the function still sees the path as sent.
    const routed = url.pathname.length > 1 ? url.pathname.replace(/\/$/, '') : url.pathname;
    let found: { entry: (typeof compiled)[number]; match: RegExpExecArray } | undefined;
    for (const entry of compiled) {
      const match = entry.route.method === method ? entry.pattern.exec(routed) : null;
      if (match) {
        found = { entry, match };
        break;
      }
    }
    if (!found) return send(response, 404, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Not Found' }));
    const { route, names } = found.entry;

    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(request.headers)) {
      if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(',') : value;
    }

    let claims: Record<string, string> | undefined;
    if (route.access !== null) {
      const authorization = headers.authorization ?? '';
      const token = authorization.replace(/^Bearer\s+/i, '');
      // Two authorizers, as in AWS: the OneRoster routes accept the machine clients' tokens, the others the apps'.
      claims = token ? options.auth.verify(token, isScopeAccess(route.access) ? LOCAL_MACHINE_AUDIENCE : LOCAL_AUDIENCE) : undefined;
      if (!claims) {
        options.log?.(`${method} ${url.pathname} 401 (authorizer)`);
        return send(
          response,
          401,
          { 'content-type': 'application/json', 'www-authenticate': 'Bearer', ...CORS_HEADERS },
          JSON.stringify({ message: 'Unauthorized' }),
        );
      }
      // Scoped routes set no authorizationScopes: the handler answers a missing scope (decision 0107).
    }

    const query: Record<string, string> = {};
    url.searchParams.forEach((value, name) => {
      query[name] = query[name] === undefined ? value : `${query[name]},${value}`;
    });
    const pathParameters = Object.fromEntries(names.map((name, index) => [name, decodeSegment(found.match[index + 1]!)]));
    const isText = bodyBuffer.length === 0 || TEXT_TYPES.test(headers['content-type'] ?? 'application/json');
    const now = new Date();
    const event: APIGatewayProxyEventV2 & { requestContext: { authorizer?: unknown } } = {
      version: '2.0',
      routeKey: routeKey(route),
      rawPath: url.pathname,
      rawQueryString: url.search.replace(/^\?/, ''),
      headers,
      ...(Object.keys(query).length > 0 ? { queryStringParameters: query } : {}),
      ...(names.length > 0 ? { pathParameters } : {}),
      requestContext: {
        accountId: '000000000000',
        apiId: 'local',
        domainName: url.host,
        domainPrefix: 'local',
        http: {
          method,
          path: url.pathname,
          protocol: 'HTTP/1.1',
          sourceIp: request.socket.remoteAddress ?? '127.0.0.1',
          userAgent: headers['user-agent'] ?? '',
        },
        requestId: randomUUID(),
        routeKey: routeKey(route),
        stage: '$default',
        time: now.toISOString(),
        timeEpoch: now.getTime(),
        ...(claims ? { authorizer: { jwt: { claims, scopes: null } } } : {}),
      },
      ...(bodyBuffer.length > 0 ? { body: isText ? bodyBuffer.toString('utf8') : bodyBuffer.toString('base64') } : {}),
      isBase64Encoded: !isText,
    };

    const target = options.handlerOf(route);
    const context = lambdaContext(target.functionName, target.timeoutSeconds);
    let result: unknown;
    try {
      result = await Promise.race([
        target.handler(event, context),
        new Promise((_, reject) =>
          setTimeout(
            () => reject(new Error(`Task timed out after ${target.timeoutSeconds} seconds`)),
            target.timeoutSeconds * 1000,
          ).unref(),
        ),
      ]);
    } catch (error) {
      options.log?.(`${method} ${url.pathname} 500 (function error: ${(error as Error).message})`);
      return send(
        response,
        500,
        { 'content-type': 'application/json', ...CORS_HEADERS },
        JSON.stringify({ message: 'Internal Server Error' }),
      );
    }

    // Payload 2.0: a result without statusCode is a 200 JSON body.
    const structured: APIGatewayProxyStructuredResultV2 =
      result !== null && typeof result === 'object' && 'statusCode' in result
        ? (result as APIGatewayProxyStructuredResultV2)
        : { statusCode: 200, headers: { 'content-type': 'application/json' }, body: JSON.stringify(result) };
    const outHeaders: Record<string, string> = { ...CORS_HEADERS };
    for (const [name, value] of Object.entries(structured.headers ?? {})) outHeaders[name.toLowerCase()] = String(value);
    const body = structured.body === undefined ? '' : structured.isBase64Encoded ? Buffer.from(structured.body, 'base64') : structured.body;
    options.log?.(`${method} ${url.pathname} ${structured.statusCode ?? 200} ${Date.now() - started}ms`);
    send(response, structured.statusCode ?? 200, outHeaders, body);
  };

  const server = createServer((request, response) => {
    handle(request, response).catch((error: Error) => {
      options.log?.(`local API server error: ${error.stack ?? error.message}`);
      if (!response.headersSent)
        send(response, 500, { 'content-type': 'application/json' }, JSON.stringify({ message: 'Internal Server Error' }));
    });
  });
  server.keepAliveTimeout = 65_000;
  // A request line or headers beyond Node's limit (16 KB), or bytes that are not HTTP, never reach
  // a route: answer them as problem+json too, as every other refusal is, instead of Node's bare 431/400.
  server.on('clientError', (error: NodeJS.ErrnoException, socket) => {
    if (!socket.writable) return socket.destroy();
    const tooLarge = error.code === 'HPE_HEADER_OVERFLOW';
    const status = tooLarge ? 431 : 400;
    const title = tooLarge ? 'Request Header Fields Too Large' : 'Bad Request';
    const detail = tooLarge
      ? 'The request line and headers together exceed 16 KB; shorten the URL or the headers.'
      : 'The request is not well-formed HTTP.';
    const body = JSON.stringify({ type: tooLarge ? '/problems/request-too-large' : '/problems/bad-request', title, status, detail });
    socket.end(
      `HTTP/1.1 ${status} ${title}\r\ncontent-type: application/problem+json\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
    );
  });

  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, host, () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : options.port;
      resolve({
        server,
        url: `http://${host === '0.0.0.0' ? '127.0.0.1' : host}:${port}`,
        close: () =>
          new Promise<void>((done) => {
            server.closeAllConnections();
            server.close(() => done());
          }),
      });
    });
  });
}
