import { Readable } from 'node:stream';
import { expect } from 'vitest';
import { demoToken, type DemoUserRequest } from '../../infra/local/demo-users.js';
import type { LocalStack } from '../../infra/local/stack.js';
import { readXlsxRows } from '../../shared/files/xlsx.js';

export interface ApiAnswer {
  status: number;
  body: any;
}

/** Calls the local stack's HTTP API as a demo user (registered on first use, JWT from the local issuer). */
export type ApiCall = (who: DemoUserRequest, method: string, path: string, body?: unknown) => Promise<ApiAnswer>;

/**
 * The API client of an integration test. The stack and its data dir are read at call time, since
 * tests start them in beforeAll.
 */
export function apiOf(current: () => { stack: LocalStack; dataDir: string }): ApiCall {
  return async (who, method, path, body) => {
    const { stack, dataDir } = current();
    const token = await demoToken(who, dataDir);
    const res = await fetch(`${stack.endpoints.api.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, body: (await res.json()) as any };
  };
}

/** GETs a signed URL, expecting it to be honoured. */
export async function download(url: string): Promise<Buffer> {
  const res = await fetch(url);
  expect(res.status).toBe(200);
  return Buffer.from(await res.arrayBuffer());
}

/** Every row of the first sheet, as the project's own streaming reader sees it. */
export async function xlsxRows(buffer: Buffer): Promise<string[][]> {
  const rows: string[][] = [];
  for await (const row of readXlsxRows(Readable.from(buffer))) rows.push(row);
  return rows;
}
