import { Readable } from 'node:stream';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import type { TextEncoding } from '../../../shared/files/encoding.js';
import { joinFields, lineBlocksInRange, linesInRange, MAX_LINE_BYTES, OVERLONG_LINE, splitFields } from '../../../shared/files/lines.js';

/** Small deterministic PRNG (mulberry32) so failures reproduce. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encode = (text: string, encoding: TextEncoding): Buffer =>
  encoding === 'utf-8' ? Buffer.from(text, 'utf8') : iconv.encode(text, 'win1251');

/** The body a worker gets for a range: the file from byte max(0, start-1), in random-size chunks. */
async function* bodyFrom(file: Buffer, start: number, random: () => number, maxChunk: number): AsyncGenerator<Uint8Array> {
  for (let at = Math.max(0, start - 1); at < file.length; ) {
    const size = 1 + Math.floor(random() * maxChunk);
    yield new Uint8Array(file.subarray(at, at + size)); // plain Uint8Array, not Buffer
    at += size;
  }
}

async function collect(iterable: AsyncIterable<string>): Promise<string[]> {
  const out: string[] = [];
  for await (const x of iterable) out.push(x);
  return out;
}

/** What a reader of the whole file sees: lines without '\r', no line after a final '\n', no BOM. */
function expectedLines(text: string): string[] {
  const body = text.replace(/^\uFEFF/, '');
  if (body === '') return [];
  const lines = body.split('\n').map((l) => l.replace(/\r$/, ''));
  if (body.endsWith('\n')) lines.pop();
  return lines;
}

const WORDS = ['7756410834000012', 'Иванов', 'Пётр', 'Ёлкина', '15.03.1985', '', 'I11.9,E11.9', '"a;b"', 'x'];

function randomFile(random: () => number): string {
  const lines: string[] = [];
  const count = Math.floor(random() * 40);
  for (let i = 0; i < count; i++) {
    const fields = Array.from({ length: Math.floor(random() * 5) }, () => WORDS[Math.floor(random() * WORDS.length)]!);
    lines.push(fields.join(';') + (random() < 0.3 ? '\r' : ''));
  }
  let text = lines.join('\n');
  if (random() < 0.6) text += '\n';
  if (random() < 0.2) text = '\uFEFF' + text;
  return text;
}

describe('linesInRange', () => {
  it('over all ranges yields every line of the file exactly once (property, random files and cuts)', async () => {
    const random = rng(20240601);
    for (let round = 0; round < 300; round++) {
      const encoding: TextEncoding = random() < 0.5 ? 'utf-8' : 'windows-1251';
      const text = randomFile(random);
      if (encoding === 'windows-1251' && text.startsWith('\uFEFF')) continue; // a BOM makes it UTF-8 by definition
      const file = encode(text, encoding);
      const cuts = new Set<number>();
      const pieces = Math.floor(random() * 6);
      for (let i = 0; i < pieces; i++) cuts.add(1 + Math.floor(random() * Math.max(1, file.length - 1)));
      const bounds = [0, ...[...cuts].filter((c) => c < file.length).sort((a, b) => a - b), Math.max(1, file.length)];
      const got: string[] = [];
      for (let i = 0; i + 1 < bounds.length; i++) {
        const range = { start: bounds[i]!, end: bounds[i + 1]! };
        got.push(...(await collect(linesInRange(bodyFrom(file, range.start, random, 1 + Math.floor(random() * 16)), range, encoding))));
      }
      expect(got, `round ${round}, ${encoding}, cuts ${bounds.join(',')}`).toEqual(expectedLines(text));
    }
  });

  it('gives a line that starts exactly at a range start to that range', async () => {
    const file = Buffer.from('ab\ncd\nef\n');
    const first = await collect(linesInRange(bodyFrom(file, 0, rng(1), 4), { start: 0, end: 3 }, 'utf-8'));
    const second = await collect(linesInRange(bodyFrom(file, 3, rng(1), 4), { start: 3, end: 9 }, 'utf-8'));
    expect(first).toEqual(['ab']);
    expect(second).toEqual(['cd', 'ef']);
  });

  it('reads the range’s last line past its end, and a range with no line start yields nothing', async () => {
    const file = Buffer.from('short\na much longer line\nz\n');
    expect(await collect(linesInRange(bodyFrom(file, 0, rng(2), 3), { start: 0, end: 7 }, 'utf-8'))).toEqual(['short', 'a much longer line']);
    expect(await collect(linesInRange(bodyFrom(file, 8, rng(2), 3), { start: 8, end: 20 }, 'utf-8'))).toEqual([]);
  });

  it('keeps empty lines so row numbers stay physical, strips CR and the first line’s BOM', async () => {
    const file = Buffer.from('\uFEFFENP;FAM\r\n\r\n1;Иванов\r\n\n2;Петров', 'utf8');
    const lines = await collect(linesInRange(bodyFrom(file, 0, rng(3), 5), { start: 0, end: file.length }, 'utf-8'));
    expect(lines).toEqual(['ENP;FAM', '', '1;Иванов', '', '2;Петров']);
  });

  it('decodes windows-1251 Cyrillic split across chunks', async () => {
    const text = 'ФАМ;ИМ\nЁжиков;Щукин\n';
    const lines = await collect(linesInRange(bodyFrom(iconv.encode(text, 'win1251'), 0, rng(4), 1), { start: 0, end: 100 }, 'windows-1251'));
    expect(lines).toEqual(['ФАМ;ИМ', 'Ёжиков;Щукин']);
  });

  it('stops reading the body once the range’s last line is complete', async () => {
    const file = Buffer.from(Array.from({ length: 1000 }, (_, i) => `line ${i}`).join('\n'));
    let chunks = 0;
    async function* counted(): AsyncGenerator<Uint8Array> {
      for (let at = 0; at < file.length; at += 10) {
        chunks++;
        yield file.subarray(at, at + 10);
      }
    }
    const lines = await collect(linesInRange(counted(), { start: 0, end: 20 }, 'utf-8'));
    expect(lines).toEqual(['line 0', 'line 1', 'line 2']);
    expect(chunks).toBeLessThanOrEqual(3);
  });

  it('accepts a Node Readable and yields blocks with the same lines', async () => {
    const text = 'a;b\nc;d\ne;f\n';
    const blocks: string[][] = [];
    for await (const block of lineBlocksInRange(Readable.from([Buffer.from(text)]), { start: 0, end: text.length }, 'utf-8')) blocks.push(block);
    expect(blocks.flat()).toEqual(['a;b', 'c;d', 'e;f']);
  });

  it('hands a line too long to be a table row out as one OVERLONG_LINE and reads on, whatever the chunking', async () => {
    const giant = 'A;'.repeat(5 * 1024 * 1024); // 10 MB, one line
    const file = Buffer.from(`H;1\nbefore\n${giant}\nafter\nlast`);
    const expected = ['H;1', 'before', OVERLONG_LINE, 'after', 'last'];
    for (const maxChunk of [64, 4096, 70_000, file.length]) {
      const lines = await collect(linesInRange(bodyFrom(file, 0, rng(maxChunk), maxChunk), { start: 0, end: file.length }, 'utf-8'));
      expect(lines, `chunks up to ${maxChunk} bytes`).toEqual(expected);
    }
  });

  it('gives an overlong line to the range it starts in, and the next line to the next range', async () => {
    const giant = 'B'.repeat(MAX_LINE_BYTES * 3);
    const file = Buffer.from(`a\n${giant}\nb\nc\n`);
    const cut = 10; // inside the giant line: it belongs to the first range
    const first = await collect(linesInRange(bodyFrom(file, 0, rng(7), 5000), { start: 0, end: cut }, 'utf-8'));
    const second = await collect(linesInRange(bodyFrom(file, cut, rng(8), 5000), { start: cut, end: file.length }, 'utf-8'));
    expect(first).toEqual(['a', OVERLONG_LINE]);
    expect(second).toEqual(['b', 'c']);
  });

  it('ends an unterminated overlong last line as OVERLONG_LINE without holding its bytes', async () => {
    async function* endless(): AsyncGenerator<Uint8Array> {
      yield Buffer.from('H\n');
      const block = Buffer.alloc(1024 * 1024, 0x41);
      for (let i = 0; i < 20; i++) yield block;
    }
    expect(await collect(linesInRange(endless(), { start: 0, end: 10 }, 'utf-8'))).toEqual(['H', OVERLONG_LINE]);
  });

  it('keeps a line just under the cap', async () => {
    const line = 'C'.repeat(MAX_LINE_BYTES - 1);
    expect(await collect(linesInRange(bodyFrom(Buffer.from(`${line}\nx`), 0, rng(9), 1000), { start: 0, end: 10 }, 'utf-8'))).toEqual([line]);
  });
});

