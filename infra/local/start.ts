import { ensureConsoleBuilt } from './console.js';
import { DEFAULT_DATA_DIR, DEFAULT_ENDPOINTS_FILE } from './endpoints.js';
import { startLocalStack } from './stack.js';

/**
 * `npm start`: the local stack on fixed ports (DynamoDB 4567, S3 4568, SQS 4566, API 3000; override
 * with OMS_LOCAL_PORT_DYNAMODB / _S3 / _SQS / _API), data under .local/data. Ctrl-C stops cleanly.
 */

const port = (name: string): number | undefined => {
  const value = process.env[`OMS_LOCAL_PORT_${name}`];
  return value === undefined ? undefined : Number(value);
};

const ports = Object.fromEntries(
  Object.entries({ dynamodb: port('DYNAMODB'), s3: port('S3'), sqs: port('SQS'), api: port('API') }).filter(([, v]) => v !== undefined),
);

// The console is served at the API's root; it is (re)built when web/dist is missing or stale.
const consoleDir = await ensureConsoleBuilt();
const stack = await startLocalStack({ dataDir: DEFAULT_DATA_DIR, ports, consoleDir });
const e = stack.endpoints;
console.log(`
omsflow local stack is running (data: ${DEFAULT_DATA_DIR})
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

let stopping = false;
const shutdown = async (signal: string) => {
  if (stopping) return;
  stopping = true;
  console.log(`\n${signal}: stopping (waiting for running handlers)…`);
  try {
    await stack.stop();
    process.exit(0);
  } catch (error) {
    console.error(error);
    process.exit(1);
  }
};
process.on('SIGINT', () => void shutdown('SIGINT'));
process.on('SIGTERM', () => void shutdown('SIGTERM'));
