import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import { FUNCTIONS } from '../../functions/catalog.js';
import { resetClients } from '../../shared/adapters/clients.js';
import { handlerProcessEnv, readEndpoints, REPO_ROOT } from './endpoints.js';
import { firedNow } from './events.js';
import { Invoker } from './invoker.js';

/**
 * `npm run invoke -- <function-id> <event-file.json>`: runs one handler in this process with the
 * event, against the running local stack (env from .local/endpoints.json), and prints its result.
 * A Scheduled Event is fired now (its `time` replaced), as the rule would fire it.
 */

const [functionId, eventFile] = process.argv.slice(2);
if (!functionId || !eventFile) {
  console.error(`usage: npm run invoke -- <function-id> <event-file.json>\nfunctions: ${FUNCTIONS.map((f) => f.id).join(', ')}`);
  process.exit(2);
}
if (!FUNCTIONS.some((f) => f.id === functionId)) {
  console.error(`unknown function "${functionId}"; known: ${FUNCTIONS.map((f) => f.id).join(', ')}`);
  process.exit(2);
}

const endpoints = await readEndpoints();
Object.assign(process.env, handlerProcessEnv(endpoints));
resetClients();
const event = firedNow(JSON.parse(await readFile(resolve(process.cwd(), eventFile), 'utf8')), new Date());
const invoker = new Invoker({ repoRoot: REPO_ROOT, functions: FUNCTIONS, concurrency: 1, log: console.error });
try {
  const result = await invoker.invoke(functionId, event);
  console.log(JSON.stringify(result, null, 2) ?? 'undefined');
  process.exit(0);
} catch (error) {
  console.error(error);
  process.exit(1);
}
