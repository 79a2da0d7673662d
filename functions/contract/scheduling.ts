/**
 * What the scheduling routes and the parent portal answer (functions/routes/scheduling.ts,
 * master-schedule.ts, family.ts). The generic course and section routes get theirs from their
 * record kinds.
 */
import * as z from 'zod';
import { courseRequestsType, guardianType, rosterEntryType, sectionType } from '../../domain/records/record-types';
import { MeetingSchema, SectionTeacherSchema } from '../../domain/scheduling/schemas';
import { named, page, RefusalSchema } from './answers';
import { recordView } from './shapes';

const Name = z.strictObject({ first: z.string(), last: z.string() }).passthrough();

export const RosterPageSchema = named(
  'Roster',
  z.strictObject({
    sectionId: z.string(),
    capacity: z.number().int().optional(),
    items: z.array(
      z.strictObject({
        studentId: z.string(),
        legalName: Name.optional(),
        preferredName: z.strictObject({ first: z.string().optional(), last: z.string().optional() }).optional(),
        gradeLevel: z.string().optional(),
        placedBy: z.enum(['staff', 'scheduler', 'bulk']),
        override: z.array(z.string()).optional(),
        since: z.string(),
        version: z.number().int(),
      }),
    ),
    nextCursor: z.string().optional(),
  }),
  "A section's roster",
);

export const StudentScheduleSchema = named(
  'StudentSchedule',
  z.strictObject({
    studentId: z.string(),
    schoolYear: z.string(),
    term: z.string(),
    classes: z.array(
      z.strictObject({
        sectionId: z.string(),
        sectionNumber: z.string(),
        courseId: z.string(),
        courseCode: z.string().optional(),
        courseTitle: z.string().optional(),
        credits: z.number().optional(),
        meetings: z.array(MeetingSchema),
        room: z.string().optional(),
        teachers: z.array(SectionTeacherSchema),
      }),
    ),
  }),
  "A student's classes in one term",
);

export const sectionPage = (owner: 'schoolId' | 'staffId') =>
  z.strictObject({ [owner]: z.string(), items: z.array(recordView(sectionType)), nextCursor: z.string().optional() });

export const OpenSeatsSchema = named(
  'OpenSeats',
  z.strictObject({
    schoolId: z.string(),
    schoolYear: z.string(),
    term: z.string(),
    courses: z.array(
      z.strictObject({
        courseId: z.string(),
        courseCode: z.string().optional(),
        courseTitle: z.string().optional(),
        open: z.number().int(),
        sections: z.array(
          z.strictObject({
            sectionId: z.string(),
            sectionNumber: z.string(),
            capacity: z.number().int(),
            taken: z.number().int(),
            open: z.number().int(),
          }),
        ),
      }),
    ),
  }),
  'Seats left per course and section',
);

export const RosterAdditionResultSchema = named(
  'RosterAdditionResult',
  z.strictObject({
    sectionId: z.string(),
    placed: z.number().int(),
    refused: z.number().int(),
    failed: z.number().int(),
    results: z.array(
      z.strictObject({
        studentId: z.string(),
        status: z.enum(['placed', 'refused', 'failed']),
        refusals: z.array(RefusalSchema).optional(),
        message: z.string().optional(),
      }),
    ),
  }),
);

export const ScheduleChangeSchema = named(
  'TermScheduleChange',
  z.strictObject({
    studentId: z.string(),
    schoolYear: z.string(),
    termCode: z.string(),
    sectionIds: z.array(z.string()),
    added: z.number().int(),
    dropped: z.number().int(),
  }),
);

export const SnapshotSchema = named(
  'MasterScheduleSnapshot',
  z.strictObject({
    snapshotId: z.string(),
    schoolId: z.string(),
    schoolYear: z.string(),
    termCode: z.string(),
    name: z.string(),
    number: z.number().int(),
    sectionCount: z.number().int(),
    chunkCount: z.number().int(),
    createdAt: z.string(),
    createdBy: z.string(),
  }),
);

export const RestoreReportSchema = named(
  'SnapshotRestoreReport',
  z.strictObject({
    snapshotId: z.string(),
    restored: z.array(z.string()),
    deleted: z.array(z.string()),
    unchanged: z.number().int(),
    skipped: z.array(z.strictObject({ sectionId: z.string(), reason: z.string() })),
    transactions: z.number().int(),
  }),
);

const SchoolRef = z.strictObject({ id: z.string(), name: z.string().optional() });

export const ChildrenSchema = named(
  'MyChildren',
  z.strictObject({
    items: z.array(
      z.strictObject({ studentId: z.string(), name: Name, gradeLevel: z.string(), school: SchoolRef, relationship: z.string().optional() }),
    ),
  }),
);

