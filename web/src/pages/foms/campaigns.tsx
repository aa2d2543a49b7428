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

/** Tag colours dark enough on their background for WCAG AA (antd's preset green and gold are not). */
export const TONE = {
  good: { color: '#135200', background: '#f6ffed', borderColor: '#389e0d' },
  late: { color: '#613400', background: '#fffbe6', borderColor: '#d48806' },
  bad: { color: '#a8071a', background: '#fff1f0', borderColor: '#cf1322' },
  info: { color: '#003eb3', background: '#e6f4ff', borderColor: '#1677ff' },
  none: { color: '#434343', background: '#fafafa', borderColor: '#8c8c8c' },
} as const;

export const STEP_STATE: Record<StepState, { label: string; color: string; tone: keyof typeof TONE }> = {
  MET: { label: 'исполнено в срок', color: '#389e0d', tone: 'good' },
  MET_LATE: { label: 'исполнено с опозданием', color: '#d48806', tone: 'late' },
  OVERDUE: { label: 'просрочено', color: '#cf1322', tone: 'bad' },
  OPEN: { label: 'ожидается', color: '#1677ff', tone: 'info' },
  CANCELLED: { label: 'не применяется', color: '#8c8c8c', tone: 'none' },
  UNPLANNED: { label: 'не запланировано', color: '#bfbfbf', tone: 'none' },
};

export const ToneTag = ({ tone, children, title }: { tone: keyof typeof TONE; children: React.ReactNode; title?: string }) => (
  <Tag style={TONE[tone]} title={title}>
    {children}
  </Tag>
);

export const StateTag = ({ state }: { state: StepState }) => <ToneTag tone={STEP_STATE[state].tone}>{STEP_STATE[state].label}</ToneTag>;

export const PARTY_RU: Record<string, string> = { FOMS: 'ФОМС', TFOMS: 'ТФОМС', MO: 'МО', SMO: 'СМО' };
