import { Alert, Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { BatchId, CampaignWithPlan } from '../../api/types';
import { currentCampaign } from '../../current-campaign';

export interface CampaignBatch {
  campaign: CampaignWithPlan;
  batch: BatchId;
}

const BATCH_LABEL: Record<BatchId, string> = { '12': 'Партия 12 (группы 1–2, этап 2)', '34': 'Партия 34 (группы 3–4, этап 3)' };

/**
 * The campaign and batch a stage screen works on: campaigns with a plan of stages 2–3, newest
 * first, the newest active one chosen; the batches the campaign runs.
 */
export function CampaignBatchPicker({ value, onChange }: { value?: CampaignBatch; onChange: (v: CampaignBatch) => void }) {
  const [campaigns, setCampaigns] = useState<CampaignWithPlan[]>();
  const [failure, setFailure] = useState<string>();

  useEffect(() => {
    api.GET('/v1/campaigns').then(({ data, error, response }) => {
      if (!data) return setFailure(errorMessage(error, response.status));
      // The newest campaign first: the one a region works on now.
      const planned = (data as unknown as { campaigns: CampaignWithPlan[] }).campaigns.filter((c) => c.plan).sort((a, b) => b.referenceDate.localeCompare(a.referenceDate));
      setCampaigns(planned);
      const first = currentCampaign(planned);
      if (first && !value) onChange({ campaign: first, batch: batchesOf(first)[0]! });
    }, (e: Error) => setFailure(e.message));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  if (failure) return <Alert type="error" showIcon message="Не удалось загрузить кампании" description={failure} />;
  const chosen = value?.campaign;
  return (
    <Space wrap>
      <label htmlFor="stage-campaign">Кампания</label>
      <Select
        id="stage-campaign"
        style={{ minWidth: 360 }}
        loading={!campaigns}
        value={chosen?.id}
        onChange={(id: string) => {
          const campaign = campaigns!.find((c) => c.id === id)!;
          onChange({ campaign, batch: batchesOf(campaign)[0]! });
        }}
        options={campaigns?.map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))}
      />
      <label htmlFor="stage-batch">Партия</label>
      <Select
        id="stage-batch"
        style={{ minWidth: 280 }}
        value={value?.batch}
        onChange={(batch: BatchId) => chosen && onChange({ campaign: chosen, batch })}
        options={chosen ? batchesOf(chosen).map((b) => ({ value: b, label: BATCH_LABEL[b] })) : []}
      />
    </Space>
  );
}

const batchesOf = (c: CampaignWithPlan): BatchId[] => (['12', '34'] as const).filter((b) => c.plan?.batches[b]);

/** The path of a batch's stage routes. */
export const stagePath = (v: CampaignBatch, region: string) => ({ campaignId: v.campaign.id, region, batch: v.batch });
