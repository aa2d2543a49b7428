import type { StepState } from '../../api/types';
import { ToneTag, type Tone } from '../../tone';

export { CampaignSelect, useCampaigns } from '../../campaigns';
export { ToneTag } from '../../tone';

/** Tag colours dark enough on their background for WCAG AA (antd's preset green and gold are not). */
export const STEP_STATE: Record<StepState, { label: string; color: string; tone: Tone }> = {
  MET: { label: 'исполнено в срок', color: '#389e0d', tone: 'green' },
  MET_LATE: { label: 'исполнено с опозданием', color: '#d48806', tone: 'orange' },
  OVERDUE: { label: 'просрочено', color: '#cf1322', tone: 'red' },
  OPEN: { label: 'ожидается', color: '#1677ff', tone: 'blue' },
  CANCELLED: { label: 'не применяется', color: '#8c8c8c', tone: 'grey' },
  UNPLANNED: { label: 'не запланировано', color: '#bfbfbf', tone: 'grey' },
};

export const StateTag = ({ state }: { state: StepState }) => <ToneTag tone={STEP_STATE[state].tone}>{STEP_STATE[state].label}</ToneTag>;

export const PARTY_RU: Record<string, string> = { FOMS: 'ФОМС', TFOMS: 'ТФОМС', MO: 'МО', SMO: 'СМО' };
