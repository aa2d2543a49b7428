import type { Writable } from 'node:stream';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import { BlockTextWriter } from '../files/block-writer.js';
import { joinFields } from '../files/lines.js';
import { caughtUp, excelLocalDateTime, sheetSinks, XLSX_FORMATS, zoneLabel } from '../files/xlsx-write.js';
import { loadReferenceData } from '../reference/load.js';
import { csvSafe } from '../flk/protocol.js';
import { fioOf, ruDate } from '../abonent/layout.js';
import type { BatchId } from '../domain/records.js';
import type { Change, DiffCounts } from './diff.js';
import { CHANGE_RU, CHANGES_FIELDS, csvFields, DATA_SHEET, META_SHEET, XLSX_COLUMNS, XLSX_HEADERS, type InformingRow } from './files.js';

/** Rows between checks of the XLSX output's backpressure. */
const CHECK_EVERY = 1000;

/**
 * `;`-separated lines in windows-1251 (DOMAIN.md §3: the encoding SMO systems expect), CRLF. Characters
 * windows-1251 lacks become «?».
 */
export class Cp1251CsvWriter extends BlockTextWriter {
  constructor(out: Writable) {
    super(out, (text) => iconv.encode(text, 'win1251'));
  }

  row(fields: readonly string[]): Promise<void> {
    return this.append(joinFields(fields.map(csvSafe)) + '\r\n');
  }
}

/** One JSON value per line (UTF-8): the rows of a version kept in the work bucket. */
export class JsonLinesWriter extends BlockTextWriter {
  write(value: unknown): Promise<void> {
    return this.append(JSON.stringify(value) + '\n');
  }
}

/** What the «О файле» sheet and the API say about a version. */
interface InformingFileMeta {
  fileId: string;
  smo: string;
  smoName: string;
  region: string;
  campaignId: string;
  campaignName: string;
  batch: BatchId;
  groups: string;
  version: number;
  formedAt: string;
}

const NUMBER: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '0' });
const TEXT: Partial<ExcelJS.Style> = Object.freeze({ numFmt: '@' });
const DATE: Partial<ExcelJS.Style> = Object.freeze({ numFmt: 'dd.mm.yyyy' });
const STYLES = [NUMBER, TEXT, TEXT, DATE, TEXT, TEXT, TEXT, DATE, TEXT, NUMBER];
const HEADER_FILL: ExcelJS.Fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFD9E1F2' } };

const utcDate = (iso: string): Date => new Date(`${iso}T00:00:00Z`);

/** Data rows per sheet: Excel's limit is 1 048 576 rows with the header; the CSV has none. */
const XLSX_ROWS_PER_SHEET = 1_000_000;

/**
 * Streams the XLSX of one version (exceljs streaming writer, no shared strings): the sheet
 * «Информирование» (header frozen, filter on; dates are real dates so Excel sorts and filters
 * them) — continued on «Информирование (2)», … past a million rows — then «О файле» with the
 * version, counts and changes. Finishes only while `out` is consumed.
 */
export class InformingWorkbookWriter {
  private readonly workbook: ExcelJS.stream.xlsx.WorkbookWriter;
  private sheet: ExcelJS.Worksheet;
  private sheets = 1;
  private inSheet = 0;
  private count = 0;

