import { GetCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import { dynamoClient } from '../clients.js';
import { mainTable, queryAll, stripKeys } from './dynamo.js';

/**
 * Reports a TFOMS submitted under seed 002's reporting calendar: one item per region, report and
 * period (`TREPORT#<region>` / `<reportId>#<period>`). `firstProducedAt` is when the duty was met
 * and never changes; a report made again replaces the file (`key`, `producedAt`, `figures`).
 */
export interface TargetReportRecord {
  region: string;
  reportId: string;
  period: string;
  firstProducedAt: string;
  producedAt: string;
  producedBy: string;
  /** Outbox key of the latest XLSX. */
  key: string;
  /** The day the figures are cut at (the period's last day, or the day made when earlier). */
  asOf: string;
  /** Region totals as written in the XLSX (for the API answer). */
  figures: Record<string, number | null>;
}

const keyOf = (region: string, reportId: string, period: string) => ({ pk: `TREPORT#${region}`, sk: `${reportId}#${period}` });

export async function putTargetReport(r: Omit<TargetReportRecord, 'firstProducedAt'>): Promise<TargetReportRecord> {
  const out = await dynamoClient().send(
    new UpdateCommand({
      TableName: mainTable(),
      Key: keyOf(r.region, r.reportId, r.period),
      UpdateExpression:
        'SET firstProducedAt = if_not_exists(firstProducedAt, :at), producedAt = :at, producedBy = :by, #key = :key, asOf = :asOf, figures = :figures, #region = :region, reportId = :rid, #period = :period',
      ExpressionAttributeNames: { '#key': 'key', '#region': 'region', '#period': 'period' },
      ExpressionAttributeValues: { ':at': r.producedAt, ':by': r.producedBy, ':key': r.key, ':asOf': r.asOf, ':figures': r.figures, ':region': r.region, ':rid': r.reportId, ':period': r.period },
      ReturnValues: 'ALL_NEW',
    }),
  );
  return stripKeys<TargetReportRecord>(out.Attributes!);
}

export async function getTargetReport(region: string, reportId: string, period: string): Promise<TargetReportRecord | undefined> {
  const out = await dynamoClient().send(new GetCommand({ TableName: mainTable(), Key: keyOf(region, reportId, period), ConsistentRead: true }));
  return out.Item ? stripKeys<TargetReportRecord>(out.Item) : undefined;
}

/** Every report a region submitted, by report and period. */
export async function targetReportsOf(region: string): Promise<TargetReportRecord[]> {
  const out: TargetReportRecord[] = [];
  for await (const page of queryAll({ KeyConditionExpression: 'pk = :pk', ExpressionAttributeValues: { ':pk': `TREPORT#${region}` } })) {
    out.push(...page.map((i) => stripKeys<TargetReportRecord>(i)));
  }
  return out;
}
