/**
 * The gradebook collections of the OneRoster 1.2 REST binding: categories (a section's gradebook
 * categories), lineItems (its assignments) and results (its scores).
 */
import { category, lineItem, result } from '../../../domain/oneroster/rest-gradebook';
import { pairId, parsePairId, parseResultId } from '../../../domain/oneroster/rest-model';
import type { Source } from '../../../domain/oneroster/rest-model';
import type { Section } from '../../../domain/scheduling/schemas';
import type { CollectionLoader, OneRosterObject, SingleLoader } from './rostering';
import type { RosterSources } from './sources';

async function categoriesOf(sources: RosterSources, sectionId: string): Promise<OneRosterObject[]> {
  const settings = await sources.gradebookSettings(sectionId);
  return settings ? settings.data.categories.map((entry) => category(settings, sectionId, entry)) : [];
}

async function lineItemsOf(sources: RosterSources, section: Source<Section>): Promise<OneRosterObject[]> {
  const assignments = await sources.assignmentsOf(section.id);
  return assignments.map((assignment) => lineItem(assignment, section.data.schoolYear, section.data.termCode));
}

async function resultsOf(sources: RosterSources, sectionId: string, assignmentId?: string): Promise<OneRosterObject[]> {
  return (await sources.scoresOf(sectionId, assignmentId)).map(result);
}

const perSection = async (sources: RosterSources, load: (section: Source<Section>) => Promise<OneRosterObject[]>) =>
  sources.each(await sources.allSections(), load);

const withClass = (
  sources: RosterSources,
  classSourcedId: string | undefined,
  then: (section: Source<Section>) => Promise<OneRosterObject[] | undefined>,
) => sources.section(classSourcedId ?? '').then((section) => (section ? then(section) : undefined));

export const GRADEBOOK_COLLECTIONS: Readonly<Record<string, CollectionLoader>> = {
  categories: (sources) => perSection(sources, (section) => categoriesOf(sources, section.id)),
  lineItems: (sources) => perSection(sources, (section) => lineItemsOf(sources, section)),
  results: (sources) => perSection(sources, (section) => resultsOf(sources, section.id)),
  classLineItems: (sources, { classSourcedId }) => withClass(sources, classSourcedId, (section) => lineItemsOf(sources, section)),
  classCategories: (sources, { classSourcedId }) => withClass(sources, classSourcedId, (section) => categoriesOf(sources, section.id)),
  classResults: (sources, { classSourcedId }) => withClass(sources, classSourcedId, (section) => resultsOf(sources, section.id)),
  classLineItemResults: (sources, { classSourcedId, lineItemSourcedId }) =>
    withClass(sources, classSourcedId, async (section) => {
      const pair = parsePairId(lineItemSourcedId ?? '');
      if (!pair || pair[0] !== section.id || !(await sources.assignment(section.id, pair[1]))) return undefined;
      return resultsOf(sources, section.id, pair[1]);
    }),
  classStudentResults: (sources, { classSourcedId, studentSourcedId }) =>
    withClass(sources, classSourcedId, async (section) => {
      const student = await sources.student(studentSourcedId ?? '');
      if (!student) return undefined;
      return (await sources.scoresOfStudentIn(student.id, section.id)).map(result);
    }),
};

export const GRADEBOOK_SINGLES: Readonly<Record<string, SingleLoader>> = {
  category: async (sources, sourcedId) => {
    const pair = parsePairId(sourcedId);
    if (!pair) return undefined;
    return (await categoriesOf(sources, pair[0])).find((entry) => entry.sourcedId === sourcedId);
  },
  lineItem: async (sources, sourcedId) => {
    const pair = parsePairId(sourcedId);
    if (!pair) return undefined;
    const [section, assignment] = await Promise.all([sources.section(pair[0]), sources.assignment(pair[0], pair[1])]);
    return section && assignment ? lineItem(assignment, section.data.schoolYear, section.data.termCode) : undefined;
  },
  result: async (sources, sourcedId) => {
    const parts = parseResultId(sourcedId);
    if (!parts) return undefined;
    const score = await sources.score(...parts);
    return score ? result(score) : undefined;
  },
};

export { pairId };
