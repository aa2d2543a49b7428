import { putClaim } from '../../adapters/store/conflicts.js';
import { markContested, personsByEnp, updateMarkedPerson, type StoredPerson } from '../../adapters/store/persons.js';
import { claimReason } from '../../domain/cross-region.js';
import type { InsuredPerson } from '../../domain/records.js';

export interface RefusedRow {
  person: InsuredPerson;
  line: number;
}

export interface ClaimOutcome {
  /** Rows of the holder's own region over a person with conflict marks: written by update. */
  loaded: number;
  /** Rows whose ЕНП another region holds: kept as claims, the person not taken. */
  claimed: number;
  /** Rows a newer file of the same region (or a FOMS decision made after the file) supersedes. */
  superseded: number;
  /** Regions holding the claimed persons: their lists change. */
  holders: string[];
}

/**
 * Rows the person store refused (shared/adapters/store/persons.ts putPerson): one BatchGet for all
 * of them tells a row superseded by its own region's newer file, or one over a person with
 * conflict marks (written by update), from one whose ЕНП another region holds. The latter becomes a claim (shared/domain/cross-region.ts); the person is marked so the
 * holder's recompute excludes them. Every write is idempotent: a redelivered chunk rewrites the
 * same claim and adds the same mark.
 */
export async function claimRefusedRows(
  file: { fileId: string; sender: string; receivedAt: string },
  src: string,
  refused: readonly RefusedRow[],
  shards: number,
  now = new Date().toISOString(),
): Promise<ClaimOutcome> {
  const outcome: ClaimOutcome = { loaded: 0, claimed: 0, superseded: 0, holders: [] };
  if (!refused.length) return outcome;
  const held = await personsByEnp(refused.map((r) => r.person.enp));
  const holders = new Set<string>();
  for (const { person, line } of refused) {
    const holder = held.get(person.enp);
    if (holder?.region === file.sender && holder.src <= src) {
      // Refused only for its conflict marks, which a put would erase.
      if (await updateMarkedPerson({ ...person, region: file.sender, src, srcLine: line }, shards)) outcome.loaded++;
      else outcome.superseded++;
      continue;
    }
    if (!holder || !isClaim(holder, file)) {
      outcome.superseded++;
      continue;
    }
    const claim = {
      enp: person.enp,
      claimant: file.sender,
      holder: holder.region,
      reason: claimReason(holder, person),
      row: person,
      src,
      srcLine: line,
      fileId: file.fileId,
      held: { mo: holder.mo, smo: holder.smo, src: holder.src, ...(holder.lastVisit ? { lastVisit: holder.lastVisit } : {}) },
    };
    if (await putClaim(claim, now)) await markContested(person.enp, file.sender);
    outcome.claimed++;
    holders.add(holder.region);
  }
  outcome.holders = [...holders].sort();
  return outcome;
}

/** Another region holds the person, and no FOMS decision was made after this file arrived. */
function isClaim(holder: StoredPerson, file: { sender: string; receivedAt: string }): boolean {
  return holder.region !== file.sender && !(holder.resolvedAt && file.receivedAt < holder.resolvedAt);
}
