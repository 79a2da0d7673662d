import { NotFound } from '../../../domain/errors';
import { DISTRICT_MARKS, LEVEL_BONUS, transcript, type TranscriptMark } from '../../../domain/gradebook/marks';
import { keys } from '../../../domain/keys';
import type { Principal } from '../../../domain/principal';
import { courseType, studentType, termMarkType, transferCreditType } from '../../../domain/records/record-types';
import type { Services } from '../../services';

/**
 * A student's transcript: the posted final marks (one gsi1 Query over the student's marks), their
 * courses (one BatchGetItem), and per term and cumulatively the credits attempted and earned and
 * the GPAs, weighted and unweighted, from the district's grade-point table (returned with it).
 * Courses completed at another school (transfer credits, one Query of the student's partition) are
 * terms of their own, each course naming its school; their credits count, and their marks too unless
 * the counselor kept them out of the GPA (`countsTowardGpa` on each course says which).
 */
export async function studentTranscript(services: Services, studentId: string, principal: Principal) {
  const student = await services.records.get(studentType, { studentId });
  if (!student || student.deletedAt) throw new NotFound(`No student ${studentId}.`);
  await services.access.authorize(principal, 'read', 'studentGrades', { studentId }, student.data);
  const { pk, skPrefix } = keys.marksOfStudent(studentId);
  const transfers = keys.transferCreditsOfStudent(studentId);
  const [allMarks, credits] = await Promise.all([
    services.records.queryAll(termMarkType, { index: 'gsi1', partition: pk, sortKeyPrefix: skPrefix }),
    services.records.queryAll(transferCreditType, { partition: transfers.pk, sortKeyPrefix: transfers.skPrefix, skipDeleted: true }),
  ]);
  const marks = allMarks.filter((record) => record.data.final === true && record.data.status === 'posted' && !record.deletedAt);
  const courseIds = [...new Set(marks.map((record) => record.data.courseId))];
  const courses = new Map(
    (
      await services.records.getMany(
        courseType,
        courseIds.map((courseId) => ({ courseId })),
      )
    ).map((course) => [course.id, course.data]),
  );
  const rows: TranscriptMark[] = marks.map((record) => {
    const course = courses.get(record.data.courseId);
    return {
      letter: record.data.letter,
      credits: Number(course?.credits ?? 0),
      ...(course?.level !== undefined ? { courseLevel: course.level } : {}),
      schoolYear: record.data.schoolYear,
      termCode: record.data.termCode,
      final: true,
      courseCode: course?.code ?? '',
      courseTitle: course?.title ?? '',
      ...(record.data.percent !== undefined ? { percent: record.data.percent } : {}),
    };
  });
  for (const { id, data: credit } of credits) {
    rows.push({
      letter: credit.mark,
      credits: credit.credits,
      courseLevel: credit.courseLevel,
      schoolYear: credit.schoolYear,
      termCode: credit.termCode,
      final: true,
      countsTowardGpa: credit.countsTowardGpa,
      courseCode: credit.courseCode,
      courseTitle: credit.courseTitle,
      transfer: { transferCreditId: id, sourceSchool: credit.sourceSchool },
    });
  }
  return {
    studentId,
    ...transcript(rows),
    gradePointTable: Object.entries(DISTRICT_MARKS).map(([letter, info]) => ({ letter, ...info })),
    levelBonus: LEVEL_BONUS,
  };
}
