/**
 * The template catalog: every notice a family can get, in every language the district writes
 * to, as ICU MessageFormat rendered by intl-messageformat (the FormatJS implementation of the
 * Unicode standard), so plurals and dates follow each language's CLDR rules ("1 period" /
 * "2 periods", "lunes, 30 de noviembre de 2026").
 *
 * To add a language: add its tag to LANGUAGES and a `Catalog` for it to CATALOGS (the type
 * makes the compiler demand every kind and the digest); test/unit/notifications/templates.test.ts
 * renders every template of every language, so a message that does not parse fails there.
 * Guardians whose language has no catalog get English (`resolveLanguage`).
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { NotificationKind } from './preferences';

export const LANGUAGES = ['en', 'es'] as const;
export type Language = (typeof LANGUAGES)[number];

/** One notice: an email subject and text, and a short SMS text. */
export interface Template {
  readonly subject: string;
  readonly body: string;
  readonly sms: string;
}

export type Catalog = Record<NotificationKind | 'digest', Template>;

/**
 * Values each kind's messages may use. Dates are ISO calendar dates (formatted as the family's
 * calendar day, not shifted by a time zone); `percent` is a percentage such as 61.38.
 */
export interface NoticeValues {
  readonly studentName: string;
  readonly schoolName?: string;
  readonly date?: string;
  readonly periodCount?: number;
  readonly periods?: string;
  readonly excused?: boolean;
  readonly courseTitle?: string;
  readonly percent?: number;
  readonly letter?: string;
  readonly assignmentTitle?: string;
  readonly dueDate?: string;
  readonly gradingPeriodName?: string;
  readonly gradeLevel?: string;
  readonly addedCount?: number;
  readonly droppedCount?: number;
  /** Digest only: how many notices and their texts, one per line. */
  readonly count?: number;
  readonly items?: string;
}

const EN: Catalog = {
  absence: {
    subject: '{studentName} was marked absent on {date, date, day}',
    body:
      '{studentName} was marked absent {excused, select, true {(excused) } other {}}for {periodCount, plural, one {# period} other {# periods}} ({periods}) on {date, date, day} at {schoolName}. ' +
      'If you did not expect this, please contact the school office.',
    sms: '{schoolName}: {studentName} absent {date, date, dm}, {periodCount, plural, one {# period} other {# periods}}.',
  },
  tardy: {
    subject: '{studentName} was late on {date, date, day}',
    body: '{studentName} arrived late to {periodCount, plural, one {# class} other {# classes}} ({periods}) on {date, date, day} at {schoolName}.',
    sms: '{schoolName}: {studentName} late {date, date, dm}, {periodCount, plural, one {# class} other {# classes}}.',
  },
  lowGrade: {
    subject: "{studentName}'s grade in {courseTitle} is {letter}",
    body: "{studentName}'s current grade in {courseTitle}{gradingPeriodName, select, none {} other { for {gradingPeriodName}}} is {percent, number, ::percent .##} ({letter}). Their teacher can suggest how to improve it.",
    sms: '{studentName}: {courseTitle} grade now {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: '{studentName} is missing an assignment in {courseTitle}',
    body: '"{assignmentTitle}" in {courseTitle}, due {dueDate, date, day}, is marked missing for {studentName}.',
    sms: '{studentName}: "{assignmentTitle}" ({courseTitle}) is missing.',
  },
  reportCardPosted: {
    subject: '{studentName} has a new mark in {courseTitle}',
    body: '{studentName} received {letter} in {courseTitle} for {gradingPeriodName}. See the report card in the parent portal.',
    sms: '{studentName}: {letter} in {courseTitle} ({gradingPeriodName}).',
  },
  enrollmentCompleted: {
    subject: '{studentName} is enrolled at {schoolName}',
    body: 'Welcome! {studentName} is enrolled in grade {gradeLevel} at {schoolName}, starting {date, date, day}.',
    sms: '{studentName} is enrolled at {schoolName} from {date, date, dm}.',
  },
  scheduleChanged: {
    subject: "{studentName}'s class schedule changed",
    body:
      "{studentName}'s schedule changed: {addedCount, plural, =0 {no class} one {# class} other {# classes}} added, " +
      '{droppedCount, plural, =0 {no class} one {# class} other {# classes}} dropped. See the new schedule in the parent portal.',
    sms: "{studentName}'s schedule changed (+{addedCount}/-{droppedCount}).",
  },
  digest: {
    subject: '{count, plural, one {# new notice} other {# new notices}} from school',
    body: 'You have {count, plural, one {# new notice} other {# new notices}}:\n{items}',
    sms: '{count, plural, one {# new school notice} other {# new school notices}}. See the parent portal.',
  },
};