export const ChildProfileSchema = named(
  'ChildProfile',
  z.strictObject({
    studentId: z.string(),
    districtStudentId: z.string(),
    legalName: Name,
    preferredName: z.strictObject({ first: z.string().optional(), last: z.string().optional() }).optional(),
    birthDate: z.string(),
    gradeLevel: z.string(),
    homeLanguage: z.string(),
    school: z.looseObject({ id: z.string() }),
  }),
);

export const ChildScheduleSchema = named(
  'ChildSchedule',
  z.strictObject({
    studentId: z.string(),
    schoolYear: z.string().optional(),
    term: z.string().optional(),
    termName: z.string().optional(),
    startDate: z.string().optional(),
    endDate: z.string().optional(),
    classes: z.array(
      z.strictObject({
        sectionId: z.string(),
        courseTitle: z.string().optional(),
        courseCode: z.string().optional(),
        meetings: z.array(z.looseObject({ period: z.string() })),
        room: z.string().optional(),
        teachers: z.array(z.strictObject({ role: z.string(), name: Name.optional(), email: z.string().optional() })),
      }),
    ),
  }),
);

export const RunSchema = z.looseObject({
  runId: z.string(),
  schoolId: z.string(),
  schoolYear: z.string(),
  termCode: z.string(),
  seed: z.number().int(),
  status: z.enum(['PENDING', 'RUNNING', 'DONE', 'FAILED']),
  progress: z.strictObject({ planned: z.number().int(), written: z.number().int(), lostRace: z.number().int() }),
  totals: z
    .strictObject({ students: z.number().int(), requested: z.number().int(), placed: z.number().int(), unplaced: z.number().int() })
    .optional(),
  runUrl: z.string(),
});

export const RosterEntryView = recordView(rosterEntryType);
export const CourseRequestsView = recordView(courseRequestsType);
export const CourseRequestsPage = z.strictObject({
  studentId: z.string(),
  items: z.array(CourseRequestsView),
  nextCursor: z.string().optional(),
});
export const SnapshotPage = page(SnapshotSchema).extend({ schoolId: z.string(), termCode: z.string() });
export const SchedulingRunSchema = named('SchedulingRun', RunSchema);
export const SchedulingRunReport = RunSchema.extend({
  students: z.array(z.looseObject({ studentId: z.string() })),
  nextCursor: z.string().optional(),
});
export const GuardianView = recordView(guardianType);
/** The parent's own guardian record, as a JSON Merge Patch. */
export const MePatch = z.record(z.string(), z.unknown());

const OUTCOMES = {
  promote: z.number().int(),
  retain: z.number().int(),
  graduate: z.number().int(),
  complete: z.number().int(),
  keep: z.number().int(),
};
/** A year-end rollover of a school (decision 0156): what it was asked, where it stands, its report and progress. */
export const RolloverRunSchema = named(
  'RolloverRun',
  z.strictObject({
    runId: z.string(),
    schoolId: z.string(),
    fromYear: z.string(),
    toYear: z.string(),
    dryRun: z.boolean(),
    retain: z.array(z.string()),
    exitCodes: z.record(z.string(), z.string()),
    status: z.enum(['PENDING', 'RUNNING', 'DONE', 'FAILED']),
    createdAt: z.string(),
    createdBy: z.string(),
    updatedAt: z.string(),
    report: z
      .strictObject({
        students: z.number().int(),
        byGrade: z.record(z.string(), z.strictObject(OUTCOMES)).describe("This year's students by grade and outcome"),
        calendar: z.enum(['create', 'created', 'exists']),
        sections: z.strictObject({ thisYear: z.number().int(), copied: z.number().int(), existing: z.number().int() }),
        seats: z.array(z.strictObject({ gradeLevel: z.string(), students: z.number().int(), capacity: z.number().int().optional() })),
        courseRequests: z.strictObject({ withRequests: z.number().int(), without: z.number().int() }),
      })
      .optional(),
    progress: z
      .strictObject({
        done: z.number().int(),
        byOutcome: z.strictObject(OUTCOMES),
        resumed: z.number().int(),
        refused: z.array(z.strictObject({ studentId: z.string(), reason: z.string() })),
      })
      .optional(),
    error: z.string().optional(),
    runUrl: z.string(),
  }),
  "A year-end rollover: its request, status, the dry run's or the run's report, and the students done",
);
export const DistrictRollover = named(
  'DistrictRollover',
  z.strictObject({
    runs: z.array(z.strictObject({ runId: z.string(), schoolId: z.string(), status: z.string(), runUrl: z.string() })),
    skipped: z.array(z.strictObject({ schoolId: z.string(), reason: z.string() })).describe('Closed schools, and schools without the year'),
  }),
  "Every school's rollover, one run each, queued",
);
