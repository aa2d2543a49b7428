import type { MedicalOrganization } from '../reference/types.js';

/** A dated change of an MO's registry entry (from an accepted A-notification). */
export interface RegistryChange {
  effectiveFrom: string;
  /** true: included, false: excluded; absent: a change of data that leaves the MO in or out as it was. */
  included?: boolean;
  data: Partial<Pick<MedicalOrganization, 'name' | 'primaryCare' | 'dayHospital' | 'specializedInpatient'>>;
  docId: string;
  /** When the TFOMS accepted it; absent in versions written before it was recorded. */
  acceptedAt?: string;
}

/** A change of the region's registry, with the MO it is about. */
export interface MoChange extends RegistryChange {
  mo: string;
}

export interface RegistryEntry extends Partial<MedicalOrganization> {
  code: string;
  included: boolean;
  /** The notification the entry comes from; absent for the shipped reference data. */
  docId?: string;
  effectiveFrom?: string;
}

/** Same effective date: the one accepted later wins (then the document id, so the order is total). */
const byEffectiveDate = (a: RegistryChange, b: RegistryChange) =>
  a.effectiveFrom.localeCompare(b.effectiveFrom) || (a.acceptedAt ?? '').localeCompare(b.acceptedAt ?? '') || a.docId.localeCompare(b.docId);

/**
 * The MO's entry on `date`: the shipped reference data with every change effective by then
 * applied in date order (a change dated later is not yet in force).
 */
export function entryAt(code: string, base: MedicalOrganization | undefined, changes: RegistryChange[], date: string): RegistryEntry | undefined {
  let entry: RegistryEntry | undefined = base ? { ...base, included: true } : undefined;
  for (const change of changes.filter((c) => c.effectiveFrom <= date).sort(byEffectiveDate)) {
    const included = change.included ?? entry?.included ?? false;
    entry = { ...(entry ?? { code }), ...change.data, code, included, docId: change.docId, effectiveFrom: change.effectiveFrom };
  }
  return entry;
}

/** An entry that may be read as an MO: included, with its name and the three flags known. */
function inForce(entry: RegistryEntry | undefined, region: string): MedicalOrganization | undefined {
  if (!entry?.included || entry.name === undefined) return undefined;
  const { primaryCare, dayHospital, specializedInpatient } = entry;
  if (primaryCare === undefined || dayHospital === undefined || specializedInpatient === undefined) return undefined;
  return { code: entry.code, region, name: entry.name, primaryCare, dayHospital, specializedInpatient };
}

/**
 * One region's MO registry (DOMAIN.md §1, seed 003 (A)): the shipped `mo.csv` is its first version,
 * every accepted A-notification a dated change. Read as of a date — the MOs in force that day —
 * and, when `knownAt` is given, as known at that instant: a change accepted later is left out,
 * so the same question (a file's ФЛК re-run at load) gets the same answer.
 */
export class MoRegistry {
  private readonly base = new Map<string, MedicalOrganization>();
  private readonly changes = new Map<string, MoChange[]>();
  private readonly memo = new Map<string, ReadonlyMap<string, MedicalOrganization>>();

  constructor(
    readonly region: string,
    base: Iterable<MedicalOrganization>,
    changes: Iterable<MoChange>,
    knownAt?: string,
  ) {
    for (const mo of base) if (mo.region === region) this.base.set(mo.code, mo);
    for (const change of changes) {
      if (knownAt !== undefined && change.acceptedAt !== undefined && change.acceptedAt > knownAt) continue;
      const list = this.changes.get(change.mo) ?? [];
      list.push(change);
      this.changes.set(change.mo, list);
    }
  }

  /** The MO's entry on `date` (excluded ones too, with the notification that excluded them). */
  entryAt(code: string, date: string): RegistryEntry | undefined {
    return entryAt(code, this.base.get(code), this.changes.get(code) ?? [], date);
  }

  /** Every MO the registry knows of with its entry on `date` (excluded ones too), in code order. */
  entriesAt(date: string): RegistryEntry[] {
    const codes = [...new Set([...this.base.keys(), ...this.changes.keys()])].sort();
    return codes.map((code) => this.entryAt(code, date)).filter((e): e is RegistryEntry => e !== undefined);
  }

  /** The MOs in force on `date`, by code (computed once per date). */
  at(date: string): ReadonlyMap<string, MedicalOrganization> {
    let out = this.memo.get(date);
    if (!out) {
      const mos = new Map<string, MedicalOrganization>();
      for (const entry of this.entriesAt(date)) {
        const mo = inForce(entry, this.region);
        if (mo) mos.set(mo.code, mo);
      }
      this.memo.set(date, (out = mos));
    }
    return out;
  }
}

/**
 * An MO by code for checks of one region's data: the region's own codes from its registry in
 * force (`regionMos`), codes of other regions (F003: region code + 4 digits) from the shipped
 * reference data — only to tell «МО другого региона» from «нет в реестре».
 */
export function moLookup(region: string, regionMos: ReadonlyMap<string, MedicalOrganization>, shipped: ReadonlyMap<string, MedicalOrganization>) {
  return (code: string): MedicalOrganization | undefined => (code.startsWith(region) ? regionMos.get(code) : shipped.get(code));
}
