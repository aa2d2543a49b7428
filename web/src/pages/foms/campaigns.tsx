import { Select, Space, Tag } from 'antd';
import { useEffect, useState } from 'react';
import { api, errorMessage } from '../../api/client';
import type { CampaignListItem, StepState } from '../../api/types';

/** The campaigns FOMS can look at; the newest active one is chosen first (the one under way). */
export function useCampaigns(): { campaigns?: CampaignListItem[]; campaign?: string; setCampaign: (id: string) => void; failure?: string } {
  const [campaigns, setCampaigns] = useState<CampaignListItem[]>();
  const [campaign, setCampaign] = useState<string>();
  const [failure, setFailure] = useState<string>();
  useEffect(() => {
    api.GET('/v1/campaigns').then(({ data, error, response }) => {
      if (!data) return setFailure(errorMessage(error, response.status));
      const list = (data as unknown as { campaigns: CampaignListItem[] }).campaigns;
      setCampaigns(list);
      setCampaign((list.filter((c) => c.active).at(-1) ?? list.at(-1))?.id);
    });
  }, []);
  return { campaigns, campaign, setCampaign, failure };
}

export function CampaignSelect({ campaigns, value, onChange }: { campaigns?: CampaignListItem[]; value?: string; onChange: (id: string) => void }) {
  return (
    <Space>
      <label htmlFor="campaign">Кампания</label>
      <Select id="campaign" style={{ minWidth: 360 }} value={value} onChange={onChange} loading={!campaigns} options={campaigns?.map((c) => ({ value: c.id, label: `${c.name} (${c.id})` }))} />
    </Space>
  );
}

export const STEP_STATE: Record<StepState, { label: string; color: string; tag: string }> = {
  MET: { label: 'исполнено в срок', color: '#389e0d', tag: 'green' },
  MET_LATE: { label: 'исполнено с опозданием', color: '#d48806', tag: 'gold' },
  OVERDUE: { label: 'просрочено', color: '#cf1322', tag: 'red' },
  OPEN: { label: 'ожидается', color: '#1677ff', tag: 'blue' },
  CANCELLED: { label: 'не применяется', color: '#8c8c8c', tag: 'default' },
  UNPLANNED: { label: 'не запланировано', color: '#bfbfbf', tag: 'default' },
};

export const StateTag = ({ state }: { state: StepState }) => <Tag color={STEP_STATE[state].tag}>{STEP_STATE[state].label}</Tag>;

export const PARTY_RU: Record<string, string> = { FOMS: 'ФОМС', TFOMS: 'ТФОМС', MO: 'МО', SMO: 'СМО' };
