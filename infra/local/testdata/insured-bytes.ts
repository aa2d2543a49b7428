import { civil } from './days.js';
import {
  FAM_FEMALE,
  INSURED_COLUMNS,
  InsuredFactory,
  fastEnp,
  type Injection,
  type InsuredOptions,
} from './generator.js';
import { NAMES_FEMALE, NAMES_MALE, PATRONYMICS, SURNAMES_MALE } from './names.js';
import { createFileSink, encoderFor, type ExportEncoding } from './write.js';

/**
 * The insured export written straight as bytes: names, codes and dates are encoded once and copied,
 * digits are written arithmetically. Same bytes as
 * `writeExport(path, fieldsOf(generateInsured(opts)), INSURED_COLUMNS, encoding)` (a unit test
 * compares them) at several times the speed: this is the path for multi-million-row files.
 */
const BLOCK = 1 << 20;
const ROOM = 4096; // more than any row can take
const SEMI = 0x3b;
const ZERO = 0x30;
const NONE = Buffer.alloc(0);

export interface InsuredExportResult {
  rows: number;
  bytes: number;
  injections: readonly Injection[];
}

export async function writeInsuredExport(
  path: string,
  opts: InsuredOptions,
  encoding: ExportEncoding,
  options: { eol?: string; bom?: boolean } = {},
): Promise<InsuredExportResult> {
  const factory = new InsuredFactory(opts);
  const writer = new RowBytes(factory, encoding, options.eol ?? '\n');
  const sink = createFileSink(path);
  const encode = encoderFor(encoding);
  let buf = Buffer.allocUnsafe(BLOCK);
  let pos = 0;
  const head = encode((options.bom && encoding === 'utf-8' ? '\uFEFF' : '') + INSURED_COLUMNS.join(';') + writer.eolText);
  head.copy(buf, 0);
  pos = head.length;
  try {
    for (let row = 1; row <= opts.rows; row++) {
      if (factory.injectionAt(row)) {
        const bytes = encode(factory.line(row) + writer.eolText);
        bytes.copy(buf, pos);
        pos += bytes.length;
      } else {
        pos = writer.write(row, buf, pos);
      }
      if (pos > BLOCK - ROOM) {
        // A fresh buffer per block: the stream keeps the old one until it is flushed.
        await sink.write(buf.subarray(0, pos));
        buf = Buffer.allocUnsafe(BLOCK);
        pos = 0;
      }
    }
    if (pos > 0) await sink.write(buf.subarray(0, pos));
  } catch (err) {
    sink.destroy();
    throw err;
  }
  await sink.end();
  return { rows: opts.rows, bytes: sink.bytes, injections: factory.injections };
}

class RowBytes {
  readonly eolText: string;
  private readonly eol: Buffer;
  private readonly famMale: Buffer[];
  private readonly famFemale: Buffer[];
  private readonly imMale: Buffer[];
  private readonly imFemale: Buffer[];
  private readonly otMale: Buffer[];
  private readonly otFemale: Buffer[];
  private readonly mos: Buffer[];
  private readonly smos: Buffer[];
  private readonly codes = new Map<string, Buffer>();
  private readonly region: string;
  // Dense per-day caches over [today − 120 years, today + 5 years] (sparse arrays would turn into
  // slow dictionaries): formatted dates, ЕНП digits 1–10 per (birth day, sex) and their Luhn sum.
  private readonly dayBase: number;
  private readonly days: number;
  private readonly dates: Buffer[];
  private readonly prefixes: Buffer[];
  private readonly prefixSums: Int32Array;

  constructor(
    private readonly factory: InsuredFactory,
    encoding: ExportEncoding,
    eol: string,
  ) {
    const encode = encoderFor(encoding);
    this.eolText = eol;
    this.eol = encode(eol);
    this.famMale = SURNAMES_MALE.map(encode);
    this.famFemale = FAM_FEMALE.map(encode);
    this.imMale = NAMES_MALE.map(encode);
    this.imFemale = NAMES_FEMALE.map(encode);
    this.otMale = PATRONYMICS.map((p) => encode(p[0]));
    this.otFemale = PATRONYMICS.map((p) => encode(p[1]));
    this.mos = factory.mos.map(encode);
    this.smos = factory.smos.map(encode);
    this.region = factory.region;
    this.dayBase = factory.today - 120 * 366;
    this.days = 125 * 366;
    this.dates = new Array<Buffer>(this.days).fill(NONE);
    this.prefixes = new Array<Buffer>(this.days * 2).fill(NONE);
    this.prefixSums = new Int32Array(this.days * 2);
  }

