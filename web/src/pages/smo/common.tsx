/** The SMO's screens show the current campaign; their tags are dark text on light fills (antd's preset colours fall short of WCAG AA). */
export { CampaignSelect, useCampaigns } from '../../campaigns';
export { toneTag, type Tone } from '../../tone';

