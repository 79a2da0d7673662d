/**
 * What the synthetic district is made of (infra/ops/oneroster-seed.ts makes it): its year and
 * periods, the families' languages, the kinds of school, the courses and each section's gradebook
 * work, and where names come from.
 */

export const SEED_YEAR = '2026-2027';
export const PERIODS = ['P1', 'P2', 'P3', 'P4', 'P5', 'P6', 'P7'];
/** The families' languages and how often each is spoken at home. */
export const SEED_LANGUAGES: readonly { tag: string; weight: number }[] = [
  { tag: 'en', weight: 60 },
  { tag: 'es', weight: 25 },
  { tag: 'vi', weight: 5 },
  { tag: 'zh', weight: 4 },
  { tag: 'ar', weight: 3 },
  { tag: 'ko', weight: 3 },
];

/** Where the generator's names, places and chances come from (faker in the seed command; a fixed source in tests). */
export interface SeedNames {
  firstName(language: string, sex?: 'female' | 'male'): string;
  lastName(language: string): string;
  city(): string;
  street(): string;
  /** A two-letter state code. */
  state(): string;
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
}
export const SCHOOL_KINDS = [
  { type: 'elementary', label: 'Elementary', grades: ['KG', '01', '02', '03', '04', '05'] },
  { type: 'middle', label: 'Middle School', grades: ['06', '07', '08'] },
  { type: 'high', label: 'High School', grades: ['09', '10', '11', '12'] },
] as const;
export const COURSES = [
  { code: 'ENG', title: 'English Language Arts', subject: 'english' },
  { code: 'MATH', title: 'Mathematics', subject: 'math' },
  { code: 'SCI', title: 'Science', subject: 'science' },
  { code: 'SOC', title: 'Social Studies', subject: 'social-studies' },
  { code: 'ART', title: 'Visual Arts', subject: 'arts' },
  { code: 'PE', title: 'Physical Education', subject: 'pe-health' },
  { code: 'SPAN', title: 'Spanish', subject: 'world-languages' },
];

/** Each section's gradebook work (published, out of 100 points), dated before the seed's attendance weeks end. */
export const SEED_ASSIGNMENTS = [
  { title: 'Unit 1 homework', categoryId: 'homework', assignedDate: '2026-09-08', dueDate: '2026-09-15' },
  { title: 'Unit 1 test', categoryId: 'tests', assignedDate: '2026-09-25', dueDate: '2026-09-25' },
  { title: 'Unit 2 homework', categoryId: 'homework', assignedDate: '2026-10-13', dueDate: '2026-10-20' },
];

/** Students per seeded section, below the courses' capacity of 32. */
export const SEED_SECTION_SIZE = 30;
