import type { MedicalOrganization } from '../reference/types.js';

/** A dated change of an MO's registry entry (from an accepted A-notification). */
export interface RegistryChange {
  effectiveFrom: string;
  included: boolean;
  data: Partial<Pick<MedicalOrganization, 'name' | 'primaryCare' | 'dayHospital' | 'specializedInpatient'>>;
  docId: string;
}

export interface RegistryEntry extends Partial<MedicalOrganization> {
  code: string;
  included: boolean;
  /** The notification the entry comes from; absent for the shipped reference data. */
  docId?: string;
  effectiveFrom?: string;
}

/**
 * The MO's entry on `date`: the shipped reference data with every change effective by then
 * applied in date order (a change dated later is not yet in force).
 */
export function entryAt(code: string, base: MedicalOrganization | undefined, changes: RegistryChange[], date: string): RegistryEntry | undefined {
  let entry: RegistryEntry | undefined = base ? { ...base, included: true } : undefined;
  for (const change of [...changes].filter((c) => c.effectiveFrom <= date).sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom))) {
    entry = { ...(entry ?? { code }), ...change.data, code, included: change.included, docId: change.docId, effectiveFrom: change.effectiveFrom };
  }
  return entry;
}