  write(row: number, buf: Buffer, at: number): number {
    const r = this.factory.raw(row);
    let p = at;
    // ЕНП: cached prefix, five counter digits, Luhn digit (even body positions are doubled).
    const key = (r.drDay - this.dayBase) * 2 + r.sex - 1;
    if (key < 0 || key >= this.prefixes.length) throw new Error(`Дата рождения вне диапазона генератора: ${r.drDay}`);
    let prefix = this.prefixes[key]!;
    if (prefix === NONE) {
      const { y, m, d } = civil(r.drDay);
      prefix = Buffer.from(fastEnp(this.region, y, m, d, r.sex, 0).slice(0, 10), 'latin1');
      let sum = 0;
      for (let i = 0; i < 10; i++) sum += i % 2 === 0 ? dbl(prefix[i]! - ZERO) : prefix[i]! - ZERO;
      this.prefixes[key] = prefix;
      this.prefixSums[key] = sum;
    }
    p = copy(prefix, buf, p);
    const c = r.counter;
    const c0 = Math.floor(c / 10000);
    const c1 = Math.floor(c / 1000) % 10;
    const c2 = Math.floor(c / 100) % 10;
    const c3 = Math.floor(c / 10) % 10;
    const c4 = c % 10;
    buf[p++] = ZERO + c0;
    buf[p++] = ZERO + c1;
    buf[p++] = ZERO + c2;
    buf[p++] = ZERO + c3;
    buf[p++] = ZERO + c4;
    const sum = this.prefixSums[key]! + dbl(c0) + c1 + dbl(c2) + c3 + dbl(c4);
    buf[p++] = ZERO + ((10 - (sum % 10)) % 10);
    buf[p++] = SEMI;

    if (r.snilsNine >= 0) {
      const n = r.snilsNine;
      let weighted = 0;
      for (let i = 0, v = n; i < 9; i++, v = Math.floor(v / 10)) weighted += (v % 10) * (i + 1);
      const control = weighted < 100 ? weighted : weighted <= 101 ? 0 : weighted % 101 === 100 ? 0 : weighted % 101;
      if (r.snilsFormatted) {
        p = digits(Math.floor(n / 1_000_000), 3, buf, p);
        buf[p++] = 0x2d;
        p = digits(Math.floor(n / 1000) % 1000, 3, buf, p);
        buf[p++] = 0x2d;
        p = digits(n % 1000, 3, buf, p);
        buf[p++] = 0x20;
      } else {
        p = digits(n, 9, buf, p);
      }
      p = digits(control, 2, buf, p);
    }
    buf[p++] = SEMI;

    const male = r.sex === 1;
    p = copy(male ? this.famMale[r.famIdx]! : this.famFemale[r.famIdx]!, buf, p);
    buf[p++] = SEMI;
    p = copy(male ? this.imMale[r.imIdx]! : this.imFemale[r.imIdx]!, buf, p);
    buf[p++] = SEMI;
    if (r.otIdx >= 0) p = copy(male ? this.otMale[r.otIdx]! : this.otFemale[r.otIdx]!, buf, p);
    buf[p++] = SEMI;
    buf[p++] = ZERO + r.sex;
    buf[p++] = SEMI;
    p = copy(this.date(r.drDay), buf, p);
    buf[p++] = SEMI;
    if (r.phone >= 0) {
      buf[p++] = 0x2b; // +
      buf[p++] = ZERO + 7;
      buf[p++] = ZERO + 9;
      p = digits(r.phone, 9, buf, p);
    }
    buf[p++] = SEMI;
    p = copy(this.mos[r.moIdx]!, buf, p);
    buf[p++] = SEMI;
    p = copy(this.smos[r.smoIdx]!, buf, p);
    buf[p++] = SEMI;
    for (let i = 0; i < r.ds.length; i++) {
      if (i > 0) buf[p++] = 0x2c;
      const code = r.ds[i]!;
      let bytes = this.codes.get(code);
      if (!bytes) this.codes.set(code, (bytes = Buffer.from(code, 'latin1')));
      p = copy(bytes, buf, p);
    }
    buf[p++] = SEMI;
    if (!Number.isNaN(r.lastVisitDay)) p = copy(this.date(r.lastVisitDay), buf, p);
    buf[p++] = SEMI;
    if (!Number.isNaN(r.deathDay)) p = copy(this.date(r.deathDay), buf, p);
    return copy(this.eol, buf, p);
  }

  private date(day: number): Buffer {
    const i = day - this.dayBase;
    const cached = i >= 0 && i < this.days;
    let bytes = cached ? this.dates[i]! : NONE;
    if (bytes === NONE) {
      const { y, m, d } = civil(day);
      bytes = Buffer.allocUnsafe(10);
      digits(d, 2, bytes, 0);
      bytes[2] = 0x2e;
      digits(m, 2, bytes, 3);
      bytes[5] = 0x2e;
      digits(y, 4, bytes, 6);
      if (cached) this.dates[i] = bytes;
    }
    return bytes;
  }
}

function dbl(d: number): number {
  return d < 5 ? d * 2 : d * 2 - 9;
}

/** Writes `n` as exactly `width` decimal digits (zero-padded). */
function digits(n: number, width: number, buf: Buffer, at: number): number {
  let v = n;
  for (let i = at + width - 1; i >= at; i--) {
    buf[i] = ZERO + (v % 10);
    v = Math.floor(v / 10);
  }
  return at + width;
}

function copy(src: Buffer, dst: Buffer, at: number): number {
  // Short copies: a plain loop beats Buffer#copy's call overhead.
  for (let i = 0; i < src.length; i++) dst[at + i] = src[i]!;
  return at + src.length;
}
