import { Conflict, Invalid, NotFound } from '../../../domain/errors';
import {
  assignmentOfLineItem,
  LineItemPutSchema,
  lineItemRowOf,
  restFieldOf,
  ResultPutSchema,
  resultRowOf,
  scoreOfResult,
} from '../../../domain/oneroster/rest-writes';
import { toStatusInfo } from '../../../domain/oneroster/rest-status';

const lineItem = (overrides: Record<string, unknown> = {}) =>
  LineItemPutSchema.parse({
    lineItem: {
      title: 'Essay',
      assignDate: '2026-09-01T08:00:00Z',
      dueDate: '2026-09-08T23:59:00Z',
      class: { sourcedId: 'cls-1', href: '/ignored', type: 'class' },
      category: { sourcedId: 'cat-essays' },
      resultValueMax: 100,
      metadata: { 'lms.courseId': 'C-9', sis: { published: false } },
      ...overrides,
    },
  });

describe('the gradebook service written over REST', () => {
  test('a line item is the lineItems.csv row the binding would carry, metadata as extension columns', () => {
    expect(lineItemRowOf('li-1', lineItem())).toEqual({
      sourcedId: 'li-1',
      title: 'Essay',
      assignDate: '2026-09-01T08:00:00Z',
      dueDate: '2026-09-08T23:59:00Z',
      classSourcedId: 'cls-1',
      categorySourcedId: 'cat-essays',
      resultValueMax: '100',
      'metadata.lms.courseId': 'C-9',
      'metadata.sis': '{"published":false}',
    });
  });

  test("a platform's line item is a published assignment open to extra credit, unless its metadata.sis says otherwise; a long title is cut for the SIS only", () => {
    const title = 'T'.repeat(150);
    const plain = assignmentOfLineItem(lineItemRowOf('li-2', lineItem({ title, metadata: undefined })));
    expect(plain).toMatchObject({
      categoryId: 'cat-essays',
      maxPoints: 100,
      published: true,
      extraCreditAllowed: true,
      dueDate: '2026-09-08',
    });
    expect(String(plain.title)).toHaveLength(100);
    expect(assignmentOfLineItem(lineItemRowOf('li-1', lineItem())).published).toBe(false);
  });

  test('a result maps its status; exempt and not submitted carry no points for the SIS; a DateTime scoreDate keeps its day', () => {
    const result = (overrides: Record<string, unknown>) =>
      ResultPutSchema.parse({
        result: { lineItem: { sourcedId: 'li-1' }, student: { sourcedId: 's-1' }, scoreStatus: 'fully graded', ...overrides },
      });
    expect(scoreOfResult(resultRowOf('r', result({ score: 300 })))).toEqual({ points: 300 });
    expect(scoreOfResult(resultRowOf('r', result({ scoreStatus: 'exempt', score: 0 })))).toEqual({ status: 'exempt' });
    expect(scoreOfResult(resultRowOf('r', result({ scoreStatus: 'not submitted' })))).toEqual({ status: 'missing' });
    expect(scoreOfResult(resultRowOf('r', result({ scoreStatus: 'partially graded', score: 4 })))).toEqual({
      status: 'incomplete',
      points: 4,
    });
    expect(resultRowOf('r', result({ scoreDate: '2026-09-09T10:00:00Z' })).scoreDate).toBe('2026-09-09');
    expect(() => result({ scoreStatus: 'graded' })).toThrow();
  });

  test('a SIS refusal names the REST field it stands for', () => {
    expect(restFieldOf('lineItems', 'maxPoints')).toBe('lineItem.resultValueMax');
    expect(restFieldOf('results', 'scores[0].points')).toBe('result.score');
    expect(restFieldOf('lineItems', 'extraCreditOnly')).toBe('lineItem.metadata.sis');
  });
});

describe('imsx_StatusInfo', () => {
  test('a refused body names each field as a code minor field of its own; the first value is the code minor', () => {
    const { status, body } = toStatusInfo(
      new Invalid([
        { field: 'lineItem.class', message: 'names no class' },
        { field: 'lineItem.dueDate', message: 'must be a DateTime' },
      ]),
    );
    expect(status).toBe(400);
    expect(body).toMatchObject({ imsx_codeMajor: 'failure', imsx_severity: 'error' });
    expect(body.imsx_description).toContain('lineItem.class: names no class');
    expect(body.imsx_CodeMinor.imsx_codeMinorField).toEqual([
      { imsx_codeMinorFieldName: 'lineItem.class', imsx_codeMinorFieldValue: 'invaliddata' },
      { imsx_codeMinorFieldName: 'lineItem.dueDate', imsx_codeMinorFieldValue: 'invaliddata' },
    ]);
  });

  test('a conflict keeps its 409; an unknown object is 404 unknownobject from the TargetEndSystem', () => {
    expect(toStatusInfo(new Conflict('Another change was in progress.')).status).toBe(409);
    expect(toStatusInfo(new NotFound('No lineItem.')).body.imsx_CodeMinor.imsx_codeMinorField).toEqual([
      { imsx_codeMinorFieldName: 'TargetEndSystem', imsx_codeMinorFieldValue: 'unknownobject' },
    ]);
  });
});
