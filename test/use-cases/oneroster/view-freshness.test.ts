import { served } from '../../../functions/use-cases/oneroster/sources';
import { seedHighSchool } from '../../support/seed';
import { useCaseServices, type UseCaseServices } from '../../support/use-cases';

/**
 * What a vendor paging through a collection reads: one view of the district, kept by the execution
 * environment for a few seconds (decision 0105), and read again as soon as that environment writes.
 */
describe('the OneRoster view an execution environment keeps', () => {
  let world: UseCaseServices;
  beforeAll(async () => {
    world = await useCaseServices('oneroster-view');
  });
  afterAll(() => world?.drop());

  const schoolNames = async () => ((await served(world.services, 'rostering')).objects.orgs ?? []).map((org) => org.name);

  test('is served again while nothing is written, and read afresh once this environment has written', async () => {
    await seedHighSchool(world.services, 'Lincoln High');
    const first = served(world.services, 'rostering');
    expect(served(world.services, 'rostering')).toBe(first); // the pages of one read come from the same view
    expect(await schoolNames()).toContain('Lincoln High');

    await seedHighSchool(world.services, 'Roosevelt High');

    expect(served(world.services, 'rostering')).not.toBe(first);
    expect(await schoolNames()).toEqual(expect.arrayContaining(['Lincoln High', 'Roosevelt High']));
  });
});
