/** Upload checks in plain TypeScript (no DOM): the browser's first word on a chosen file. */

/** What a user reads when the browser loses the network mid-upload; the screen offers «Повторить». */
export const CONNECTION_LOST = 'Соединение потеряно во время загрузки. Проверьте сеть и нажмите «Повторить» — файл выбирать заново не нужно.';

export interface UploadRule {
  /** Lower-case extensions with the dot: `.csv`, `.xlsx`. */
  extensions: string[];
  maxBytes: number;
}

const UNITS = ['байт', 'КБ', 'МБ', 'ГБ'];
function sizeText(bytes: number): string {
  let unit = 0;
  while (bytes >= 1024 && unit < UNITS.length - 1) (bytes /= 1024), unit++;
  return `${new Intl.NumberFormat('ru-RU', { maximumFractionDigits: 1 }).format(bytes)} ${UNITS[unit]}`;
}

/**
 * Why this file cannot be uploaded (wrong type, empty, too large), in Russian, or undefined: the
 * browser refuses it before asking for a link, so nothing is sent in vain. The server checks again.
 */
export function uploadFileProblem(file: { name: string; size: number }, rule: UploadRule): string | undefined {
  const name = file.name.toLowerCase();
  if (!rule.extensions.some((ext) => name.endsWith(ext))) {
    const kinds = rule.extensions.map((ext) => ext.slice(1).toUpperCase());
    return `Файл «${file.name}» не подходит: нужен файл ${kinds.join(' или ')}.`;
  }
  if (file.size === 0) return `Файл «${file.name}» пустой: выберите заполненный файл.`;
  if (file.size > rule.maxBytes) return `Файл «${file.name}» слишком большой: ${sizeText(file.size)} при допустимых ${sizeText(rule.maxBytes)}.`;
  return undefined;
}
