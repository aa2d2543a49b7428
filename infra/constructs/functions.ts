import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Annotations, Aws, DockerImage, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import type * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as nodejs from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import {
  bucketEnvName,
  ENV,
  queueEnvName,
  secretEnvName,
  topicEnvName,
  tableEnvName,
  type Access,
  type BucketId,
  type FunctionDecl,
  type TableId,
} from '../../shared/runtime/declarations.js';
import { pascal } from './names.js';
import type { Queues } from './queues.js';
import type { Secrets } from './secrets.js';
import type { Topics } from './topics.js';

/**
 * esbuild output is ESM; CommonJS dependencies bundled into it (exceljs, iconv-lite…) still call
 * `require` for Node built-ins, which ESM lacks. This is the shim Powertools documents.
 */
export const ESM_REQUIRE_BANNER =
  "import { createRequire } from 'module';const require = createRequire(import.meta.url);";

/**
 * Stands in for the Docker image NodejsFunction would fall back to when esbuild cannot run
 * locally. There is no Docker here (nor in CI): fail with the reason instead of trying it.
 */
class NoDockerBundling extends DockerImage {
  constructor() {
    super('omsflow-no-docker-bundling');
  }
  override run(): void {
    throw new Error('Docker bundling is disabled for omsflow: esbuild must run locally (run `npm ci`).');
  }
}

export interface OmsFunctionProps {
  /** Absolute path of the handler module; it must export `handler`. */
  entry: string;
  /** Directory holding package-lock.json and node_modules. */
  projectRoot: string;
  description: string;
  memoryMb: number;
  timeoutSeconds: number;
  environment: Record<string, string>;
  logRetention: logs.RetentionDays;
  logLevel: string;
}

/**
 * The defaults every omsflow Lambda shares, written once: Node.js 22 on ARM64, ESM bundle with
 * source maps built by the local esbuild, its own log group with retention, a role that may write
 * only to that log group (no AWSLambdaBasicExecutionRole), Powertools settings.
 */
export class OmsFunction extends Construct {
  readonly fn: lambda.Function;
  readonly role: iam.Role;
  readonly logGroup: logs.LogGroup;

  constructor(scope: Construct, id: string, props: OmsFunctionProps) {
    super(scope, id);
    this.logGroup = new logs.LogGroup(this, 'Logs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('lambda.amazonaws.com'),
      description: `omsflow ${id}: execution role`,
    });
    this.logGroup.grantWrite(this.role);

    const common = {
      runtime: lambda.Runtime.NODEJS_22_X,
      architecture: lambda.Architecture.ARM_64,
      description: props.description,
      memorySize: props.memoryMb,
      timeout: Duration.seconds(props.timeoutSeconds),
      role: this.role,
      logGroup: this.logGroup,
      environment: {
        POWERTOOLS_SERVICE_NAME: 'omsflow',
        POWERTOOLS_LOG_LEVEL: props.logLevel,
        NODE_OPTIONS: '--enable-source-maps',
        ...props.environment,
      },
    };

    if (!existsSync(props.entry) && !Stack.of(this).bundlingRequired) {
      // Only for synthesis with bundling skipped (template tests) before a handler exists: the
      // asset would be a placeholder anyway. With bundling on, a missing entry fails as usual.
      Annotations.of(this).addWarningV2(
        'omsflow:missingEntry',
        `Handler ${props.entry} does not exist; placeholder code used because bundling is skipped.`,
      );
      this.fn = new lambda.Function(this, 'Function', {
        ...common,
        handler: 'index.handler',
        code: lambda.Code.fromInline('export const handler = async () => { throw new Error("not bundled"); };'),
      });
    } else {
      this.fn = new nodejs.NodejsFunction(this, 'Function', {
        ...common,
        entry: props.entry,
        handler: 'handler',
        projectRoot: props.projectRoot,
        depsLockFilePath: join(props.projectRoot, 'package-lock.json'),
        // The SDK is bundled so the code runs against the version it was tested with, not
        // whatever the Lambda runtime ships.
        bundling: {
          format: nodejs.OutputFormat.ESM,
          target: 'node22',
          mainFields: ['module', 'main'],
          banner: ESM_REQUIRE_BANNER,
          bundleAwsSDK: true,
          minify: true,
          keepNames: true,
          sourceMap: true,
          sourcesContent: false,
          forceDockerBundling: false,
          dockerImage: new NoDockerBundling(),
          // Reference data (НСИ) ships as files beside the bundle, so a newer version can replace
          // them without a code change (shared/reference/load.ts looks for reference-data/).
          commandHooks: {
            beforeBundling: () => [],
            beforeInstall: () => [],
            afterBundling: (inputDir: string, outputDir: string) => [
              `cp -r "${inputDir}/shared/reference/data" "${outputDir}/reference-data"`,
            ],
          },
        },
      });
    }

