import { Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { Campaign } from '../../api/types';
import { currentCampaign } from './figures';

/**
 * What the SMO's screens share: the campaign they show (the active one first) and the tags of a
 * file's state, in dark text on light fills (antd's preset tag colours fall short of WCAG AA).
 */
export function useCampaigns(onFailure: (message: string) => void) {
  const [campaigns, setCampaigns] = useState<Campaign[]>();
  const [campaign, setCampaign] = useState<string>();
  useEffect(() => {
    api.GET('/v1/campaigns').then(({ data, error, response }) => {
      if (!data) return onFailure(errorMessage(error, response.status));
      const list = (data as unknown as { campaigns: Campaign[] }).campaigns;
      setCampaigns(list);
      setCampaign(currentCampaign(list)?.id);
    });
    // Read once per screen: onFailure only reports, a new one needs no new read.
  }, []);
  return { campaigns, campaign, setCampaign };
}

export function CampaignSelect({ campaigns, campaign, onChange }: { campaigns?: Campaign[]; campaign?: string; onChange: (id: string) => void }) {
  return (
    <Space>
      <label htmlFor="campaign">Кампания</label>
      <Select id="campaign" style={{ minWidth: 320 }} value={campaign} onChange={onChange} options={campaigns?.map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))} />
    </Space>
  );
}

export const TONE = {
  blue: { color: '#002c8c', background: '#e6f4ff', borderColor: '#1677ff' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#389e0d' },
  orange: { color: '#613400', background: '#fffbe6', borderColor: '#d48806' },
  red: { color: '#820014', background: '#fff1f0', borderColor: '#cf1322' },
  grey: { color: '#262626', background: '#fafafa', borderColor: '#8c8c8c' },
};
export type Tone = keyof typeof TONE;

export const toneTag = (label: string, tone: Tone) => <Tag style={TONE[tone]}>{label}</Tag>;
