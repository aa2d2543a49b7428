// PLACEHOLDER (obligations work in progress): replaced by the hospitalization store.
export async function receiptsOfDay(_region: string, _forDate: string): Promise<Map<string, { firstAcceptedAt?: string; lastReceivedAt: string; status: 'ACCEPTED' | 'REJECTED' }>> {
  return new Map();
}