    NagSuppressions.addResourceSuppressions(this.fn, [
      {
        id: 'AwsSolutions-L1',
        reason: 'Node.js 22 is the deliberate target (current LTS, the runtime the handlers are built and tested for).',
      },
    ]);
  }
}

export interface FunctionsProps {
  decls: readonly FunctionDecl[];
  /** Directory holding functions/, package-lock.json and node_modules. */
  projectRoot: string;
  buckets: Record<BucketId, s3.IBucket>;
  /** Key of the buckets; S3 grants name it explicitly (see grantBucket). */
  bucketKey: kms.IKey;
  tables: Record<TableId, dynamodb.ITable>;
  queues: Queues;
  topics: Topics;
  secrets: Secrets;
  oidc: { issuer: string; audience: string };
  logRetention: logs.RetentionDays;
  logLevel: string;
}

/**
 * One Lambda per FunctionDecl. Environment and permissions follow `access` exactly: a function
 * sees and may touch only what its declaration names. Triggers are wired elsewhere.
 */
export class Functions extends Construct {
  readonly functions: Record<string, OmsFunction>;

  constructor(scope: Construct, id: string, props: FunctionsProps) {
    super(scope, id);
    this.functions = {};
    for (const decl of props.decls) {
      const environment: Record<string, string> = {};
      for (const [bucketId] of accessEntries(decl.access.buckets)) {
        environment[bucketEnvName(bucketId)] = props.buckets[bucketId].bucketName;
      }
      for (const [tableId] of accessEntries(decl.access.tables)) {
        environment[tableEnvName(tableId)] = props.tables[tableId].tableName;
      }
      for (const queueId of decl.access.sendTo ?? []) {
        environment[queueEnvName(queueId)] = props.queues.get(queueId).queueUrl;
      }
      for (const topicId of decl.access.publishTo ?? []) {
        environment[topicEnvName(topicId)] = props.topics.topics[topicId].topicArn;
      }
      for (const secretId of decl.access.secrets ?? []) {
        environment[secretEnvName(secretId)] = props.secrets.secrets[secretId].secretArn;
      }
      if (decl.triggers.some((trigger) => trigger.kind === 'http')) {
        environment[ENV.issuer] = props.oidc.issuer;
        environment[ENV.audience] = props.oidc.audience;
      }

      const fn = new OmsFunction(this, pascal(decl.id), {
        entry: join(props.projectRoot, decl.entry),
        projectRoot: props.projectRoot,
        description: decl.description,
        memoryMb: decl.memoryMb,
        timeoutSeconds: decl.timeoutSeconds,
        environment,
        logRetention: props.logRetention,
        logLevel: props.logLevel,
      });

      for (const [bucketId, access] of accessEntries(decl.access.buckets)) {
        grantBucket(fn.role, props.buckets[bucketId], props.bucketKey, access);
      }
      for (const [bucketId, prefixes] of Object.entries(decl.access.writeUnder ?? {}) as Array<[BucketId, string[]]>) {
        grantPutUnder(fn.role, props.buckets[bucketId], props.bucketKey, prefixes);
      }
      for (const [tableId, access] of accessEntries(decl.access.tables)) {
        const table = props.tables[tableId];
        if (access === 'read') table.grantReadData(fn.role);
        else if (access === 'write') table.grantWriteData(fn.role);
        else table.grantReadWriteData(fn.role);
      }
      for (const queueId of decl.access.sendTo ?? []) {
        props.queues.get(queueId).grantSendMessages(fn.role);
      }
      for (const topicId of decl.access.publishTo ?? []) {
        props.topics.grantPublish(topicId, fn.role);
      }
      for (const secretId of decl.access.secrets ?? []) {
        props.secrets.grantRead(secretId, fn.role);
      }
      suppressGrantWildcards(fn.role);
      this.functions[decl.id] = fn;
    }
  }
}

