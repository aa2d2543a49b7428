/** Reference data (НСИ) shipped as versioned files under shared/reference/data/ (DOMAIN.md §1). */
export interface Region {
  /** Two digits, conventional subject number (F010 KOD_TF). */
  code: string;
  name: string;
  /** IANA time zone (DOMAIN.md §10). */
  timeZone: string;
}

export interface MedicalOrganization {
  /** F003 MCOD: region code + 4 digits. */
  code: string;
  region: string;
  name: string;
  primaryCare: boolean;
  dayHospital: boolean;
  specializedInpatient: boolean;
}

export interface InsuranceCompany {
  /** F002 SMOCOD: region code + 3 digits. */
  code: string;
  region: string;
  name: string;
}

/** A bed profile (профиль койки, V020-like): code and name (DOMAIN.md §1, §4). */
export interface BedProfile {
  code: string;
  name: string;
}

/** Why a planned hospitalization did not happen (DOMAIN.md §4 (d)). */
export interface HospitalizationReason {
  code: string;
  name: string;
}

export interface ReferenceData {
  version: string;
  regions: ReadonlyMap<string, Region>;
  mos: ReadonlyMap<string, MedicalOrganization>;
  smos: ReadonlyMap<string, InsuranceCompany>;
  /** Bed profiles of the planned-hospitalization resource, by code, in file order. */
  bedProfiles: ReadonlyMap<string, BedProfile>;
  /** Reasons a planned hospitalization did not happen, by code. */
  hospitalizationReasons: ReadonlyMap<string, HospitalizationReason>;
  /** Whether an ICD-10 code counts as a chronic non-communicable disease for group 1 (order 698н). */
  isChronicDisease(icd10: string): boolean;
  /**
   * Whether an ICD-10 code is a chronic non-communicable disease for which dispensary observation is
   * established (dispensary-icd10.csv): seed 002, Мероприятие 4's denominator.
   */
  isDispensaryDisease(icd10: string): boolean;
  /** Whether a string is a well-formed ICD-10 code (letter, two digits, optional .digit(s)). */
  isIcd10(code: string): boolean;
}
