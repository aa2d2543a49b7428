/**
 * Pure parts of the SMO's screens (no browser, no API, no imports: the unit tests load it as is).
 */
const formatNumber = (n: number) => new Intl.NumberFormat('ru-RU').format(n);

/** The API's limit for a results file (OMS_RESULTS_MAX_BYTES, 100 МБ): refused before anything is sent. */
export const RESULTS_MAX_BYTES = 100 * 1024 * 1024;

/** The format of a results file by its name, or a Russian refusal: the API takes CSV and XLSX only. */
export function resultsFormat(file: { name: string; size: number }): 'csv' | 'xlsx' | { refusal: string } {
  const ext = file.name.toLowerCase().split('.').pop();
  if (ext !== 'csv' && ext !== 'xlsx') return { refusal: `Файл «${file.name}»: принимаются только CSV (ENP;DATE_INF;CHANNEL;RESULT) и XLSX.` };
  if (file.size === 0) return { refusal: `Файл «${file.name}» пуст.` };
  if (file.size > RESULTS_MAX_BYTES) return { refusal: `Файл «${file.name}» (${formatNumber(Math.ceil(file.size / 1048576))} МБ) больше допустимых 100 МБ: разделите его на несколько файлов.` };
  return ext;
}

export interface CumulativeLine {
  name: string;
  points: Array<{ date: string; informed: number }>;
}

/**
 * Lines of cumulative counts on one axis of days: each line's series runs from its own first to
 * its own last informing day, so before it a line is 0 and after it the line keeps its last figure
 * (a cumulative count cannot fall).
 */
export function onCommonDays(lines: readonly CumulativeLine[]): { days: string[]; values: number[][] } {
  const days = [...new Set(lines.flatMap((l) => l.points.map((p) => p.date)))].sort();
  const values = lines.map((l) => {
    const byDay = new Map(l.points.map((p) => [p.date, p.informed]));
    let last = 0;
    return days.map((d) => (last = byDay.get(d) ?? last));
  });
  return { days, values };
}