function accessEntries<K extends string>(map: Partial<Record<K, Access>> | undefined): Array<[K, Access]> {
  return Object.entries(map ?? {}) as Array<[K, Access]>;
}

/**
 * S3 permissions written out instead of `bucket.grant*`: those add `s3:DeleteObject*` (which
 * includes deleting versions for good) to read-write and action wildcards everywhere. Handlers
 * only get, head (GetObject), range-read, put and multipart-upload. ListBucket makes a missing key
 * answer NoSuchKey instead of AccessDenied. KMS use is limited to requests made through S3.
 */
function grantBucket(role: iam.IRole, bucket: s3.IBucket, key: kms.IKey, access: Access): void {
  const read = access !== 'write';
  const write = access !== 'read';
  const objectActions = [
    ...(read ? ['s3:GetObject', 's3:GetObjectVersion'] : []),
    // ListParts: the API resumes and completes a console's multipart upload from S3's own part list.
    ...(write ? ['s3:PutObject', 's3:AbortMultipartUpload', 's3:ListMultipartUploadParts'] : []),
  ];
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({ actions: objectActions, resources: [bucket.arnForObjects('*')] }),
  );
  if (read) {
    role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:ListBucket'], resources: [bucket.bucketArn] }));
  }
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      // Multipart uploads to an SSE-KMS bucket need Decrypt as well as GenerateDataKey.
      actions: write ? ['kms:Decrypt', 'kms:GenerateDataKey'] : ['kms:Decrypt'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
    }),
  );
}

/** PutObject under the given key prefixes only (a server-side copy needs no more on the target). */
function grantPutUnder(role: iam.IRole, bucket: s3.IBucket, key: kms.IKey, prefixes: string[]): void {
  role.addToPrincipalPolicy(new iam.PolicyStatement({ actions: ['s3:PutObject'], resources: prefixes.map((p) => bucket.arnForObjects(`${p}*`)) }));
  role.addToPrincipalPolicy(
    new iam.PolicyStatement({
      actions: ['kms:Decrypt', 'kms:GenerateDataKey'],
      resources: [key.keyArn],
      conditions: { StringEquals: { 'kms:ViaService': `s3.${Aws.REGION}.amazonaws.com` } },
    }),
  );
}

function suppressGrantWildcards(role: iam.Role): void {
  NagSuppressions.addResourceSuppressions(
    role,
    [
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Object keys are data (RR/insured/<file>, protocols…), so object permissions name the bucket ' +
          'with /*; actions are listed one by one, nothing else in the account is reachable.',
        appliesTo: [{ regex: '/^Resource::<.*Bucket[0-9A-F]{8}\\.Arn>/\\*$/' }],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason: 'Put-only under one fixed key prefix (writeUnder, e.g. the inbox quarantine/): the keys below it are data.',
        appliesTo: [{ regex: '/^Resource::<.*Bucket[0-9A-F]{8}\\.Arn>/[a-z-]+/\\*$/' }],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'Queries on the table\'s own GSIs (CDK Table.grant*Data names <table>/index/*); only indexes of ' +
          'tables this function declares are reachable.',
        appliesTo: [{ regex: '/^Resource::<.*Table[0-9A-F]{8}\\.Arn>/index/\\*$/' }],
      },
      {
        id: 'AwsSolutions-IAM5',
        reason:
          'KMS actions granted by CDK for the customer key of DynamoDB tables and SQS queues ' +
          '(GenerateDataKey*/ReEncrypt* variants the services call); Resource is that single key.',
        appliesTo: ['Action::kms:GenerateDataKey*', 'Action::kms:ReEncrypt*'],
      },
    ],
    true,
  );
}
