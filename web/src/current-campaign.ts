/** The campaign under way: an active one before an ended one, the newest reference date first. */
export function currentCampaign<C extends { active: boolean; referenceDate: string }>(list: readonly C[]): C | undefined {
  return [...list].sort((a, b) => Number(b.active) - Number(a.active) || b.referenceDate.localeCompare(a.referenceDate))[0];
}
