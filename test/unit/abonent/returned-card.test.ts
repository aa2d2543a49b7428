import { describe, expect, it } from 'vitest';
import { checkBuffer, fillAll, formWorkbook, sampleRows, editWorkbook } from '../../support/abonent.js';

describe('a returned row carries who it named (registry card for stage 4)', () => {
  it('takes ФИО, birth date (ISO) and phone from the locked cells; no phone, no phone key', async () => {
    const rows = sampleRows(6);
    const formed = await formWorkbook(rows);
    const filled = await editWorkbook(formed.buffer, (sheet) => fillAll(sheet, rows.length));
    const { check, entries } = await checkBuffer(filled, formed.meta, formed.originals);
    expect(check.fileRejected).toBe(false);
    expect(entries).toHaveLength(rows.length);
    for (const entry of entries) {
      const row = rows.find((r) => r.enp === entry.enp)!;
      const [d, m, y] = row.dr.split('.');
      expect(entry.card).toEqual({ fio: row.fio, dr: `${y}-${m}-${d}`, ...(row.phone ? { phone: row.phone } : {}) });
    }
    expect(entries.some((e) => !('phone' in e.card!))).toBe(true);
  });
});
