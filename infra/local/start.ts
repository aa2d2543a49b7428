import { ensureConsoleBuilt } from './console.js';
import { startBanner } from './banner.js';
import { dataDirFromArgs, stopOnSignal } from './serve.js';
import { startLocalStack } from './stack.js';

/**
 * `npm start`: the local stack on fixed ports (DynamoDB 4567, S3 4568, SQS 4566, API 3000; override
 * with OMS_LOCAL_PORT_DYNAMODB / _S3 / _SQS / _API), data under .local/data (`-- --demo`: the data
 * `npm run demo` left; `-- --data DIR`: any folder). Ctrl-C stops cleanly.
 */

const dataDir = dataDirFromArgs(process.argv.slice(2));

const port = (name: string): number | undefined => {
  const value = process.env[`OMS_LOCAL_PORT_${name}`];
  return value === undefined ? undefined : Number(value);
};

const ports = Object.fromEntries(
  Object.entries({ dynamodb: port('DYNAMODB'), s3: port('S3'), sqs: port('SQS'), api: port('API') }).filter(([, v]) => v !== undefined),
);

// The console is served at the API's root; it is (re)built when web/dist is missing or stale.
const consoleDir = await ensureConsoleBuilt();
const stack = await startLocalStack({ dataDir, ports, consoleDir });
console.log(startBanner(stack.endpoints, dataDir));

stopOnSignal(stack, (signal) => `\n${signal}: stopping (waiting for running handlers)…`);
