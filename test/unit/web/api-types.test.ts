import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { API_TYPES_FILE, apiTypes } from '../../../infra/local/console.js';

describe('the web console’s typed API client', () => {
  it('is generated from the current OpenAPI document (run `npm run web:api` when this fails)', async () => {
    const fresh = await apiTypes();
    expect(fresh).toContain('"/v1/orgs/{org}/violations"');
    expect(readFileSync(API_TYPES_FILE, 'utf8'), 'web/src/api/schema.d.ts is stale: run `npm run web:api`').toBe(fresh);
  });
});
