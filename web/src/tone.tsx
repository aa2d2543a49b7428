import { Tag } from 'antd';
import type React from 'react';

/**
 * The console's status colours. Dark text on a light fill: antd's preset tag colours fall short of
 * WCAG AA contrast (axe), so every screen takes its tags from here.
 */
export const TONE = {
  blue: { color: '#002c8c', background: '#e6f4ff', borderColor: '#1677ff' },
  green: { color: '#135200', background: '#f6ffed', borderColor: '#389e0d' },
  orange: { color: '#613400', background: '#fffbe6', borderColor: '#d48806' },
  red: { color: '#820014', background: '#fff1f0', borderColor: '#cf1322' },
  grey: { color: '#262626', background: '#fafafa', borderColor: '#8c8c8c' },
} as const satisfies Record<string, React.CSSProperties>;
export type Tone = keyof typeof TONE;

export const ToneTag = ({ tone, children, title }: { tone: Tone; children: React.ReactNode; title?: string }) => (
  <Tag style={TONE[tone]} title={title}>
    {children}
  </Tag>
);

export const toneTag = (label: string, tone: Tone) => <ToneTag tone={tone}>{label}</ToneTag>;
