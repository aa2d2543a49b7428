import { GetCommand, QueryCommand } from '@aws-sdk/lib-dynamodb';
import type { AwsStub } from 'aws-sdk-client-mock';
import { loadCampaigns } from '../../shared/reference/load.js';
import { allCampaigns, forgetCampaigns } from '../../shared/services/campaigns.js';
import { forgetCalendar } from '../../shared/services/calendar.js';

/**
 * For unit tests whose DynamoDB mock answers every query or get alike: the campaign source
 * (shared/services/campaigns.ts) finds no campaign created through the API, no loaded schedule and
 * no loaded decree, so the seed campaigns with their shipped schedules are in force. The source is
 * read once here and kept (its 60-s cache), so a test's catch-all answers defined later never reach
 * it; the history is cleared, so the test counts only its own calls. Call after each reset.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function seedCampaignsOnly(docs: AwsStub<any, any, any>): Promise<void> {
  forgetCampaigns();
  forgetCalendar();
  docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CAMPAIGNS' } }).resolves({ Items: [] });
  docs.on(QueryCommand, { ExpressionAttributeValues: { ':pk': 'CALENDAR' } }).resolves({ Items: [] });
  for (const c of loadCampaigns()) docs.on(GetCommand, { Key: { pk: `SCHEDULE#${c.id}`, sk: 'CURRENT' } }).resolves({});
  await allCampaigns();
  docs.resetHistory();
}
