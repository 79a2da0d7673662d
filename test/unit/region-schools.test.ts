import { keys } from '../../domain/keys';
import { decide } from '../../domain/policy';
import type { Principal } from '../../domain/principal';
import { schoolType } from '../../domain/records/record-types';
import { SchoolSchema } from '../../domain/schemas/school';
import { principalFromClaims } from '../../functions/http/claims';
import { TtlCache } from '../../functions/platform/ttl-cache';
import { RegionSchools } from '../../functions/use-cases/region-schools';

const MINUTE = 60_000;

/** A region listing in memory, counting the look-ups the cache lets through. */
function fakeListing(initial: Record<string, string[]>) {
  const regions = new Map(Object.entries(initial));
  const loads: string[] = [];
  return {
    regions,
    loads,
    load: async (regionId: string) => {
      loads.push(regionId);
      return [...(regions.get(regionId) ?? [])];
    },
  };
}

function clock(start = 1_000_000) {
  let now = start;
  return { now: () => now, advance: (ms: number) => (now += ms) };
}

const staff = (regionIds: string[], schoolIds: string[] = []): Principal => ({
  sub: 'regional-admin',
  roles: ['school_admin'],
  schoolIds,
  regionIds,
});

describe('custom:regionIds in the token', () => {
  it('is read comma- or space-separated, as custom:schoolIds is, and ids that name no region are dropped', () => {
    const principal = principalFromClaims({
      sub: 'u1',
      'cognito:groups': '[school_admin]',
      'custom:schoolIds': 'S1',
      'custom:regionIds': 'north, south east  bad!id',
    });
    expect(principal).toEqual(expect.objectContaining({ schoolIds: ['S1'], regionIds: ['north', 'south', 'east'] }));
  });

  it('is absent from a principal whose token names no region', () => {
    const principal = principalFromClaims({ sub: 'u1', 'cognito:groups': '[teacher]', 'custom:schoolIds': 'S1' });
    expect(principal).not.toHaveProperty('regionIds');
  });
});

describe('a school and its region', () => {
  const school = {
    name: 'Lincoln Elementary School',
    code: 'IL-150-0417',
    type: 'elementary',
    gradeLevels: ['KG', '01'],
    address: { line1: '300 N 2nd Street', city: 'Springfield', state: 'IL', postalCode: '62702' },
  };

  it('accepts a short region code and refuses anything else, naming the field', () => {
    expect(SchoolSchema.parse({ ...school, regionId: 'north-7' }).regionId).toBe('north-7');
    const refused = SchoolSchema.safeParse({ ...school, regionId: 'north 7' });
    expect(refused.success).toBe(false);
    expect(refused.error?.issues.map((issue) => issue.path.join('.'))).toEqual(['regionId']);
  });

  it("is listed in its region's partition, and in none when it has no region", () => {
    const withRegion = SchoolSchema.parse({ ...school, regionId: 'north' });
    expect(schoolType.projections(withRegion, { schoolId: 'S1' })).toEqual([keys.schoolOfRegion('north', 'S1')]);
    expect(keys.schoolOfRegion('north', 'S1').pk).toBe(keys.schoolsOfRegion('north').pk);
    expect(keys.schoolOfRegion('north', 'S1').sk.startsWith(keys.schoolsOfRegion('north').skPrefix)).toBe(true);
    expect(schoolType.projections(SchoolSchema.parse(school), { schoolId: 'S1' })).toEqual([]);
  });
});

