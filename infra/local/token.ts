import { parseArgs } from 'node:util';
import { resetClients } from '../../shared/adapters/clients.js';
import { demoUser, ensureDemoUser } from './demo-users.js';
import { DEFAULT_DATA_DIR, handlerProcessEnv, readEndpoints } from './endpoints.js';
import { mintToken } from './issuer.js';

/**
 * `npm run token -- --org <code> [--authority A|B] [--role <role>] [--ttl <s>]` prints a bearer
 * token of the local issuer for a demo user (DOMAIN.md §9) and registers that user in the running
 * stack: an MO/SMO without --authority is its head; FOMS and TFOMS users are fund staff.
 */

const { values } = parseArgs({
  options: {
    org: { type: 'string' },
    authority: { type: 'string' },
    role: { type: 'string' },
    ttl: { type: 'string' },
    'data-dir': { type: 'string' },
  },
});

if (!values.org) {
  console.error('usage: npm run token -- --org <FOMS|RR|MO code|SMO code> [--authority A|B] [--role <role>] [--ttl <seconds>]');
  process.exit(2);
}

let user;
try {
  user = demoUser({ org: values.org, authority: values.authority, role: values.role });
} catch (error) {
  console.error((error as Error).message);
  process.exit(2);
}

try {
  Object.assign(process.env, handlerProcessEnv(await readEndpoints()));
  resetClients();
  await ensureDemoUser(user);
} catch {
  console.error('Локальный стенд не запущен (npm start): токен выдан, но пользователь не зарегистрирован — запустите стенд и повторите.');
}

const token = await mintToken(
  { org: user.org, sub: `demo-${user.snils}`, snils: user.snils, ttlSeconds: values.ttl ? Number(values.ttl) : undefined },
  values['data-dir'] ?? DEFAULT_DATA_DIR,
);
process.stdout.write(token + '\n');
