import type { Principal } from '../../domain/principal';
import { ENV } from '../names';
import { getDocumentClient } from '../platform/aws-clients';
import { requireEnv } from '../platform/config';
import { TtlCache, type TtlCacheSettings } from '../platform/ttl-cache';
import { schoolIdsOfRegion } from '../repositories/region-listing';

/**
 * How long an execution environment keeps a region's schools, and how many regions it keeps
 * (decision 0087). A school moved to another region is seen within `ttlMs`. `now` is the clock
 * the entries age by: the local runtime lets a test replace it (never `npm start`).
 */
export const regionCacheSettings: { ttlMs: number; maxEntries: number; now: () => number } = {
  ttlMs: 5 * 60_000,
  maxEntries: 500,
  now: () => Date.now(),
};

/** A region's school ids, from its listing (one Query on the region's partition). */
export type RegionLoader = (regionId: string) => Promise<string[]>;

/**
 * Resolves the regions a staff member's token names to the schools in them, through a cache per
 * execution environment: the policy's adapter calls it before the policy is asked, so the policy
 * (domain/policy.ts) stays pure and sees school ids only.
 */
export class RegionSchools {
  private readonly cache: TtlCache<string[]>;

  constructor(
    private readonly load: RegionLoader,
    settings: TtlCacheSettings = regionCacheSettings,
  ) {
    this.cache = new TtlCache(settings);
  }

  /** The schools of these regions, each once. */
  async schoolIdsOf(regionIds: readonly string[]): Promise<string[]> {
    const lists = await Promise.all([...new Set(regionIds)].map((regionId) => this.cache.get(regionId, () => this.load(regionId))));
    return [...new Set(lists.flat())];
  }

  /** The principal with its regions' schools added to the schools its token names. */
  async expand(principal: Principal): Promise<Principal> {
    if (!principal.regionIds || principal.regionIds.length === 0) return principal;
    const regional = await this.schoolIdsOf(principal.regionIds);
    return { ...principal, schoolIds: [...new Set([...principal.schoolIds, ...regional])] };
  }

  /** Forgets every region (the local runtime, when a test starts over). */
  clear(): void {
    this.cache.clear();
  }
}

let current: { readonly tableName: string; readonly schools: RegionSchools } | undefined;

/**
 * The execution environment's one RegionSchools, over the function's table (TABLE_NAME). Built on
 * first use, so functions whose callers never carry a region (health, docs) never read the table;
 * built again only if the table changes (a local runtime started again in the same process).
 */
export function getRegionSchools(): RegionSchools {
  const tableName = requireEnv(ENV.table);
  if (current?.tableName !== tableName) {
    const client = getDocumentClient();
    current = { tableName, schools: new RegionSchools((regionId) => schoolIdsOfRegion(client, tableName, regionId)) };
  }
  return current.schools;
}
