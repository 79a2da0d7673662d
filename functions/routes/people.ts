import { advisorType, guardianLinkType, guardianType, studentType } from '../../domain/records/record-types';
import { PageQuery } from '../../domain/schemas/common';
import { parseOrThrow } from '../../domain/validation';
import { recordRoutes, records } from '../http/record-routes';
import { ok } from '../http/responses';
import { route, served } from '../http/route';
import { getServices } from '../services';
import { childrenOfGuardian } from '../use-cases/people/children-of-guardian';
import { deleteStudent } from '../use-cases/people/delete-student';

/** Students and their guardian links (the `students` function), guardians and their children (`guardians`). */
export const PEOPLE_ROUTES = [
  ...served('students', [
    ...recordRoutes(
      {
        ...records(studentType),
        // An enrolled student holds a seat: the delete is refused until the student is withdrawn.
        delete: (request, expected, context) => deleteStudent(getServices(), request.pathParameters.studentId, expected, context),
      },
      { collection: '/v1/students', item: '/v1/students/{studentId}' },
    ),
    ...recordRoutes(records(guardianLinkType, { listing: 'guardiansOfStudent' }), {
      collection: '/v1/students/{studentId}/guardians',
      item: '/v1/students/{studentId}/guardians/{guardianId}',
    }),
    // The student's advisor or homeroom teacher, who follows them across classes (decision 0148).
    ...recordRoutes(records(advisorType, { listing: 'advisorsOfStudent' }), {
      collection: '/v1/students/{studentId}/advisors',
      item: '/v1/students/{studentId}/advisors/{staffId}',
    }),
  ]),
  ...served('guardians', [
    ...recordRoutes(records(guardianType, { listing: 'guardiansByName' }), {
      collection: '/v1/guardians',
      item: '/v1/guardians/{guardianId}',
    }),
    route({
      method: 'GET',
      path: '/v1/guardians/{guardianId}/students',
      access: { resource: 'guardian', action: 'read' },
      operationId: 'childrenOfGuardian',
      summary: "List a guardian's children (their links; staff see the children at their schools)",
      contract: (c) => ({
        query: PageQuery,
        answers: { 200: c.json(c.page(c.listingItem('childrenOfGuardian')), "A page of the guardian's links to their children") },
      }),
      run: async (request) =>
        ok(
          await childrenOfGuardian(
            getServices(),
            request.pathParameters.guardianId,
            parseOrThrow(PageQuery, request.query),
            request.principal,
          ),
        ),
    }),
  ]),
];
