import type { Sex } from '../identifiers/enp.js';

/** Dates inside the system are ISO `YYYY-MM-DD`; files carry `DD.MM.YYYY` (DOMAIN.md §3). */
export type IsoDate = string;

/** One valid row of an insured-person export (DOMAIN.md §3.1), normalized. */
export interface InsuredPerson {
  enp: string;
  /** 11 digits, no separators. */
  snils?: string;
  fam: string;
  im: string;
  ot?: string;
  w: Sex;
  dr: IsoDate;
  phone?: string;
  /** Attachment MO (F003 MCOD, 6 digits). */
  mo: string;
  /** Insurance company (F002 SMOCOD, 5 digits). */
  smo: string;
  /** ICD-10 codes under dispensary observation, upper case, e.g. `I11.9`. */
  dsChronic: string[];
  lastVisit?: IsoDate;
  dDeath?: IsoDate;
}

/** One valid row of a COVID register extract (DOMAIN.md §3.2): identified by ЕНП or СНИЛС. */
export interface CovidCase {
  enp?: string;
  snils?: string;
  ds: 'U07.1' | 'U07.2';
  dateRecovery: IsoDate;
}

/**
 * `abonent`: a filled «абонентский пункт» returned by an MO (DOMAIN.md §3.5); `informing`: an SMO's informing results (DOMAIN.md §3.7);
 * `hospitalization`: an MO's daily planned-hospitalization submission (DOMAIN.md §4).
 */
export type FileKind = 'insured' | 'covid' | 'abonent' | 'informing' | 'hospitalization';

/** File status of DOMAIN.md §3; DUPLICATE = identical content already received (nothing loaded again). */
export type FileStatus = 'ACCEPTED' | 'PARTIAL' | 'REJECTED' | 'DUPLICATE';

/**
 * A dispensarization campaign (seed 000). Its schedule is data FOMS edits (shared/obligations/schedule.ts);
 * the batch dates below are read from the schedule in force (shared/services/campaigns.ts).
 */
export interface Campaign {
  id: string;
  name: string;
  /** The date groups are computed for (ages, the 60-day rule, the 2-year no-visit rule). */
  referenceDate: IsoDate;
  active: boolean;
  /** Stages 2–3 (seed 000): the examination window and each batch's dates; absent = not planned yet. */
  plan?: CampaignPlan;
}

/** Batches of stages 2 and 3: groups 1–2, then 3–4 (seed 000). */
export type BatchId = '12' | '34';

/** Dates of one batch, each a calendar day in the region's own zone (DOMAIN.md §6). */
export interface BatchSchedule {
  /** x.1: files are formed and delivered on this day. */
  formOn: IsoDate;
  /** x.2–x.3: MOs return filled files up to the end of this day. */
  returnBy: IsoDate;
  /** x.4: FOMS forms the registry by the end of this day. */
  registryBy: IsoDate;
  /** x.5: the TFOMS checks it (final lists) by the end of this day. */
  checkBy: IsoDate;
}

export interface CampaignPlan {
  /** Examination dates an MO may plan (inclusive). */
  examWindow: { from: IsoDate; to: IsoDate };
  /** The batches the campaign runs (a campaign created through the API may run one of them). */
  batches: Partial<Record<BatchId, BatchSchedule>>;
}