describe('RegionSchools', () => {
  it("adds the schools of the caller's regions to the schools the token names, each once", async () => {
    const listing = fakeListing({ north: ['S1', 'S2'], south: ['S2', 'S3'] });
    const regions = new RegionSchools(listing.load, { ttlMs: 5 * MINUTE, maxEntries: 10, now: clock().now });
    const expanded = await regions.expand(staff(['north', 'south'], ['S9', 'S1']));
    expect([...expanded.schoolIds].sort()).toEqual(['S1', 'S2', 'S3', 'S9']);
    expect(expanded.regionIds).toEqual(['north', 'south']);
  });

  it('lets the pure policy see the region as schools: a student of a school in the region yes, outside it no', async () => {
    const regions = new RegionSchools(fakeListing({ north: ['S1'] }).load, { ttlMs: 5 * MINUTE, maxEntries: 10, now: clock().now });
    const principal = await regions.expand(staff(['north']));
    expect(decide(principal, 'read', 'student', { schoolIds: ['S1'] })).toBe(true);
    expect(decide(principal, 'read', 'student', { schoolIds: ['S2'] })).toBe(false);
    // Before the expansion, the region alone opens nothing: the policy reads school ids only.
    expect(decide(staff(['north']), 'read', 'student', { schoolIds: ['S1'] })).toBe(false);
  });

  it('leaves a principal without regions as it is, and reads nothing', async () => {
    const listing = fakeListing({});
    const regions = new RegionSchools(listing.load, { ttlMs: 5 * MINUTE, maxEntries: 10, now: clock().now });
    const principal: Principal = { sub: 't', roles: ['teacher'], schoolIds: ['S1'] };
    expect(await regions.expand(principal)).toBe(principal);
    expect(listing.loads).toEqual([]);
  });

  it('reads a region once per TTL, and sees a school moved to another region after the TTL', async () => {
    const listing = fakeListing({ north: ['S1', 'S2'], south: ['S3'] });
    const time = clock();
    const regions = new RegionSchools(listing.load, { ttlMs: 5 * MINUTE, maxEntries: 10, now: time.now });
    expect(await regions.schoolIdsOf(['north'])).toEqual(['S1', 'S2']);
    listing.regions.set('north', ['S1']);
    listing.regions.set('south', ['S3', 'S2']);
    time.advance(5 * MINUTE - 1);
    expect(await regions.schoolIdsOf(['north'])).toEqual(['S1', 'S2']);
    expect(listing.loads).toEqual(['north']);
    time.advance(1);
    expect(await regions.schoolIdsOf(['north'])).toEqual(['S1']);
    expect(listing.loads).toEqual(['north', 'north']);
  });

  it('loads a region once for a burst of requests that arrive while it loads', async () => {
    const listing = fakeListing({ north: ['S1'] });
    const regions = new RegionSchools(listing.load, { ttlMs: 5 * MINUTE, maxEntries: 10, now: clock().now });
    const answers = await Promise.all(Array.from({ length: 20 }, () => regions.schoolIdsOf(['north'])));
    expect(answers.every((schools) => schools.join() === 'S1')).toBe(true);
    expect(listing.loads).toEqual(['north']);
  });

  it('forgets a failed look-up, so the next request reads the region again', async () => {
    let fail = true;
    const regions = new RegionSchools(
      async () => {
        if (fail) throw new Error('throttled');
        return ['S1'];
      },
      { ttlMs: 5 * MINUTE, maxEntries: 10, now: clock().now },
    );
    await expect(regions.schoolIdsOf(['north'])).rejects.toThrow('throttled');
    fail = false;
    expect(await regions.schoolIdsOf(['north'])).toEqual(['S1']);
  });
});

describe('TtlCache', () => {
  it('keeps at most maxEntries, dropping the one loaded longest ago', async () => {
    const time = clock();
    const cache = new TtlCache<number>({ ttlMs: MINUTE, maxEntries: 2, now: time.now });
    let loads = 0;
    const load = (value: number) => async () => {
      loads += 1;
      return value;
    };
    await cache.get('a', load(1));
    await cache.get('b', load(2));
    await cache.get('c', load(3));
    expect(cache.size).toBe(2);
    expect(await cache.get('b', load(20))).toBe(2);
    expect(await cache.get('c', load(30))).toBe(3);
    expect(await cache.get('a', load(10))).toBe(10);
    expect(loads).toBe(4);
  });
});
