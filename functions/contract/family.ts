/** What the parent portal's views of grades and report cards answer (GET /v1/me/children/{studentId}/..., functions/routes/family.ts). */
import * as z from 'zod';
import { named } from './answers';
import { StudentSectionGrade } from './gradebook';

const FamilyWorkItem = z.strictObject({
  assignmentId: z.string(),
  title: z.string(),
  categoryId: z.string(),
  dueDate: z.string(),
  maxPoints: z.number(),
  points: z.number().optional(),
  status: z.string().optional(),
});

export const ChildGradesView = named(
  'ChildGrades',
  z.strictObject({
    studentId: z.string(),
    schoolYear: z.string().optional(),
    termCode: z.string().optional(),
    asOf: z.string(),
    sections: z.array(
      StudentSectionGrade.extend({
        work: z
          .strictObject({
            scored: z.array(FamilyWorkItem),
            missing: z.array(FamilyWorkItem),
            upcoming: z.array(FamilyWorkItem),
            awaitingScore: z.array(FamilyWorkItem),
          })
          .optional(),
      }),
    ),
  }),
  "A child's current grades with their explanation, and the published work behind them",
);

export const ReportCardsView = named(
  'ChildReportCards',
  z.strictObject({
    studentId: z.string(),
    reportCards: z.array(
      z.strictObject({
        schoolYear: z.string(),
        termCode: z.string(),
        gradingPeriod: z.string(),
        marks: z.array(
          z.strictObject({
            sectionId: z.string(),
            courseCode: z.string(),
            courseTitle: z.string(),
            letter: z.string(),
            percent: z.number().optional(),
            final: z.boolean(),
            comments: z.array(z.string()),
          }),
        ),
      }),
    ),
  }),
  "A child's posted report-card marks, by term and grading period",
);
