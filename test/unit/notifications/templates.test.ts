import { NOTIFICATION_KINDS } from '../../../domain/notifications/preferences';
import { CATALOGS, LANGUAGES, render, renderDigest, resolveLanguage, type NoticeValues } from '../../../domain/notifications/templates';

const values: NoticeValues = {
  studentName: 'Ana',
  schoolName: 'Parkside High',
  date: '2026-11-30',
  periodCount: 1,
  periods: 'P1',
  courseTitle: 'Algebra I',
  percent: 61.375,
  letter: 'D-',
  assignmentTitle: 'Worksheet 4',
  dueDate: '2026-12-01',
  gradingPeriodName: 'Q1',
  gradeLevel: '09',
  addedCount: 1,
  droppedCount: 2,
};

describe('template catalog', () => {
  test.each(LANGUAGES)('every %s template renders with no placeholder left', (language) => {
    for (const kind of [...NOTIFICATION_KINDS, 'digest' as const]) {
      const notice = render(kind, language, { ...values, count: 2, items: '- a\n- b' });
      for (const text of [notice.subject, notice.body, notice.sms]) {
        expect(text).not.toMatch(/[{}]/);
        expect(text.length).toBeGreaterThan(10);
      }
    }
    expect(Object.keys(CATALOGS[language]).sort()).toEqual([...NOTIFICATION_KINDS, 'digest'].sort());
  });

  test('Spanish plurals and dates: one period, two periods, the day written out', () => {
    expect(render('absence', 'es', values).body).toContain('faltó a 1 período (P1) el lunes, 30 de noviembre de 2026');
    expect(render('absence', 'es', { ...values, periodCount: 2, periods: 'P1, P2' }).body).toContain('2 períodos');
    expect(render('absence', 'es', values).sms).toContain('30/11');
  });

  test('English plurals and dates; an excused absence says so', () => {
    const notice = render('absence', 'en', { ...values, periodCount: 3, excused: true });
    expect(notice.subject).toBe('Ana was marked absent on Monday, November 30, 2026');
    expect(notice.body).toContain('absent (excused) for 3 periods');
    expect(render('absence', 'en', values).body).toContain('for 1 period (P1)');
    expect(render('absence', 'en', values).sms).toContain('11/30');
  });

  test('a calendar date is the same day in every zone the server may run in', () => {
    // Noon UTC formatted in UTC: never the day before, whatever TZ the process has.
    expect(render('missingAssignment', 'en', values).body).toContain('Tuesday, December 1, 2026');
  });

  test('percentages use the language’s decimal separator', () => {
    expect(render('lowGrade', 'en', values).body).toContain('61.38%');
    expect(render('lowGrade', 'es', values).body).toMatch(/61,38\s%/);
  });

  test('a low grade names its grading period when there is one, and reads well without', () => {
    expect(render('lowGrade', 'en', values).body).toContain('in Algebra I for Q1 is');
    expect(render('lowGrade', 'es', values).body).toContain('en Algebra I en Q1 es');
    expect(render('lowGrade', 'en', { ...values, gradingPeriodName: 'none' }).body).toContain('in Algebra I is');
  });

  test('"=0" and plural forms in a schedule change', () => {
    expect(render('scheduleChanged', 'es', { ...values, addedCount: 0, droppedCount: 1 }).body).toContain(
      'ninguna clase agregada, 1 clase retirada',
    );
  });

  test('a digest counts its notices in the family’s language', () => {
    expect(renderDigest('es', [{ subject: 'a' }]).subject).toBe('1 aviso nuevo de la escuela');
    expect(renderDigest('en', [{ subject: 'a' }, { subject: 'b' }]).body).toBe('You have 2 new notices:\n- a\n- b');
  });

  test('a language without a catalog falls back to its base language, then English', () => {
    expect(resolveLanguage('es-MX')).toBe('es');
    expect(resolveLanguage('vi')).toBe('en');
    expect(resolveLanguage(undefined)).toBe('en');
  });
});