const ES: Catalog = {
  absence: {
    subject: '{studentName} tuvo una falta el {date, date, day}',
    body:
      '{studentName} faltó a {periodCount, plural, one {# período} other {# períodos}} ({periods}) el {date, date, day} en {schoolName}{excused, select, true { (falta justificada)} other {}}. ' +
      'Si no lo esperaba, comuníquese con la oficina de la escuela.',
    sms: '{schoolName}: {studentName} ausente el {date, date, dm}, {periodCount, plural, one {# período} other {# períodos}}.',
  },
  tardy: {
    subject: '{studentName} llegó tarde el {date, date, day}',
    body: '{studentName} llegó tarde a {periodCount, plural, one {# clase} other {# clases}} ({periods}) el {date, date, day} en {schoolName}.',
    sms: '{schoolName}: {studentName} llegó tarde el {date, date, dm}, {periodCount, plural, one {# clase} other {# clases}}.',
  },
  lowGrade: {
    subject: 'La calificación de {studentName} en {courseTitle} es {letter}',
    body: 'La calificación actual de {studentName} en {courseTitle}{gradingPeriodName, select, none {} other { en {gradingPeriodName}}} es {percent, number, ::percent .##} ({letter}). Su maestro puede sugerir cómo mejorarla.',
    sms: '{studentName}: calificación en {courseTitle} ahora {percent, number, ::percent .##} ({letter}).',
  },
  missingAssignment: {
    subject: 'A {studentName} le falta una tarea en {courseTitle}',
    body: '"{assignmentTitle}" de {courseTitle}, con entrega el {dueDate, date, day}, figura como no entregada por {studentName}.',
    sms: '{studentName}: falta "{assignmentTitle}" ({courseTitle}).',
  },
  reportCardPosted: {
    subject: '{studentName} tiene una nueva nota en {courseTitle}',
    body: '{studentName} obtuvo {letter} en {courseTitle} en {gradingPeriodName}. Consulte la libreta de calificaciones en el portal de familias.',
    sms: '{studentName}: {letter} en {courseTitle} ({gradingPeriodName}).',
  },
  enrollmentCompleted: {
    subject: 'Inscripción completa: {studentName} en {schoolName}',
    body: '¡Bienvenidos! La inscripción de {studentName} en el grado {gradeLevel} de {schoolName} está completa; comienza el {date, date, day}.',
    sms: 'Inscripción completa: {studentName} en {schoolName} desde el {date, date, dm}.',
  },
  scheduleChanged: {
    subject: 'Cambió el horario de clases de {studentName}',
    body:
      'El horario de {studentName} cambió: {addedCount, plural, =0 {ninguna clase agregada} one {# clase agregada} other {# clases agregadas}}, ' +
      '{droppedCount, plural, =0 {ninguna clase retirada} one {# clase retirada} other {# clases retiradas}}. Consulte el nuevo horario en el portal de familias.',
    sms: 'Cambió el horario de {studentName} (+{addedCount}/-{droppedCount}).',
  },
  digest: {
    subject: '{count, plural, one {# aviso nuevo} other {# avisos nuevos}} de la escuela',
    body: 'Tiene {count, plural, one {# aviso nuevo} other {# avisos nuevos}}:\n{items}',
    sms: '{count, plural, one {# aviso nuevo} other {# avisos nuevos}} de la escuela. Consulte el portal de familias.',
  },
};

export const CATALOGS: Readonly<Record<Language, Catalog>> = { en: EN, es: ES };

/** The catalog language for a guardian's BCP 47 tag: the tag, its base language, or English. */
export function resolveLanguage(tag: string | undefined): Language {
  const lower = (tag ?? 'en').toLowerCase();
  const base = lower.split('-')[0];
  return (LANGUAGES as readonly string[]).includes(lower)
    ? (lower as Language)
    : (LANGUAGES as readonly string[]).includes(base ?? '')
      ? (base as Language)
      : 'en';
}

/** Calendar dates are days, not instants: formatted in UTC from noon UTC, they never move to the day before. */
const FORMATS = {
  date: {
    day: { weekday: 'long', year: 'numeric', month: 'long', day: 'numeric', timeZone: 'UTC' },
    dm: { month: 'numeric', day: 'numeric', timeZone: 'UTC' },
  },
} as const;

const compiled = new Map<string, IntlMessageFormat>();
function message(language: Language, kind: NotificationKind | 'digest', part: keyof Template): IntlMessageFormat {
  const id = `${language}|${kind}|${part}`;
  let format = compiled.get(id);
  if (!format) {
    format = new IntlMessageFormat(CATALOGS[language][kind][part], language, FORMATS);
    compiled.set(id, format);
  }
  return format;
}

const asDay = (date: string | undefined) => (date ? new Date(`${date}T12:00:00Z`) : undefined);

/** The values as the messages take them: dates as instants, percentages as fractions, flags as select keys. */
function messageValues(values: NoticeValues): Record<string, string | number | Date> {
  const out: Record<string, string | number | Date> = {};
  for (const [name, value] of Object.entries(values)) {
    if (value === undefined) continue;
    out[name] = typeof value === 'boolean' ? String(value) : (value as string | number);
  }
  for (const name of ['date', 'dueDate'] as const) {
    const day = asDay(values[name]);
    if (day) out[name] = day;
  }
  if (values.percent !== undefined) out.percent = values.percent / 100;
  out.excused = String(values.excused === true);
  return out;
}

export interface RenderedNotice {
  readonly language: Language;
  readonly subject: string;
  readonly body: string;
  readonly sms: string;
}

/** A notice of a kind in a language (one of LANGUAGES; see resolveLanguage). */
export function render(kind: NotificationKind | 'digest', language: Language, values: NoticeValues): RenderedNotice {
  const input = messageValues(values);
  const text = (part: keyof Template) => String(message(language, kind, part).format(input));
  return { language, subject: text('subject'), body: text('body'), sms: text('sms') };
}

/** One message gathering several notices (a daily digest, or what quiet hours held back). */
export function renderDigest(language: Language, notices: readonly { subject: string }[]): RenderedNotice {
  return render('digest', language, {
    studentName: '',
    count: notices.length,
    items: notices.map((notice) => `- ${notice.subject}`).join('\n'),
  });
}
