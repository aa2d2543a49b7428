import type { InsuredPerson, IsoDate } from './records.js';
import { ruDate, type GroupDecision } from './groups.js';

/**
 * Persons in two regions (issue 12 item 7). An ЕНП is national and for life, so one person is in
 * one region's lists. The rule (shared/ingest/README.md «Persons in two regions»; DOMAIN.md §2, step 1.6: those
 * left out and why — … moved … duplicate):
 * - The region that loaded the ЕНП first **holds** the person. A valid row of another region's
 *   export with that ЕНП never takes the person: it is kept as that region's **claim** in a
 *   cross-region conflict, one per ЕНП and claiming region, which both TFOMS and FOMS see.
 * - While a claim is open the person is excluded from the holder's lists, and is in no list of
 *   the claimant: no region invites a person whose region is in doubt.
 * - The export carries no insurance dates (DOMAIN.md §3.1), and a row's MO and SMO are always of the
 *   sending region (R013, R015), so the one dated fact that can tell a move is `LAST_VISIT`: the
 *   claim is **MOVED** when the claimant's last visit is later than the holder's (or the holder has
 *   none) — the person's latest care is recorded in the new region; otherwise **DUPLICATE** (both
 *   regions list the person, nothing shows which is current).
 * - FOMS resolves a conflict for one of the two regions: for the claimant, the claimed row becomes
 *   the person (region, MO, SMO, data of the claimant's export); for the holder, the claim is
 *   dropped. A file received before the resolution never reopens it (redelivery); a later export
 *   of the losing region that still lists the person opens a new claim.
 */
export type ConflictReason = 'DUPLICATE' | 'MOVED';

export interface Claim {
  enp: string;
  /** Region whose export carries the ЕНП held by another region. */
  claimant: string;
  /** Region holding the person when the claim was made. */
  holder: string;
  reason: ConflictReason;
  /** The claimant's row as loaded would have stored it. */
  row: InsuredPerson;
  /** `<receivedAt>#<fileId>` of the claimant's file, and its line. */
  src: string;
  srcLine: number;
  fileId: string;
  /** The holder's record the reason was judged against. */
  held: Pick<InsuredPerson, 'mo' | 'smo' | 'lastVisit'> & { src: string };
}

export function claimReason(held: Pick<InsuredPerson, 'lastVisit'>, claimed: Pick<InsuredPerson, 'lastVisit'>): ConflictReason {
  if (!claimed.lastVisit) return 'DUPLICATE';
  return !held.lastVisit || claimed.lastVisit > held.lastVisit ? 'MOVED' : 'DUPLICATE';
}

const visit = (date: IsoDate | undefined) => (date ? `последнее обращение ${ruDate(date)}` : 'обращений нет');

/** The holder's exclusion while the claim is open, with the reason in Russian. */
export function conflictDecision(claim: Pick<Claim, 'claimant' | 'holder' | 'reason' | 'row' | 'held'>): GroupDecision {
  const both = `регион ${claim.claimant} (МО ${claim.row.mo}, СМО ${claim.row.smo}, ${visit(claim.row.lastVisit)}); в регионе ${claim.holder}: ${visit(claim.held.lastVisit)}`;
  const why =
    claim.reason === 'MOVED'
      ? `ЕНП есть и в выгрузке другого субъекта с более поздним обращением — сменил место страхования: ${both}`
      : `ЕНП есть и в выгрузке другого субъекта — дублирующая запись: ${both}`;
  return { eligible: false, exclusion: claim.reason, reason: `${why}. До решения ФОМС лицо не включается в списки ни одного из регионов` };
}

/** The open claim that decides the exclusion when several regions claim one person: the lowest region code. */
export function decidingClaim<T extends Pick<Claim, 'claimant'>>(claims: readonly T[]): T | undefined {
  return [...claims].sort((a, b) => a.claimant.localeCompare(b.claimant))[0];
}