describe('splitFields', () => {
  it('splits plain lines on ";" keeping empty fields', () => {
    expect(splitFields('a;;b;')).toEqual(['a', '', 'b', '']);
    expect(splitFields('')).toEqual(['']);
    expect(splitFields('one')).toEqual(['one']);
    // Width changes between lines must not leak (the plain path presizes its array).
    expect(splitFields('1;2;3;4;5')).toHaveLength(5);
    expect(splitFields('1;2')).toEqual(['1', '2']);
    expect(splitFields('1;2;3;4;5;6;7')).toEqual(['1', '2', '3', '4', '5', '6', '7']);
  });

  it('honours double-quote quoting with "" escapes', () => {
    expect(splitFields('"a;b";"say ""hi""";c')).toEqual(['a;b', 'say "hi"', 'c']);
    expect(splitFields('"";x;""')).toEqual(['', 'x', '']);
    expect(splitFields('x;"last"')).toEqual(['x', 'last']);
    expect(splitFields('"a";')).toEqual(['a', '']);
  });

  it('is lenient with stray quotes', () => {
    expect(splitFields('ab"c;d')).toEqual(['ab"c', 'd']); // quote inside an unquoted field is data
    expect(splitFields('"open;rest')).toEqual(['open;rest']); // unclosed quote runs to the end
    expect(splitFields('"a"b;c')).toEqual(['ab', 'c']); // text after the closing quote is kept
  });

  it('reads back what joinFields writes', () => {
    const fields = ['plain', 'semi;colon', 'quote"d', '', '"', 'Иванов'];
    expect(splitFields(joinFields(fields))).toEqual(fields);
    expect(joinFields(['a', 'b'])).toBe('a;b');
  });

  // Found by test/unit/files/csv.property.test.ts: ["\n", ""] was written as a quoted field spanning
  // two lines, which the line reader (fields never span lines) read back as two broken rows.
  it('writes a value with a line break on one line, the break as one space', async () => {
    expect(joinFields(['\n', ''])).toBe(' ;');
    expect(joinFields(['Иванов\r\nПетров', 'a\rb;c', 'x\n\ny'])).toBe('Иванов Петров;"a b;c";x  y');
    const lines = await collect(linesInRange(bodyFrom(Buffer.from(`${joinFields(['\n', ''])}\r\n${joinFields(['a'])}\r\n`), 0, rng(1), 4), { start: 0, end: 100 }, 'utf-8'));
    expect(lines.map(splitFields)).toEqual([[' ', ''], ['a']]);
  });
});
