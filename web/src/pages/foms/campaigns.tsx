import { Tag } from 'antd';
import type { StepState } from '../../api/types';

export { CampaignSelect, useCampaigns } from '../../campaigns';

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
