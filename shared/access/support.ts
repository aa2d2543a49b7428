import { readFileSync } from 'node:fs';
import { z } from 'zod';

/** Support channels of seed 003; `OMS_SUPPORT_CHANNELS` (JSON) replaces them per installation. */
const Channels = z.array(z.object({ kind: z.enum(['telegram', 'email', 'phone', 'web']), value: z.string().min(1), primary: z.boolean().optional() }));
export type SupportChannel = z.infer<typeof Channels>[number];

const SEED_003: SupportChannel[] = [
  { kind: 'telegram', value: '@foms_bot', primary: true },
  { kind: 'email', value: 'stp_gis@ffoms.gov.ru' },
  { kind: 'phone', value: '8-800 222-22-00' },
];

let cached: SupportChannel[] | undefined;

export function supportChannels(): SupportChannel[] {
  if (cached) return cached;
  const configured = process.env.OMS_SUPPORT_CHANNELS;
  const file = process.env.OMS_SUPPORT_CHANNELS_FILE;
  cached = configured ? Channels.parse(JSON.parse(configured)) : file ? Channels.parse(JSON.parse(readFileSync(file, 'utf8'))) : SEED_003;
  return cached;
}

const LABEL: Record<SupportChannel['kind'], string> = { telegram: 'Telegram', email: 'эл. почта', phone: 'телефон', web: 'сайт' };

/** One Russian sentence listing the channels, main one first. */
export function supportText(): string {
  const list = [...supportChannels()].sort((a, b) => Number(Boolean(b.primary)) - Number(Boolean(a.primary)));
  return `Служба технической поддержки: ${list.map((c) => `${LABEL[c.kind]} ${c.value}`).join(', ')}.`;
}
