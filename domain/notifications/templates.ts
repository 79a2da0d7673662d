/**
 * The template catalog: every notice a family can get, in every language the district writes
 * to, as ICU MessageFormat rendered by intl-messageformat (the FormatJS implementation of the
 * Unicode standard), so plurals and dates follow each language's CLDR rules ("1 period" /
 * "2 periods", "lunes, 30 de noviembre de 2026", Russian's few/many, Arabic's two/few/many).
 *
 * To add a language: add its tag to LANGUAGES and a `Catalog` for it under catalogs/ (the type
 * makes the compiler demand every kind and the digest); test/unit/notifications/templates.test.ts
 * renders every template of every language, so a message that does not parse fails there.
 * Guardians whose language has no catalog get English (`resolveLanguage`), and a message that
 * cannot be rendered in a language falls back to English rather than failing the notice.
 */
import { IntlMessageFormat } from 'intl-messageformat';
import type { Catalog, Template } from './catalog-types';
import { AR } from './catalogs/ar';
import { EN } from './catalogs/en';
import { ES } from './catalogs/es';
import { FA } from './catalogs/fa';
import { HY } from './catalogs/hy';
import { KO } from './catalogs/ko';
import { RU } from './catalogs/ru';
import { TL } from './catalogs/tl';
import { VI } from './catalogs/vi';
import { ZH } from './catalogs/zh';
import type { NotificationKind } from './preferences';

export type { Catalog, Template } from './catalog-types';

/** The district's ten languages: English, Spanish, Chinese, Vietnamese, Korean, Tagalog, Armenian, Russian, Arabic, Farsi. */
export const LANGUAGES = ['en', 'es', 'zh', 'vi', 'ko', 'tl', 'hy', 'ru', 'ar', 'fa'] as const;
export type Language = (typeof LANGUAGES)[number];

/** Tags that name a catalog's language another way (ISO 639 synonyms and macrolanguages). */
const ALIASES: Readonly<Record<string, Language>> = { fil: 'tl', pes: 'fa', prs: 'fa', cmn: 'zh', yue: 'zh' };

/**
 * The locale a language's dates and numbers are formatted in: Farsi's default calendar is the
 * Solar Hijri one, but a school's dates are Gregorian.
 */
const FORMAT_LOCALE: Readonly<Record<Language, string>> = {
  en: 'en',
  es: 'es',
  zh: 'zh',
  vi: 'vi',
  ko: 'ko',
  tl: 'fil',
  hy: 'hy',
  ru: 'ru',
  ar: 'ar',
  fa: 'fa-u-ca-gregory',
};

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
  /** A correction: what changed (present, excused, unexcused, absent or tardy), and the mark's category now. */
  readonly change?: 'present' | 'excused' | 'unexcused' | 'absent' | 'tardy';
  readonly category?: 'present' | 'tardy' | 'absent';
  /** A day's summary: the periods absent and late ("-" when none), how many of each, and how many marks are excused. */
  readonly absentPeriods?: string;
  readonly tardyPeriods?: string;
  readonly absentCount?: number;
  readonly tardyCount?: number;
  readonly excusedCount?: number;
  readonly courseTitle?: string;
  readonly percent?: number;
  readonly letter?: string;
  /** A report-card mark changed after it was posted. */
  readonly corrected?: boolean;
  readonly assignmentTitle?: string;
  readonly dueDate?: string;
  readonly gradingPeriodName?: string;
  readonly gradeLevel?: string;
  readonly addedCount?: number;
  readonly droppedCount?: number;
  /** A discipline action (domain/behavior/schemas.ts DISCIPLINE_ACTIONS), from `date`, and its school days out of class (0: none). */
  readonly action?: string;
  readonly days?: number;
  /** Digest only: how many notices and their texts, one per line. */
  readonly count?: number;
  readonly items?: string;
}

export const CATALOGS: Readonly<Record<Language, Catalog>> = {
  en: EN,
  es: ES,
  zh: ZH,
  vi: VI,
  ko: KO,
  tl: TL,
  hy: HY,
  ru: RU,
  ar: AR,
  fa: FA,
};

const isLanguage = (tag: string): tag is Language => (LANGUAGES as readonly string[]).includes(tag);

/** The catalog language for a guardian's BCP 47 tag: the tag, its base language (or a synonym of it), or English. */
export function resolveLanguage(tag: string | undefined): Language {
  const lower = (tag ?? 'en').toLowerCase();
  const base = lower.split(/[-_]/)[0] ?? '';
  if (isLanguage(lower)) return lower;
  if (isLanguage(base)) return base;
  return ALIASES[base] ?? 'en';
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
    format = new IntlMessageFormat(CATALOGS[language][kind][part], FORMAT_LOCALE[language], FORMATS);
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
  out.days = values.days ?? 0;
  // ICU selectors cannot hold a dash: a message selects on `inSchoolSuspension`, not `in-school-suspension`.
  if (values.action) out.action = values.action.replace(/-([a-z])/g, (_, letter: string) => letter.toUpperCase());
  out.corrected = String(values.corrected === true);
  return out;
}

export interface RenderedNotice {
  readonly language: Language;
  readonly subject: string;
  readonly body: string;
  readonly sms: string;
}

/**
 * A notice of a kind in a language (one of LANGUAGES; see resolveLanguage). A message that cannot
 * be rendered in the language (a value it needs is missing) is rendered in English instead.
 */
export function render(kind: NotificationKind | 'digest', language: Language, values: NoticeValues): RenderedNotice {
  const input = messageValues(values);
  const text = (as: Language, part: keyof Template) => String(message(as, kind, part).format(input));
  try {
    return { language, subject: text(language, 'subject'), body: text(language, 'body'), sms: text(language, 'sms') };
  } catch (error) {
    if (language === 'en') throw error;
    return { language: 'en', subject: text('en', 'subject'), body: text('en', 'body'), sms: text('en', 'sms') };
  }
}

/** One message gathering several notices (a daily digest, or what quiet hours held back). */
export function renderDigest(language: Language, notices: readonly { subject: string }[]): RenderedNotice {
  return render('digest', language, {
    studentName: '',
    count: notices.length,
    items: notices.map((notice) => `- ${notice.subject}`).join('\n'),
  });
}
