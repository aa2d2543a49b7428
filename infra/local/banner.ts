import { DEFAULT_ENDPOINTS_FILE, type LocalEndpoints } from './endpoints.js';

/**
 * What `npm start` prints once the stack is up. Every API address in it is a declared route
 * (test/local/banner.test.ts), so a copied command answers instead of a 404.
 */
export function startBanner(e: LocalEndpoints, dataDir: string): string {
  return `
omsflow local stack is running (data: ${dataDir})
  Console    ${e.api.url}/   sign in on the test-stand page: e.g. «МО … — руководитель» (390001) or «ТФОМС … (39)»
  API        ${e.api.url}   (OpenAPI: ${e.api.openapi})
  S3         ${e.s3.endpoint}   buckets: ${Object.values(e.s3.buckets).join(', ')}
  DynamoDB   ${e.dynamodb.endpoint}   tables: ${Object.values(e.dynamodb.tables).join(', ')}
  SQS        ${e.sqs.endpoint}   queues: ${Object.keys(e.sqs.queues).length} (incl. DLQs)
  Issuer     ${e.oidc.issuer}   JWKS: ${e.oidc.jwksUrl}
Endpoints, names and handler env: ${DEFAULT_ENDPOINTS_FILE}
Token:   npm run token -- --org 77 --authority A --role Просмотр
Call:    curl -H "Authorization: Bearer $(npm run -s token -- --org 77)" ${e.api.url}/v1/regions/77/files
Upload:  aws --endpoint-url ${e.s3.endpoint} s3 cp export.csv s3://${e.s3.buckets.inbox}/77/insured/export.csv
         (credentials S3RVER / S3RVER, region ${e.region})
Queued SQS messages are saved on a clean stop (Ctrl-C) and restored at the next start; a crash loses them.
`;
}
