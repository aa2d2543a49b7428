import type { MoRegistry } from '../domain/mo-registry.js';
import { ruOfIso } from '../flk/fields.js';
import { isObligated } from '../hospitalization/submission.js';
import type { Fact, Obligation } from './model.js';

/**
 * A daily hospitalization duty whose MO is not bound on its day — excluded from the registry by
 * then, or no longer providing the care §263/§264 ask about — does not apply: the fact that says
 * so (the duty is cancelled, no violation). Undefined for every other duty.
 */
export function dutyOutsideRegistry(ob: Obligation, registry: MoRegistry): Fact | undefined {
  if (ob.kind === 'campaign-step' && ob.party.type === 'MO') return campaignStepOfExcludedMo(ob, registry);
  if (ob.kind !== 'daily-hospitalization' || !ob.forDate) return undefined;
  const code = ob.party.code;
  const mo = registry.at(ob.forDate).get(code);
  if (mo && isObligated(mo)) return undefined;
  const entry = registry.entryAt(code, ob.forDate);
  const day = ruOfIso(ob.forDate);
  const since = entry?.effectiveFrom ? ` с ${ruOfIso(entry.effectiveFrom)} (уведомление ${entry.docId})` : '';
  const evidence = mo
    ? `на ${day} МО ${code} не оказывает помощь, о которой представляются сведения (п. 263–264 Правил ОМС)${since}`
    : `на ${day} МО ${code} не в реестре медицинских организаций${entry ? `: исключена${since}` : ''}`;
  return { status: 'not-applicable', evidence };
}

/**
 * A campaign step of an MO excluded from the registry by its deadline (an accepted exclusion
 * effective on or before the due day) does not apply: the MO has left ОМС, so it owes the step
 * nothing. Only an explicit exclusion counts — an MO the registry never knew keeps its duty.
 */
function campaignStepOfExcludedMo(ob: Obligation, registry: MoRegistry): Fact | undefined {
  const entry = registry.entryAt(ob.party.code, ob.dueDate);
  if (!entry || entry.included) return undefined;
  const since = entry.effectiveFrom ? ` с ${ruOfIso(entry.effectiveFrom)}` : '';
  const doc = entry.docId ? ` (уведомление ${entry.docId})` : '';
  return {
    status: 'not-applicable',
    evidence: `МО ${ob.party.code} исключена из реестра медицинских организаций${since}${doc}: к сроку ${ruOfIso(ob.dueDate)} п. ${ob.step ?? '?'} к ней не применяется`,
  };
}
