import { Select, Space } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from './api/client';
import type { Campaign } from './api/types';
import { currentCampaign } from './current-campaign';

/** Every campaign (`GET /v1/campaigns`) and the one a screen shows, the current one first. */
export function useCampaigns(onFailure?: (message: string) => void): { campaigns?: Campaign[]; campaign?: string; setCampaign: (id: string) => void; failure?: string } {
  const [campaigns, setCampaigns] = useState<Campaign[]>();
  const [campaign, setCampaign] = useState<string>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    api.GET('/v1/campaigns').then(({ data, error, response }) => {
      if (!data) {
        const message = errorMessage(error, response.status);
        setFailure(message);
        return onFailure?.(message);
      }
      const list = (data as unknown as { campaigns: Campaign[] }).campaigns;
      setCampaigns(list);
      setCampaign(currentCampaign(list)?.id);
    });
    // Read once per screen: onFailure only reports, a new one needs no new read.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);
  return { campaigns, campaign, setCampaign, failure };
}

export function CampaignSelect({ campaigns, value, onChange }: { campaigns?: Campaign[]; value?: string; onChange: (id: string) => void }) {
  return (
    <Space>
      <label htmlFor="campaign">Кампания</label>
      <Select id="campaign" style={{ minWidth: 360 }} value={value} onChange={onChange} loading={!campaigns} options={campaigns?.map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))} />
    </Space>
  );
}