  constructor(
    private readonly out: Writable,
    meta: Pick<InformingFileMeta, 'smo' | 'batch' | 'version'>,
    private readonly rowsPerSheet = XLSX_ROWS_PER_SHEET,
  ) {
    this.workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: false, useStyles: true });
    this.workbook.creator = 'omsflow';
    this.workbook.title = `Информирование СМО ${meta.smo}, партия ${meta.batch}, версия ${meta.version}`;
    this.sheet = this.dataSheet(DATA_SHEET);
  }

  private dataSheet(name: string): ExcelJS.Worksheet {
    const sheet = this.workbook.addWorksheet(name, { views: [{ state: 'frozen', ySplit: 1 }] });
    sheet.columns = XLSX_COLUMNS.map((c) => ({ width: c.width }));
    const header = sheet.addRow([...XLSX_HEADERS]);
    header.eachCell((cell) => {
      cell.style = { font: { bold: true }, fill: HEADER_FILL, alignment: { wrapText: true, vertical: 'middle' } };
    });
    header.commit();
    return sheet;
  }

  private closeSheet(): void {
    this.sheet.autoFilter = `A1:${String.fromCharCode(64 + XLSX_HEADERS.length)}1`;
    this.sheet.commit();
  }

  get rows(): number {
    return this.count;
  }

  async add(row: InformingRow, moName: string): Promise<void> {
    if (this.inSheet === this.rowsPerSheet) {
      this.closeSheet();
      this.sheet = this.dataSheet(`${DATA_SHEET} (${++this.sheets})`);
      this.inSheet = 0;
    }
    this.inSheet++;
    const n = ++this.count;
    const written = this.sheet.addRow([n, row.enp, fioOf(row), utcDate(row.dr), row.phone ?? '', row.mo, moName, utcDate(row.date), row.time ?? '', row.group]);
    for (let i = 0; i < STYLES.length; i++) written.getCell(i + 1).style = STYLES[i]!;
    written.commit();
    if (n % CHECK_EVERY === 0) await caughtUp([...sheetSinks(this.sheet), this.out]);
  }

  async finish(meta: InformingFileMeta, changes: (Omit<DiffCounts, 'unchanged'> & { previousVersion: number }) | undefined): Promise<void> {
    this.closeSheet();
    const about = this.workbook.addWorksheet(META_SHEET);
    about.columns = [{ width: 34 }, { width: 70 }];
    const zone = loadReferenceData().regions.get(meta.region)?.timeZone ?? 'UTC';
    const lines: Array<[string, string | number | Date]> = [
      ['Файл для информирования застрахованных лиц', `${meta.groups} (этап 4 кампании)`],
      ['Идентификатор файла', meta.fileId],
      ['СМО', `${meta.smo} ${meta.smoName}`.trim()],
      ['Регион', meta.region],
      ['Кампания', `${meta.campaignId} — ${meta.campaignName}`],
      ['Партия', meta.batch],
      ['Версия', meta.version],
      [`Сформирован (${zoneLabel(zone, new Date(meta.formedAt))})`, excelLocalDateTime(meta.formedAt, zone)],
      ['Застрахованных лиц', this.count],
    ];
    if (changes) {
      lines.push(
        ['Изменения относительно версии', changes.previousVersion],
        ['Добавлено', changes.added],
        ['Исключено', changes.removed],
        ['Изменены дата или время', changes.dateChanged],
      );
    } else {
      lines.push(['Изменения', 'первая версия']);
    }
    for (const [label, value] of lines) {
      const row = about.addRow([label, value]);
      if (value instanceof Date) row.getCell(2).numFmt = XLSX_FORMATS.dateTime;
      row.commit();
    }
    about.commit();
    await this.workbook.commit();
  }
}

/** One line of the list of changes (CHANGES_FIELDS). */
export function changeFields(change: Change<InformingRow>, moName: (mo: string) => string): string[] {
  const row = change.row;
  const now = change.kind === 'removed' ? { date: '', time: '' } : { date: ruDate(row.date), time: row.time ?? '' };
  const before =
    change.kind === 'date-changed'
      ? { date: ruDate(change.previous.date), time: change.previous.time ?? '' }
      : change.kind === 'removed'
        ? { date: ruDate(row.date), time: row.time ?? '' }
        : { date: '', time: '' };
  const reason = change.kind === 'removed' ? (change.reason ? `отметка МО: ${change.reason}` : 'нет в реестре с датой') : '';
  const fields = csvFields(0, row, moName(row.mo)).slice(1); // without №
  return [CHANGE_RU[change.kind], ...fields.slice(0, 8), now.date, now.time, fields[10]!, before.date, before.time, reason];
}

