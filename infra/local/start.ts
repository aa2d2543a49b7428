import { ensureConsoleBuilt } from './console.js';
import { DEFAULT_ENDPOINTS_FILE } from './endpoints.js';
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
const e = stack.endpoints;
console.log(`
omsflow local stack is running (data: ${dataDir})
  Console    ${e.api.url}/   sign in on the test-stand page: e.g. «МО … — руководитель» (390001) or «ТФОМС … (39)»
  API        ${e.api.url}   (OpenAPI: ${e.api.openapi})
  S3         ${e.s3.endpoint}   buckets: ${Object.values(e.s3.buckets).join(', ')}
  DynamoDB   ${e.dynamodb.endpoint}   tables: ${Object.values(e.dynamodb.tables).join(', ')}
  SQS        ${e.sqs.endpoint}   queues: ${Object.keys(e.sqs.queues).length} (incl. DLQs)
  Issuer     ${e.oidc.issuer}   JWKS: ${e.oidc.jwksUrl}
Endpoints, names and handler env: ${DEFAULT_ENDPOINTS_FILE}
Token:   npm run token -- --org 77 --authority A --role Просмотр
Call:    curl -H "Authorization: Bearer $(npm run -s token -- --org 77)" ${e.api.url}/v1/files
Upload:  aws --endpoint-url ${e.s3.endpoint} s3 cp export.csv s3://${e.s3.buckets.inbox}/77/insured/export.csv
         (credentials S3RVER / S3RVER, region ${e.region})
Queued SQS messages are saved on a clean stop (Ctrl-C) and restored at the next start; a crash loses them.
`);

stopOnSignal(stack, (signal) => `\n${signal}: stopping (waiting for running handlers)…`);
