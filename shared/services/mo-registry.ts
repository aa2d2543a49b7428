import { regionRegistryVersions, type RegistryVersion } from '../adapters/store/documents.js';
import { localDate, MOSCOW } from '../domain/time.js';
import { MoRegistry } from '../domain/mo-registry.js';
import { loadReferenceData } from '../reference/load.js';
import type { MedicalOrganization } from '../reference/types.js';

/**
 * The one MO registry every service reads (ФЛК, forming, obligations, hospitalization): the
 * shipped `mo.csv` (its first version) with the A-notifications the TFOMS accepted, each in force
 * from its effective date. A region's versions are read in one query and kept per container for
 * OMS_MO_REGISTRY_CACHE_MS (default 60 s), like the production calendar: a notification accepted
 * elsewhere takes effect here within that; the accepting container forgets its copy at once.
 */
const cacheMs = (): number => Number(process.env.OMS_MO_REGISTRY_CACHE_MS ?? '60000');

const cache = new Map<string, { at: number; versions: Promise<RegistryVersion[]> }>();

/** The region's versions, read again when the copy is older than the cache time or than `notBefore`. */
function versionsOf(region: string, notBefore?: number): Promise<RegistryVersion[]> {
  const now = Date.now();
  const hit = cache.get(region);
  if (hit && now - hit.at < cacheMs() && (notBefore === undefined || hit.at >= notBefore)) return hit.versions;
  const pending = regionRegistryVersions(region);
  cache.set(region, { at: now, versions: pending });
  // A failed read is not kept: the next call tries again.
  pending.catch(() => {
    if (cache.get(region)?.versions === pending) cache.delete(region);
  });
  return pending;
}

/**
 * A region's registry. With `knownAt` (an instant in the past, e.g. a file's receipt) it is the
 * registry as known then — read fresh if this container's copy is older — so a file's ФЛК and its
 * re-validation at load see the same registry.
 */
export async function moRegistryOf(region: string, knownAt?: string): Promise<MoRegistry> {
  const versions = await versionsOf(region, knownAt === undefined ? undefined : Date.parse(knownAt));
  return new MoRegistry(region, loadReferenceData().mos.values(), versions, knownAt);
}

/** The MOs of a region in force on `date`. */
export async function mosInForce(region: string, date: string): Promise<ReadonlyMap<string, MedicalOrganization>> {
  return (await moRegistryOf(region)).at(date);
}

/** Today on the region's clock (a region not in the reference data: Moscow). */
export function regionToday(region: string, now: Date = new Date()): string {
  return localDate(now, loadReferenceData().regions.get(region)?.timeZone ?? MOSCOW);
}

/** Drops this container's copy (after an accept here, so the next read sees it at once). */
export function forgetMoRegistry(region?: string): void {
  if (region === undefined) cache.clear();
  else cache.delete(region);
}
