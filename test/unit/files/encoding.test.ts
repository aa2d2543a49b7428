import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { decodeText, decoderFor, detectEncoding, hasUtf8Bom, stripBom } from '../../../shared/files/encoding.js';

const TEXT = 'ENP;FAM;IM\n7756410834000012;Иванов;Пётр\n';
const utf8 = Buffer.from(TEXT, 'utf8');
const bom = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), utf8]);
const cp1251 = iconv.encode(TEXT, 'win1251');

describe('detectEncoding', () => {
  it('takes a UTF-8 BOM as UTF-8', () => {
    expect(hasUtf8Bom(bom)).toBe(true);
    expect(detectEncoding(bom)).toBe('utf-8');
  });

  it('takes valid UTF-8 without BOM as UTF-8', () => {
    expect(hasUtf8Bom(utf8)).toBe(false);
    expect(detectEncoding(utf8)).toBe('utf-8');
  });

  it('takes Cyrillic windows-1251 as windows-1251', () => {
    expect(detectEncoding(cp1251)).toBe('windows-1251');
    expect(detectEncoding(iconv.encode('ФАМИЛИЯ;ИМЯ;ОТЧЕСТВО ёЁ', 'win1251'))).toBe('windows-1251');
  });

  it('tolerates a multibyte character cut at the end of the sample', () => {
    // «Ж» is D0 96 in UTF-8; «€» is E2 82 AC; «𝄞» is F0 9D 84 9E: cut each after every prefix length.
    for (const ch of ['Ж', '€', '𝄞']) {
      const bytes = Buffer.from(`Иванов;${ch}`, 'utf8');
      const width = Buffer.byteLength(ch);
      for (let cut = 1; cut < width; cut++) expect(detectEncoding(bytes.subarray(0, bytes.length - width + cut))).toBe('utf-8');
    }
  });

  it('does not excuse invalid bytes in the middle of the sample', () => {
    const broken = Buffer.concat([Buffer.from('Иван', 'utf8'), Buffer.from([0xd0]), Buffer.from(';ok', 'utf8')]);
    expect(detectEncoding(broken)).toBe('windows-1251');
  });

  it('treats pure ASCII as UTF-8 (both decoders agree on it)', () => {
    expect(detectEncoding(Buffer.from('ENP;SS\n1;2\n'))).toBe('utf-8');
    expect(detectEncoding(new Uint8Array())).toBe('utf-8');
  });
});

describe('decoders', () => {
  it('decode both encodings to the same text', () => {
    expect(decoderFor('windows-1251')(cp1251)).toBe(TEXT);
    expect(decoderFor('utf-8')(utf8)).toBe(TEXT);
  });

  it('decodeText drops the BOM; the chunk decoder keeps a U+FEFF inside the file', () => {
    expect(decodeText(bom, 'utf-8')).toBe(TEXT);
    expect(decoderFor('utf-8')(bom).charCodeAt(0)).toBe(0xfeff);
    expect(stripBom('\uFEFFENP')).toBe('ENP');
    expect(stripBom('ENP')).toBe('ENP');
  });

  it('agrees with iconv-lite on every windows-1251 byte', () => {
    const all = Buffer.from(Array.from({ length: 256 }, (_, i) => i).filter((b) => b !== 0x98)); // 0x98 is unassigned
    expect(decoderFor('windows-1251')(all)).toBe(iconv.decode(all, 'win1251'));
  });
});
