// PLACEHOLDER (obligations work in progress): replaced by the hospitalization compliance report.
export async function publishComplianceReport(region: string, forDate: string, _now: Date): Promise<{ key: string; rows: number }> {
  return { key: `${region}/tfoms/hospitalization/compliance/${forDate}.xlsx`, rows: 0 };
}
