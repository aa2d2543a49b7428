import { expect } from 'vitest';
import { editWorkbook } from './abonent.js';
import { download, xlsxRows, type ApiCall } from './http.js';

const DAY = 86_400_000;

/**
 * Stages 2–3 of batch 12 the way a region's users do them, after stage 1: the TFOMS forms the
 * files, every MO fills its own (a date of the exam window and «запланирован»; `refused` rows
 * «отказ») and returns it through its signed PUT URL, FOMS forms the registry, the TFOMS approves.
 * `onRow` sees every person row of every formed file (sheet row number from 2) before filling.
 */
export async function approveBatch12(opts: {
  api: ApiCall;
  idle: () => Promise<void>;
  campaignId: string;
  region: string;
  examFrom: string;
  refused?: (sheetRow: number) => boolean;
  onRow?: (row: string[], mo: string, sheetRow: number) => void;
}): Promise<void> {
  const { api, idle, campaignId, region } = opts;
  const tfoms = { org: region };
  const stage = `/v1/campaigns/${campaignId}/regions/${region}/batches/12`;
  expect((await api(tfoms, 'POST', `${stage}/forming`)).status).toBe(202);
  await idle();
  const mos = (await api(tfoms, 'GET', `${stage}/mos`)).body.mos.filter((m: any) => m.status === 'FORMED');
  expect(mos.length).toBeGreaterThan(3);
  await returnFilledFiles({ ...opts, mos: mos.map((m: any) => m.mo as string) });
  await idle();
  expect((await api({ org: 'FOMS' }, 'POST', `${stage}/registry`)).status).toBe(200);
  expect((await api(tfoms, 'POST', `${stage}/registry/approve`)).status).toBe(200);
  await idle();
}

/**
 * The heads of `mos` download their formed file of batch 12, fill it (a date of the exam window and
 * «запланирован»; `refused` rows «отказ») and return it through the signed PUT URL, as in x.2.
 */
export async function returnFilledFiles(opts: {
  api: ApiCall;
  campaignId: string;
  mos: string[];
  examFrom: string;
  refused?: (sheetRow: number) => boolean;
  onRow?: (row: string[], mo: string, sheetRow: number) => void;
}): Promise<void> {
  const { api, campaignId } = opts;
  const window = Date.parse(`${opts.examFrom}T00:00:00Z`);
  for (const mo of opts.mos) {
    const head = { org: mo };
    const file = (await api(head, 'GET', `/v1/orgs/${mo}/abonent-files`)).body.files.find((f: any) => f.campaignId === campaignId && f.batch === '12');
    const formed = await download((await api(head, 'GET', `/v1/orgs/${mo}/abonent-files/${file.fileId}/download`)).body.url);
    (await xlsxRows(formed)).slice(1).forEach((row, i) => opts.onRow?.(row, mo, i + 2));
    const filled = await editWorkbook(formed, (sheet) => {
      for (let r = 2; r <= sheet.rowCount; r++) {
        if (opts.refused?.(r)) sheet.getCell(r, 11).value = 'отказ';
        else {
          sheet.getCell(r, 9).value = new Date(window + (r % 10) * DAY);
          sheet.getCell(r, 10).value = (9 * 60 + (r % 6) * 30) / 1440;
          sheet.getCell(r, 11).value = 'запланирован';
        }
      }
    });
    const grant = await api(head, 'POST', `/v1/orgs/${mo}/abonent-files/${file.fileId}/returns`, { size: filled.length });
    expect((await fetch(grant.body.uploadUrl, { method: 'PUT', headers: { 'content-type': grant.body.headers['content-type'] }, body: filled })).status).toBe(200);
  }
}
