import { SCOPES_OF } from '../../domain/oneroster/rest-routes';
import { GRADEBOOK_BASE } from '../../domain/oneroster/rest-paths';
import { ENVELOPE_OF, PUT_SCHEMAS, type GradebookFile } from '../../domain/oneroster/rest-writes';
import { respondOnce, writeContext } from '../http/idempotency';
import { route, served, type RouteDeclaration } from '../http/route';
import { getServices } from '../services';
import { deleteGradebookObject } from '../use-cases/oneroster/gradebook-deletes';
import { PUTS } from '../use-cases/oneroster/gradebook-writes';

const LABEL: Readonly<Record<GradebookFile, string>> = { categories: 'a category', lineItems: 'a line item', results: 'a result' };
const NAME: Readonly<Record<GradebookFile, string>> = { categories: 'Category', lineItems: 'LineItem', results: 'Result' };

/**
 * The gradebook service's PUT and DELETE of one object by the sourcedId the client chose (Gradebook
 * Service REST Binding 1.2: putCategory, putLineItem, putResult, deleteCategory, deleteLineItem,
 * deleteResult). PUT answers 201 when it created the object and 200 when it replaced one; DELETE
 * answers 204 and the object stays served as `tobedeleted`.
 */
function writes(file: GradebookFile): RouteDeclaration[] {
  const kind = ENVELOPE_OF[file];
  const path = `${GRADEBOOK_BASE}/${file}/{sourcedId}`;
  return [
    route({
      method: 'PUT',
      path,
      access: { scopes: SCOPES_OF.gradebookPut },
      errors: 'imsx',
      operationId: `oneRosterPut${NAME[file]}`,
      summary: `OneRoster: create or replace ${LABEL[file]} under its sourcedId (grade passback)`,
      contract: (c) => c.oneRosterPutContract(kind, PUT_SCHEMAS[file]),
      run: async (request) => {
        const context = writeContext(request);
        return respondOnce(
          context,
          async () => ({
            result: await PUTS[file](getServices(), request.pathParameters.sourcedId, request.body, context),
            replayed: false,
          }),
          (answer) => ({ statusCode: answer.created ? 201 : 200, body: { [kind]: answer.object } }),
        );
      },
    }),
    route({
      method: 'DELETE',
      path,
      access: { scopes: SCOPES_OF.gradebookDelete },
      errors: 'imsx',
      operationId: `oneRosterDelete${NAME[file]}`,
      summary: `OneRoster: mark ${LABEL[file]} tobedeleted`,
      contract: (c) => c.oneRosterDeleteContract(kind),
      run: async (request) => {
        const context = writeContext(request);
        return respondOnce(
          context,
          async () => {
            await deleteGradebookObject(getServices(), file, request.pathParameters.sourcedId, context);
            return { result: null, replayed: false };
          },
          () => ({ statusCode: 204 }),
        );
      },
    }),
  ];
}

/** OneRoster 1.2 REST writes (the `oneroster` function): the gradebook service's PUTs and DELETEs. */
export const ONEROSTER_WRITE_ROUTES = served('oneroster', [...writes('categories'), ...writes('lineItems'), ...writes('results')]);
