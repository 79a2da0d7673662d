import { pagingLinks } from '../../domain/oneroster/query';
import { ONEROSTER_ROUTES } from '../../domain/oneroster/rest-routes';
import { apiHandler, type ApiRequest, type ApiResponse, type RouteHandler } from '../http/api-handler';
import { getServices } from '../services';
import { readCollection, readOne } from '../use-cases/oneroster/read';

const QUERY_PARAMETERS = ['limit', 'offset', 'sort', 'orderBy', 'fields', 'filter'] as const;

function rawQuery(request: ApiRequest) {
  return Object.fromEntries(
    QUERY_PARAMETERS.filter((name) => request.query[name] !== undefined).map((name) => [name, request.query[name]!]),
  );
}

function operationFor(path: string): RouteHandler {
  const route = ONEROSTER_ROUTES.find((candidate) => candidate.path === path);
  if (!route) throw new Error(`no OneRoster route ${path}`);
  const read = route.read;
  if ('one' in read) {
    return async (request): Promise<ApiResponse> => {
      const found = await readOne(getServices(), read.one, route.kind, request.pathParameters.sourcedId!, request.query.fields);
      return { statusCode: 200, body: { [route.envelope]: found } };
    };
  }
  return async (request): Promise<ApiResponse> => {
    const raw = rawQuery(request);
    const answer = await readCollection(getServices(), read.many, route.kind, request.pathParameters, raw);
    const { limit: _limit, offset: _offset, ...kept } = raw;
    return {
      statusCode: 200,
      headers: { 'X-Total-Count': String(answer.total), Link: pagingLinks(request.path, kept, answer.query, answer.total) },
      body: { [route.envelope]: answer.items },
    };
  };
}

/** OneRoster 1.2 REST (read): rostering and gradebook collections and objects, for client-credentials tokens. */
export const handler = apiHandler('oneroster', (route) => operationFor(route.path));
