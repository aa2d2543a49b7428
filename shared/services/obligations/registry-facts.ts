import type { Fact } from '../../obligations/model.js';
import type { FactSource } from '../../obligations/ports.js';
import { dutyOutsideRegistry } from '../../obligations/registry.js';
import { moRegistryOf } from '../mo-registry.js';

/**
 * Facts with the MO registry first: a daily duty of an MO not bound on its day, or a campaign step
 * of an MO excluded by its deadline (an accepted notification), does not apply, whatever was or
 * was not done; the rest are asked of `facts`. One registry read per region and evaluation.
 */
export function withRegistry(facts: FactSource): FactSource {
  return {
    async factsFor(region, obligations, now) {
      const outside = new Map<string, Fact>();
      if (obligations.some((ob) => ob.kind === 'daily-hospitalization' || ob.party.type === 'MO')) {
        const registry = await moRegistryOf(region);
        for (const ob of obligations) {
          const fact = dutyOutsideRegistry(ob, registry);
          if (fact) outside.set(ob.id, fact);
        }
      }
      const out = await facts.factsFor(region, outside.size ? obligations.filter((ob) => !outside.has(ob.id)) : obligations, now);
      for (const [id, fact] of outside) out.set(id, fact);
      return out;
    },
  };
}
