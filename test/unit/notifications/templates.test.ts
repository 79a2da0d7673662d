import { NOTIFICATION_KINDS } from '../../../domain/notifications/preferences';
import { smsParts } from '../../../domain/notifications/sms-segments';
import {
  CATALOGS,
  LANGUAGES,
  render,
  renderDigest,
  resolveLanguage,
  type Language,
  type NoticeValues,
} from '../../../domain/notifications/templates';

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
  change: 'excused',
  category: 'absent',
  absentPeriods: 'P1, P3',
  tardyPeriods: 'P5',
  absentCount: 2,
  tardyCount: 1,
  excusedCount: 1,
  action: 'out-of-school-suspension',
  days: 3,
};
const disregard = { ...values, change: 'present' as const, category: 'present' as const };

describe('template catalog', () => {
  test.each(LANGUAGES)('every %s template renders with no placeholder left, and its SMS fits in one part', (language) => {
    for (const kind of [...NOTIFICATION_KINDS, 'digest' as const]) {
      const notice = render(kind, language, { ...values, count: 2, items: '- a\n- b' });
      expect(notice.language).toBe(language);
      for (const text of [notice.subject, notice.body, notice.sms]) {
        expect(text).not.toMatch(/[{}]/);
        expect(text.length).toBeGreaterThan(5);
      }
      expect(smsParts(notice.sms).parts).toBe(1);
    }
    expect(Object.keys(CATALOGS[language]).sort()).toEqual([...NOTIFICATION_KINDS, 'digest'].sort());
  });

  test('Spanish plurals and dates: one period, two periods, the day written out; the absence SMS stays in GSM-7', () => {
    expect(render('absence', 'es', values).body).toContain('faltó a 1 período (P1) el lunes, 30 de noviembre de 2026');
    expect(render('absence', 'es', { ...values, periodCount: 2, periods: 'P1, P2' }).body).toContain('2 períodos');
    const sms = render('absence', 'es', values).sms;
    expect(sms).toContain('30/11');
    expect(smsParts(sms).encoding).toBe('GSM-7');
  });

  test("a discipline action names its kind and school days in the family's language, and a detention has no days", () => {
    expect(render('disciplinaryAction', 'en', values).body).toContain(
      'recorded an out-of-school suspension starting Monday, November 30, 2026 (3 school days)',
    );
    expect(render('disciplinaryAction', 'es', values).body).toContain(
      'una suspensión fuera de la escuela a partir del lunes, 30 de noviembre de 2026 (3 días escolares)',
    );
    expect(render('disciplinaryAction', 'ru', { ...values, days: 2 }).body).toContain('(2 учебных дня)');
    const detention = render('disciplinaryAction', 'en', { ...values, action: 'detention', days: 0 }).body;
    expect(detention).toContain('recorded a detention starting Monday, November 30, 2026. ');
    // The SMS says an action was recorded, not which: a text message is read over shoulders.
    expect(render('disciplinaryAction', 'en', values).sms).not.toMatch(/suspension/);
  });

  test('English plurals and dates; an excused absence says so', () => {
    const notice = render('absence', 'en', { ...values, periodCount: 3, excused: true });
    expect(notice.subject).toBe('Ana was marked absent on Monday, November 30, 2026');
    expect(notice.body).toContain('absent (excused) for 3 periods');
    expect(render('absence', 'en', values).body).toContain('for 1 period (P1)');
    expect(render('absence', 'en', values).sms).toContain('11/30');
  });

  test('a correction is worded as one: now excused, late not absent, and "please disregard" for present', () => {
    expect(render('attendanceCorrected', 'en', values).subject).toBe("Correction: Ana's absence on Monday, November 30, 2026 is excused");
    expect(render('attendanceCorrected', 'en', values).body).toContain('is now excused');
    expect(render('attendanceCorrected', 'en', { ...values, change: 'tardy', category: 'tardy' }).subject).toBe(
      'Correction: Ana was late, not absent, on Monday, November 30, 2026',
    );
    const present = render('attendanceCorrected', 'en', disregard);
    expect(present.subject).toBe('Please disregard: Ana was present on Monday, November 30, 2026');
    expect(present.body).toContain('Please disregard our earlier notice');
    expect(present.subject).not.toContain('absent');
  });

  test("a day's summary lists its absences and late marks", () => {
    const summary = render('attendanceSummary', 'en', values);
    expect(summary.body).toContain('Absent: P1, P3\nLate: P5\n1 of them is excused.');
    // The SMS counts them: six periods listed would take a text with an accented name past one UCS-2 part.
    expect(summary.sms).toBe('Parkside High: Ana 11/30: absent 2, late 1.');
  });

  test('a corrected report-card mark says it was corrected', () => {
    expect(render('reportCardPosted', 'en', values).subject).toBe('Ana has a new mark in Algebra I');
    expect(render('reportCardPosted', 'en', { ...values, corrected: true }).subject).toBe("Ana's mark in Algebra I was corrected");
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

  test('a language falls back to its base language, a synonym of it, then English', () => {
    expect(resolveLanguage('es-MX')).toBe('es');
    expect(resolveLanguage('zh-Hant-TW')).toBe('zh');
    expect(resolveLanguage('fil')).toBe('tl');
    expect(resolveLanguage('pes')).toBe('fa');
    expect(resolveLanguage('hy-AM')).toBe('hy');
    expect(resolveLanguage('pt-BR')).toBe('en');
    expect(resolveLanguage(undefined)).toBe('en');
  });

  test('a message that cannot be rendered in the language is rendered in English rather than failing the notice', () => {
    const { change: _change, ...missing } = values;
    expect(() => render('attendanceCorrected', 'vi', missing)).toThrow();
    const fallback = render('absence', 'vi', values);
    expect(fallback.language).toBe('vi');
  });
});

/** Each of the district's ten languages: the absence, the correction to present, the summary, in its own words, script and plurals. */
const LANGUAGE_CASES: readonly [
  Language,
  { absence: RegExp; disregard: RegExp; summary: RegExp; plural: [number, RegExp]; encoding: 'GSM-7' | 'UCS-2' },
][] = [
  [
    'en',
    {
      absence: /^Ana was marked absent on Monday/,
      disregard: /^Please disregard/,
      summary: /Absent: P1, P3/,
      plural: [2, /2 periods/],
      encoding: 'GSM-7',
    },
  ],
  [
    'es',
    {
      absence: /^Ana tuvo una falta el lunes/,
      disregard: /^Ignore el aviso anterior/,
      summary: /Ausente: P1, P3/,
      plural: [2, /2 períodos/],
      encoding: 'GSM-7',
    },
  ],
  [
    'zh',
    {
      absence: /^Ana于2026年11月30日星期一被记为缺勤/,
      disregard: /^请忽略之前的通知/,
      summary: /缺勤：P1, P3/,
      plural: [2, /缺勤2节课/],
      encoding: 'UCS-2',
    },
  ],
  [
    'vi',
    {
      absence: /^Ana bị ghi vắng mặt ngày Thứ Hai/,
      disregard: /^Xin bỏ qua thông báo trước/,
      summary: /Vắng: P1, P3/,
      plural: [2, /vắng mặt 2 tiết/],
      encoding: 'UCS-2',
    },
  ],
  [
    'ko',
    {
      absence: /^Ana 학생이 2026년 11월 30일 월요일에 결석/,
      disregard: /^이전 알림을 무시해 주십시오/,
      summary: /결석: P1, P3/,
      plural: [2, /2개 교시/],
      encoding: 'UCS-2',
    },
  ],
  [
    'tl',
    {
      absence: /^Minarkahang liban si Ana noong Lunes, Nobyembre 30, 2026/,
      disregard: /^Pakibalewala/,
      summary: /Liban: P1, P3/,
      plural: [2, /2 na period/],
      encoding: 'GSM-7',
    },
  ],
  [
    'hy',
    {
      absence: /^Ana-ը նշվել է բացակա/,
      disregard: /^Խնդրում ենք անտեսել/,
      summary: /Բացակա՝ P1, P3/,
      plural: [2, /2 դասաժամից/],
      encoding: 'UCS-2',
    },
  ],
  [
    'ru',
    {
      absence: /^Пропуск занятий: Ana, понедельник, 30 ноября 2026/,
      disregard: /^Пожалуйста, не учитывайте/,
      summary: /Отсутствие: P1, P3/,
      plural: [5, /пропуск 5 уроков/],
      encoding: 'UCS-2',
    },
  ],
  [
    'ar',
    {
      absence: /^تم تسجيل غياب Ana يوم الاثنين/,
      disregard: /^يرجى تجاهل الإشعار السابق/,
      summary: /غياب: P1, P3/,
      plural: [2, /عن حصتين/],
      encoding: 'UCS-2',
    },
  ],
  [
    'fa',
    {
      absence: /^غیبت Ana در دوشنبه ۳۰ نوامبر ۲۰۲۶/,
      disregard: /^لطفاً پیام قبلی را نادیده بگیرید/,
      summary: /غیبت: P1, P3/,
      plural: [2, /۲ زنگ/],
      encoding: 'UCS-2',
    },
  ],
];

describe.each(LANGUAGE_CASES)('notices in %s', (language, expected) => {
  test('an absence, its plural, a "please disregard" and the day’s summary read in the language; the SMS is counted in its encoding', () => {
    expect(render('absence', language, values).subject).toMatch(expected.absence);
    expect(render('absence', language, { ...values, periodCount: expected.plural[0] }).body).toMatch(expected.plural[1]);
    expect(render('attendanceCorrected', language, disregard).subject).toMatch(expected.disregard);
    expect(render('attendanceSummary', language, values).body).toMatch(expected.summary);
    expect(smsParts(render('absence', language, values).sms).encoding).toBe(expected.encoding);
    // The correction to present never repeats the word the first notice used for the mark.
    expect(render('attendanceCorrected', language, disregard).subject).not.toBe(render('absence', language, values).subject);
  });
});
