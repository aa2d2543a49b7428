import { parseArgs } from 'node:util';
import { DEFAULT_DATA_DIR } from './endpoints.js';
import { mintToken } from './issuer.js';

/**
 * `npm run token -- --org <code> [--authority A|B] [--role <role>] [--sub <id>] [--snils <n>] [--ttl <s>]`
 * prints a bearer token of the local issuer. Works without the stack running: the key is created
 * under .local/data/issuer if missing, and `iss` is the URL of the last start (default port 3000).
 */

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    authority: { type: 'string' },
    role: { type: 'string' },
    sub: { type: 'string' },
    snils: { type: 'string' },
    ttl: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});

if (!values.org) {
  console.error('usage: npm run token -- --org <FOMS|RR|MO code|SMO code> [--authority A|B] [--role <role>] [--sub <id>] [--ttl <seconds>]');
  process.exit(2);
}
if (values.authority && !['A', 'B'].includes(values.authority)) {
  console.error('--authority must be A or B (seed 003)');
  process.exit(2);
}

const token = await mintToken(
  {
    org: values.org,
    authority: values.authority,
    role: values.role,
    sub: values.sub,
    snils: values.snils,
    ttlSeconds: values.ttl ? Number(values.ttl) : undefined,
  },
  values['data-dir'] ?? DEFAULT_DATA_DIR,
);
process.stdout.write(token + '\n');
