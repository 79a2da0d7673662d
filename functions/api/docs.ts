import { apiHandler } from '../http/api-handler';
import { DOCS_ROUTES } from '../routes/docs';

export const handler = apiHandler('docs', DOCS_ROUTES);
