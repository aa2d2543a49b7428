import { readZipEntries, type ZipEntries } from './zip-entries.js';

/**
 * The raw SpreadsheetML facts a checker needs where exceljs 4.4 cannot be trusted with an
 * office-saved file: sheet protection and each cell's effective `locked` flag. exceljs parses these
 * booleans only as `1`/`0`; LibreOffice writes `true`/`false` (both valid xsd:boolean), so exceljs
 * reads LibreOffice's protected sheet as unprotected and its unlocked cells as locked.
 * Regex-level parsing: fine for files our writer or an office suite produced, not a general parser.
 */

export interface RawSheet {
  name: string;
  /** `state` attribute of `<sheet>` (visible when absent). */
  state: string;
  /** Zip path of the worksheet part. */
  part: string;
  xml: string;
  /** Attributes of `<sheetProtection>`, or undefined when the sheet has none. */
  protection?: Record<string, string>;
}

export type StyleSource = 'cell' | 'row' | 'column' | 'default';

export interface RawWorkbook {
  zip: ZipEntries;
  sheets: RawSheet[];
  /** `formatCode` by numFmtId for the custom formats of styles.xml. */
  numFmts: Map<number, string>;
  /** Effective cellXfs index of a cell and where it came from (cell `s`, row `s`, `<col style>`). */
  styleOf(sheet: RawSheet, address: string): { xf: number; from: StyleSource };
  /** Whether the cell is locked: its xf's `<protection locked>`, locked when absent (ECMA-376). */
  lockedAt(sheet: RawSheet, address: string): boolean;
}

export const xmlTrue = (value: string | undefined): boolean => value === '1' || value === 'true';

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

export function decodeXml(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#\d+|\w+);/gi, (whole, code: string) => {
    if (code[0] === '#') return String.fromCodePoint(code[1] === 'x' || code[1] === 'X' ? parseInt(code.slice(2), 16) : Number(code.slice(1)));
    return ENTITIES[code] ?? whole;
  });
}

export function attributes(tagBody: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of tagBody.matchAll(/([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) out[m[1]!] = decodeXml(m[2] ?? m[3] ?? '');
  return out;
}

/** Elements `<tag …/>` or `<tag …>…</tag>`, with an optional namespace prefix (`x:tag`). */
export function elements(xml: string, tag: string): Array<{ attrs: Record<string, string>; inner: string }> {
  const re = new RegExp(`<(?:[\\w.-]+:)?${tag}\\b([^>]*?)(?:\\/>|>([\\s\\S]*?)<\\/(?:[\\w.-]+:)?${tag}>)`, 'g');
  return [...xml.matchAll(re)].map((m) => ({ attrs: attributes(m[1] ?? ''), inner: m[2] ?? '' }));
}

export function columnNumber(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + ch.charCodeAt(0) - 64;
  return n;
}

export function splitAddress(address: string): { col: number; row: number } {
  const m = /^([A-Z]+)(\d+)$/i.exec(address);
  if (!m) throw new Error(`bad cell address ${address}`);
  return { col: columnNumber(m[1]!), row: Number(m[2]) };
}

export function readRawWorkbook(file: Buffer): RawWorkbook {
  const zip = readZipEntries(file);
  const text = (name: string): string => zip.read(name)?.toString('utf8') ?? '';
  const rels = new Map(elements(text('xl/_rels/workbook.xml.rels'), 'Relationship').map((r) => [r.attrs.Id ?? '', r.attrs.Target ?? '']));
  const sheets: RawSheet[] = elements(text('xl/workbook.xml'), 'sheet').map(({ attrs }) => {
    const rid = Object.entries(attrs).find(([k]) => k === 'r:id' || k.endsWith(':id'))?.[1] ?? '';
    const target = rels.get(rid) ?? '';
    const part = target.startsWith('/') ? target.slice(1) : `xl/${target}`.replace(/[^/]+\/\.\.\//g, '');
    const xml = text(part);
    const protection = elements(xml, 'sheetProtection')[0]?.attrs;
    return { name: attrs.name ?? '', state: attrs.state ?? 'visible', part, xml, protection };
  });

  const styles = text('xl/styles.xml');
  const numFmts = new Map(elements(styles, 'numFmt').map(({ attrs }) => [Number(attrs.numFmtId), attrs.formatCode ?? '']));
  const cellXfs = elements(elements(styles, 'cellXfs')[0]?.inner ?? '', 'xf').map(({ inner }) => {
    const protection = elements(inner, 'protection')[0]?.attrs;
    return { locked: protection?.locked === undefined ? true : xmlTrue(protection.locked) };
  });

  const grids = new Map<RawSheet, ReturnType<typeof styleGrid>>();
  const gridOf = (sheet: RawSheet) => {
    let grid = grids.get(sheet);
    if (!grid) grids.set(sheet, (grid = styleGrid(sheet.xml)));
    return grid;
  };
  const styleOf = (sheet: RawSheet, address: string) => {
    const { col, row } = splitAddress(address);
    const grid = gridOf(sheet);
    const r = grid.rows.get(row);
    // A stored cell without `s` uses xf 0 — it does not fall back to the row or column style.
    if (r?.cells.has(col)) return { xf: r.cells.get(col) ?? 0, from: 'cell' as const };
    if (r?.style !== undefined) return { xf: r.style, from: 'row' as const };
    const column = grid.cols.find((c) => col >= c.min && col <= c.max && c.style !== undefined);
    if (column) return { xf: column.style!, from: 'column' as const };
    return { xf: 0, from: 'default' as const };
  };
  return {
    zip,
    sheets,
    numFmts,
    styleOf,
    lockedAt: (sheet, address) => cellXfs[styleOf(sheet, address).xf]?.locked ?? true,
  };
}

/** Style indexes of the stored cells, rows (`customFormat`) and column ranges of one worksheet. */
function styleGrid(xml: string) {
  const cols = elements(elements(xml, 'cols')[0]?.inner ?? '', 'col').map(({ attrs }) => ({
    min: Number(attrs.min),
    max: Number(attrs.max),
    style: attrs.style === undefined ? undefined : Number(attrs.style),
  }));
  const rows = new Map<number, { style?: number; cells: Map<number, number | undefined> }>();
  let rowNumber = 0;
  for (const row of elements(elements(xml, 'sheetData')[0]?.inner ?? '', 'row')) {
    rowNumber = row.attrs.r ? Number(row.attrs.r) : rowNumber + 1;
    const cells = new Map<number, number | undefined>();
    let col = 0;
    for (const cell of elements(row.inner, 'c')) {
      col = cell.attrs.r ? splitAddress(cell.attrs.r).col : col + 1;
      cells.set(col, cell.attrs.s === undefined ? undefined : Number(cell.attrs.s));
    }
    const style = xmlTrue(row.attrs.customFormat) && row.attrs.s !== undefined ? Number(row.attrs.s) : undefined;
    rows.set(rowNumber, { style, cells });
  }
  return { cols, rows };
}
