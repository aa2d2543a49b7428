import { makeEnp } from '../../../shared/identifiers/enp.js';
import type { ValidationContext } from '../../../shared/hospitalization/submission.js';
import type { MedicalOrganization } from '../../../shared/reference/types.js';

export const FOR_DATE = '2026-11-19'; // Thursday; submitted on Friday 20.11 by 09:00
/** Friday 20.11 and the next 10 working days (weekends skipped; no holidays in the window). */
export const HORIZON = ['2026-11-20', '2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-30', '2026-12-01', '2026-12-02', '2026-12-03', '2026-12-04'];

const mo = (code: string, primaryCare: boolean, dayHospital: boolean, specializedInpatient: boolean): MedicalOrganization => ({
  code,
  region: code.slice(0, 2),
  name: `МО ${code}`,
  primaryCare,
  dayHospital,
  specializedInpatient,
});

/** Specialized inpatient care: bound by §263 and §264. */
export const HOSPITAL = mo('230101', false, true, true);
/** Day hospital only: §263 only. */
export const DAY_HOSPITAL = mo('230108', false, true, false);
/** Primary care only: §264 only. */
export const POLYCLINIC = mo('230136', true, false, false);
export const NONE = mo('230999', false, false, false);

const KNOWN_MOS = new Set([HOSPITAL.code, DAY_HOSPITAL.code, POLYCLINIC.code, '230143']);

export function ctxFor(m: MedicalOrganization): ValidationContext {
  return {
    mo: m,
    forDate: FOR_DATE,
    horizon: HORIZON,
    isBedProfile: (c) => ['19', '22', '51', '61'].includes(c),
    isReason: (c) => /^(0[1-9]|10)$/.test(c),
    isMo: (c) => KNOWN_MOS.has(c),
  };
}

export const ENP1 = makeEnp('23', '1960-07-01', 2, 1);
export const ENP2 = makeEnp('23', '1985-03-15', 1, 2);
export const ENP3 = makeEnp('77', '1999-12-31', 1, 3);

/** A complete §263 + §264 submission of HOSPITAL, every section filled. */
export function hospitalSubmission() {
  return {
    mo: HOSPITAL.code,
    forDate: FOR_DATE,
    freeBeds: [
      { profile: '19', date: '2026-11-20', free: 3, releaseDate: '2026-11-19' },
      { profile: '19', date: '2026-11-23', free: 5, releaseDate: '2026-11-23' },
      { profile: '61', date: '2026-11-20', free: 0 },
    ],
    hospitalized: [{ enp: ENP1, profile: '19', referringMo: POLYCLINIC.code, admissionDate: FOR_DATE, hmp: true }],
    emergency: [
      { enp: ENP2, profile: '61', admissionDate: FOR_DATE },
      { enp: ENP3, profile: '22', admissionDate: '2026-11-10', dischargeDate: FOR_DATE },
    ],
    notHospitalized: [{ enp: ENP3, profile: '19', plannedDate: FOR_DATE, reason: '01', referringMo: POLYCLINIC.code }],
    referredIn: [{ enp: ENP2, profile: '19', referringMo: '230143', hospitalizationDate: '2026-12-02' }],
    referralsIssued: [{ enp: ENP1, profile: '51', targetMo: DAY_HOSPITAL.code, hospitalizationDate: '2026-11-25', dischargeDate: '2026-12-05' }],
  };
}

/** A complete §264-only submission of POLYCLINIC. */
export function polyclinicSubmission() {
  return {
    mo: POLYCLINIC.code,
    forDate: FOR_DATE,
    referralsIssued: [
      { enp: ENP1, profile: '19', targetMo: HOSPITAL.code, hospitalizationDate: '2026-11-24' },
      { enp: ENP2, profile: '51', targetMo: DAY_HOSPITAL.code, hospitalizationDate: FOR_DATE, dischargeDate: '2026-11-30' },
    ],
  };
}

const DAY_MS = 86_400_000;
const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;

/**
 * HOSPITAL's complete submission moved to another reporting day: every date shifted by the same
 * number of days (so the rules between them still hold), the free beds put on `bedDays` (days of
 * that day's horizon, the first being today).
 */
export function submissionFor(forDate: string, bedDays: string[]) {
  const delta = Date.parse(forDate) - Date.parse(FOR_DATE);
  const shift = (v: unknown): unknown =>
    typeof v === 'string' && ISO_DAY.test(v) ? new Date(Date.parse(v) + delta).toISOString().slice(0, 10)
      : Array.isArray(v) ? v.map(shift)
        : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, shift(x)])) : v;
  const shifted = shift(hospitalSubmission()) as ReturnType<typeof hospitalSubmission>;
  return { ...shifted, freeBeds: bedDays.map((date, i) => ({ profile: '19', date, free: i + 1, releaseDate: date })) };
}
export const dayAfter = (iso: string) => new Date(Date.parse(iso) + DAY_MS).toISOString().slice(0, 10);
