import { describe, expect, it } from 'vitest';
import { generatedDocs, routesMarkdown, staleDocs, whoMayCall } from '../../../infra/local/make-docs.js';
import { FLK_RULES } from '../../../shared/flk/codes.js';
import { HOSP_RULES } from '../../../shared/hospitalization/rules.js';
import { API_ROUTES } from '../../../shared/runtime/api-routes.js';

describe('generated docs (npm run docs)', () => {
  it('the committed route table and ФЛК catalogue are what `npm run docs` writes now — if not, run `npm run docs`', async () => {
    expect(await staleDocs(), 'stale generated docs: run `npm run docs` and commit the result').toEqual([]);
  });

  it('the route table lists every declared route with who may call it', () => {
    const md = generatedDocs()['shared/runtime/ROUTES.md']!;
    for (const route of API_ROUTES) expect(md).toContain(`| ${route.method} | \`${route.path}\` | ${whoMayCall(route.access).replace(/\|/g, '\\|')} |`);
    const added = routesMarkdown([...API_ROUTES, { method: 'GET', path: '/v1/new', auth: 'jwt', summary: 'New', access: { orgTypes: ['FOMS'], scope: 'any' } }]);
    expect(added).toContain('| GET | `/v1/new` | FOMS | New |');
  });

  it('says who may call in the terms of the access rule', () => {
    expect(whoMayCall({ public: true })).toBe('anyone, no token');
    expect(whoMayCall({ orgTypes: ['FOMS', 'TFOMS'], scope: 'region' })).toBe('FOMS; TFOMS of the region');
    expect(whoMayCall({ orgTypes: ['MO', 'SMO'], scope: 'org', authority: 'B', roles: ['Утверждение'] })).toBe('the MO/SMO itself: head, or authority B with «Утверждение»');
    expect(whoMayCall({ orgTypes: ['FOMS', 'TFOMS', 'MO'], scope: 'region', regionMembers: true })).toBe('FOMS; TFOMS of the region; any MO of the region: any of its users');
  });

  it('the ФЛК catalogue names every code with its rule and message', () => {
    const md = generatedDocs()['shared/flk/README.md']!;
    for (const [code, rule] of Object.entries({ ...FLK_RULES, ...HOSP_RULES })) {
      expect(md).toContain(`| ${code} |`);
      expect(md).toContain(rule.name);
    }
    expect(md).toContain('| R002 | ЕНП должен состоять из 16 цифр |');
  });
});
