import { Tag } from 'antd';

/** The SMO's screens show the current campaign; their tags are dark text on light fills (antd's preset colours fall short of WCAG AA). */
export { CampaignSelect, useCampaigns } from '../../campaigns';

export const TONE = {
  blue: { color: '#002c8c', background: '#e6f4ff', borderColor: '#1677ff' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#389e0d' },
  orange: { color: '#613400', background: '#fffbe6', borderColor: '#d48806' },
  red: { color: '#820014', background: '#fff1f0', borderColor: '#cf1322' },
  grey: { color: '#262626', background: '#fafafa', borderColor: '#8c8c8c' },
};
export type Tone = keyof typeof TONE;

export const toneTag = (label: string, tone: Tone) => <Tag style={TONE[tone]}>{label}</Tag>;
