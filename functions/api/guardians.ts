import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { apiHandler } from '../http/api-handler';
import { routeHandler } from '../http/record-routes';
import { getServices } from '../services';
import { childrenOfGuardian } from '../use-cases/people/children-of-guardian';

/** Guardians, name search, and each guardian's children. */
export const handler = apiHandler('guardians', (route) =>
  routeHandler(route, {
    childrenOfGuardian: async (request) => {
      const page = parseOrThrow(PageQuery, request.query);
      return {
        statusCode: 200,
        body: await childrenOfGuardian(getServices(), request.pathParameters.guardianId!, page, request.principal),
      };
    },
  }),
);
