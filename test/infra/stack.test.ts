import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, type CfnElement } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS, QUEUES } from '../../functions/catalog.js';
import { API_THROTTLE } from '../../infra/constructs/api.js';
import { DLQ_RETENTION } from '../../infra/constructs/queues.js';
import { NONCURRENT_VERSION_RETENTION_DAYS, WORK_OBJECT_EXPIRY_DAYS } from '../../infra/constructs/storage.js';
import { CONTEXT_DEFAULTS, OmsflowStack } from '../../infra/stack.js';
import { HEARTBEAT_MS, STALE_AFTER_MS } from '../../shared/services/ingest/heartbeat.js';
import {
  BUCKETS,
  bucketEnvName,
  ENV,
  queueEnvName,
  SECRETS,
  secretEnvName,
  TABLE_SCHEMAS,
  TABLES,
  tableEnvName,
  topicEnvName,
  TOPICS,
  type BucketId,
  type FunctionDecl,
  type TableId,
  type Trigger,
} from '../../shared/runtime/declarations.js';

type Resource = { Type: string; Properties: Record<string, any>; DeletionPolicy?: string };
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };

let stack: OmsflowStack;
let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown }>;

/**
 * Same feature flags as `cdk synth` (cdk.json), bundling skipped: the template is what is tested.
 * CDK's built-in CloudFormation validation (a WASM engine, ~5 s to start) runs in nag.test.ts.
 */
beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(fileURLToPath(new URL('../../cdk.json', import.meta.url)), 'utf8'));
  const app = new App({
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:validateAgainstDefaultRules': false,
    },
  });
  stack = new OmsflowStack(app, 'Omsflow');
  const template = Template.fromStack(stack).toJSON();
  resources = template.Resources;
  outputs = template.Outputs;
});

const id = (construct: IConstruct): string => stack.getLogicalId(construct.node.defaultChild as CfnElement);
const res = (construct: IConstruct): Resource => {
  const found = resources[id(construct)];
  if (!found) throw new Error(`no resource for ${construct.node.path}`);
  return found;
};
const ofType = (type: string): Array<[string, Resource]> =>
  Object.entries(resources).filter(([, r]) => r.Type === type);
const arnOf = (construct: IConstruct) => ({ 'Fn::GetAtt': [id(construct), 'Arn'] });
const refOf = (construct: IConstruct) => ({ Ref: id(construct) });
const asList = <T>(value: T | T[]): T[] => (Array.isArray(value) ? value : [value]);

const fnOf = (decl: FunctionDecl) => stack.functions.functions[decl.id]!;
const triggers = <K extends Trigger['kind']>(kind: K) =>
  FUNCTIONS.flatMap((decl) =>
    decl.triggers.filter((t): t is Extract<Trigger, { kind: K }> => t.kind === kind).map((trigger) => ({ decl, trigger })),
  );
const accessEntries = <K extends string>(map: Partial<Record<K, string>> | undefined) =>
  Object.entries(map ?? {}) as Array<[K, string]>;

describe('buckets', () => {
  it.each(BUCKETS)('%s: encrypted with the customer key, versioned, access-logged, retained', (bucketId) => {
    const bucket = res(stack.storage.buckets[bucketId]);
    expect(bucket.DeletionPolicy).toBe('Retain');
    expect(bucket.Properties.BucketEncryption.ServerSideEncryptionConfiguration).toEqual([
      expect.objectContaining({
        ServerSideEncryptionByDefault: { SSEAlgorithm: 'aws:kms', KMSMasterKeyID: arnOf(stack.storage.key) },
      }),
    ]);
    expect(bucket.Properties.VersioningConfiguration).toEqual({ Status: 'Enabled' });
    expect(bucket.Properties.LoggingConfiguration).toEqual({
      DestinationBucketName: refOf(stack.storage.accessLogs),
      LogFilePrefix: `${bucketId}/`,
    });
  });

  it('the data key rotates and is retained', () => {
    const key = res(stack.storage.key);
    expect(key.Properties.EnableKeyRotation).toBe(true);
    expect(key.DeletionPolicy).toBe('Retain');
  });

  it('every bucket blocks public access and denies requests without TLS', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBe(BUCKETS.length + 3); // + the access-log bucket, the console and its CDN logs
    const policies = ofType('AWS::S3::BucketPolicy');
    for (const [logicalId, bucket] of buckets) {
      expect(bucket.Properties.PublicAccessBlockConfiguration).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
      const policy = policies.find(([, p]) => JSON.stringify(p.Properties.Bucket) === JSON.stringify({ Ref: logicalId }));
      expect(policy, `bucket policy of ${logicalId}`).toBeDefined();
      const statements: Statement[] = policy![1].Properties.PolicyDocument.Statement;
      expect(statements).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Action: 's3:*', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });

  it('work objects expire; inbox/outbox keep current versions and expire superseded ones', () => {
    for (const bucketId of BUCKETS) {
      const rules: Array<Record<string, unknown>> = res(stack.storage.buckets[bucketId]).Properties.LifecycleConfiguration.Rules;
      if (bucketId === 'work') {
        expect(rules).toContainEqual(expect.objectContaining({ ExpirationInDays: WORK_OBJECT_EXPIRY_DAYS, Status: 'Enabled' }));
      } else {
        expect(rules.every((rule) => rule.ExpirationInDays === undefined)).toBe(true);
        expect(rules).toContainEqual(
          expect.objectContaining({ NoncurrentVersionExpiration: { NoncurrentDays: NONCURRENT_VERSION_RETENTION_DAYS } }),
        );
      }
    }
  });
});

describe('tables', () => {
  it.each(TABLES)('%s: keys, GSIs (ALL), on-demand, PITR, customer-key SSE, TTL', (tableId: TableId) => {
    const schema = TABLE_SCHEMAS[tableId];
    const table = res(stack.tables.tables[tableId]).Properties;
    expect(table.KeySchema).toEqual([
      { AttributeName: schema.partitionKey, KeyType: 'HASH' },
      ...(schema.sortKey ? [{ AttributeName: schema.sortKey, KeyType: 'RANGE' }] : []),
    ]);
    expect(table.BillingMode).toBe('PAY_PER_REQUEST');
    expect(table.PointInTimeRecoverySpecification).toEqual({ PointInTimeRecoveryEnabled: true });
    expect(table.SSESpecification).toEqual({ SSEEnabled: true, SSEType: 'KMS', KMSMasterKeyId: arnOf(stack.storage.key) });
    expect(table.TimeToLiveSpecification).toEqual({ AttributeName: schema.ttlAttribute, Enabled: true });
    expect(table.GlobalSecondaryIndexes ?? []).toEqual(
      schema.indexes.map((index) => ({
        IndexName: index.name,
        KeySchema: [
          { AttributeName: index.partitionKey, KeyType: 'HASH' },
          { AttributeName: index.sortKey, KeyType: 'RANGE' },
        ],
        Projection: { ProjectionType: 'ALL' },
      })),
    );
  });
});

describe('queues', () => {
  it.each(QUEUES.map((q) => [q.id, q] as const))('%s: DLQ redrive with maxReceiveCount, visibility, encryption', (_, decl) => {
    const { queue, dlq } = stack.queues.queues[decl.id]!;
    const source = res(queue).Properties;
    const dead = res(dlq).Properties;
    expect(source.RedrivePolicy).toEqual({ deadLetterTargetArn: arnOf(dlq), maxReceiveCount: decl.maxReceiveCount });
    expect(source.VisibilityTimeout).toBe(decl.visibilityTimeoutSeconds);
    expect(source.KmsMasterKeyId).toEqual(arnOf(stack.queues.key));
    expect(dead.KmsMasterKeyId).toEqual(arnOf(stack.queues.key));
    expect(dead.QueueName).toBe(`${source.QueueName}-dlq`);
    expect(dead.MessageRetentionPeriod).toBe(DLQ_RETENTION.toSeconds());
    // Redrive (StartMessageMoveTask) back to its own source only.
    expect(dead.RedriveAllowPolicy.redrivePermission).toBe('byQueue');
    expect(JSON.stringify(dead.RedriveAllowPolicy.sourceQueueArns)).toContain(`:${source.QueueName}"`);
    expect(source.MessageRetentionPeriod).toBeLessThan(dead.MessageRetentionPeriod);
  });

  it('every queue is encrypted and denies requests without TLS', () => {
    const policies = ofType('AWS::SQS::QueuePolicy');
    for (const [logicalId, queue] of ofType('AWS::SQS::Queue')) {
      expect(queue.Properties.KmsMasterKeyId ?? queue.Properties.SqsManagedSseEnabled, logicalId).toBeTruthy();
      const policy = policies.find(([, p]) => JSON.stringify(p.Properties.Queues).includes(`"${logicalId}"`));
      expect(policy, `queue policy of ${logicalId}`).toBeDefined();
      expect(policy![1].Properties.PolicyDocument.Statement).toContainEqual(
        expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }),
      );
    }
  });
});

describe('functions', () => {
  it.each(FUNCTIONS.map((d) => [d.id, d] as const))('%s: Node.js 22 on arm64, sized as declared, own log group', (_, decl) => {
    const fn = res(fnOf(decl).fn).Properties;
    expect(fn.Runtime).toBe('nodejs22.x');
    expect(fn.Architectures).toEqual(['arm64']);
    expect(fn.MemorySize).toBe(decl.memoryMb);
    expect(fn.Timeout).toBe(decl.timeoutSeconds);
    expect(fn.LoggingConfig.LogGroup).toEqual(refOf(fnOf(decl).logGroup));
    expect(res(fnOf(decl).logGroup).Properties.RetentionInDays).toBe(CONTEXT_DEFAULTS.logRetentionDays);
  });

  it.each(FUNCTIONS.map((d) => [d.id, d] as const))('%s: environment names only what `access` declares', (_, decl) => {
    const vars: Record<string, unknown> = res(fnOf(decl).fn).Properties.Environment.Variables;
    const expected: Record<string, unknown> = {
      POWERTOOLS_SERVICE_NAME: 'omsflow',
      POWERTOOLS_LOG_LEVEL: CONTEXT_DEFAULTS.logLevel,
      NODE_OPTIONS: '--enable-source-maps',
    };
    for (const [bucketId] of accessEntries<BucketId>(decl.access.buckets)) {
      expected[bucketEnvName(bucketId)] = refOf(stack.storage.buckets[bucketId]);
    }
    for (const [tableId] of accessEntries<TableId>(decl.access.tables)) {
      expected[tableEnvName(tableId)] = refOf(stack.tables.tables[tableId]);
    }
    for (const queueId of decl.access.sendTo ?? []) expected[queueEnvName(queueId)] = refOf(stack.queues.get(queueId));
    for (const topicId of decl.access.publishTo ?? []) expected[topicEnvName(topicId)] = refOf(stack.topics.topics[topicId]);
    for (const secretId of decl.access.secrets ?? []) expected[secretEnvName(secretId)] = refOf(stack.secrets.secrets[secretId]);
    if (decl.triggers.some((t) => t.kind === 'http')) {
      expected[ENV.issuer] = CONTEXT_DEFAULTS.oidcIssuer;
      expected[ENV.audience] = CONTEXT_DEFAULTS.oidcAudience;
    }
    expect(vars).toEqual(expected);
  });

  it('only the catalog functions and the CDK notifications, console deployment and bucket-CORS handlers exist', () => {
    const ours = new Set(FUNCTIONS.map((decl) => id(fnOf(decl).fn)));
    const others = ofType('AWS::Lambda::Function').filter(([logicalId]) => !ours.has(logicalId));
    expect(others.map(([logicalId]) => logicalId).sort()).toEqual([
      expect.stringMatching(/^AWS679f53fac002430cb0da5b7982bd2287/), // AwsCustomResource: the upload buckets' CORS (infra/constructs/upload-cors.ts)
      expect.stringMatching(/^BucketNotificationsHandler/),
      expect.stringMatching(/^CustomCDKBucketDeployment/),
    ]);
  });
});

describe('triggers', () => {
  const consumers = [...triggers('sqs'), ...triggers('s3')];

  it('every SQS event source reports batch item failures', () => {
    const mappings = ofType('AWS::Lambda::EventSourceMapping');
    expect(mappings.length).toBe(consumers.length);
    for (const [, mapping] of mappings) {
      expect(mapping.Properties.FunctionResponseTypes).toEqual(['ReportBatchItemFailures']);
    }
  });

  it.each(consumers.map(({ decl, trigger }) => [decl.id, trigger.queue, decl, trigger] as const))(
    '%s consumes %s with the declared batch size',
    (_, queueId, decl, trigger) => {
      const mapping = ofType('AWS::Lambda::EventSourceMapping').find(
        ([, m]) => JSON.stringify(m.Properties.EventSourceArn) === JSON.stringify(arnOf(stack.queues.get(queueId))),
      );
      expect(mapping).toBeDefined();
      expect(mapping![1].Properties.FunctionName).toEqual(refOf(fnOf(decl).fn));
      expect(mapping![1].Properties.BatchSize).toBe(trigger.batchSize ?? 10);
    },
  );

  it.each(triggers('s3').map(({ trigger }) => [trigger.bucket, trigger.queue, trigger] as const))(
    'bucket %s notifies queue %s of created objects',
    (bucketId, queueId, trigger) => {
      const notification = ofType('Custom::S3BucketNotifications').find(
        ([, n]) => JSON.stringify(n.Properties.BucketName) === JSON.stringify(refOf(stack.storage.buckets[bucketId])),
      );
      expect(notification).toBeDefined();
      const configs: Array<Record<string, any>> = notification![1].Properties.NotificationConfiguration.QueueConfigurations;
      const toQueue = configs.filter((c) => JSON.stringify(c.QueueArn) === JSON.stringify(arnOf(stack.queues.get(queueId))));
      expect(toQueue.length).toBe(Math.max(trigger.prefixes.length, 1));
      for (const config of toQueue) expect(config.Events).toEqual(['s3:ObjectCreated:*']);
      const prefixes = toQueue.map((c) => c.Filter?.S3Key?.Rules?.find((r: any) => r.Name === 'prefix')?.Value);
      expect(prefixes.sort()).toEqual(trigger.prefixes.length ? [...trigger.prefixes].sort() : [undefined]);
    },
  );

  it.each(triggers('schedule').map(({ decl, trigger }) => [trigger.id, decl, trigger] as const))(
    'schedule %s: EventBridge rule with the cron, DLQ and retries',
    (scheduleId, decl, trigger) => {
      const rule = res(stack.triggers.schedules[scheduleId]!.rule).Properties;
      expect(rule.ScheduleExpression).toBe(trigger.cron);
      expect(rule.Targets).toEqual([
        expect.objectContaining({
          Arn: arnOf(fnOf(decl).fn),
          DeadLetterConfig: { Arn: arnOf(stack.triggers.schedules[scheduleId]!.dlq) },
          RetryPolicy: expect.objectContaining({ MaximumRetryAttempts: expect.any(Number) }),
        }),
      ]);
    },
  );

  it('there is one rule per schedule trigger', () => {
    expect(ofType('AWS::Events::Rule').length).toBe(triggers('schedule').length);
  });
});

describe('http api', () => {
  const routes = triggers('http').flatMap(({ trigger }) => trigger.routes);

  it('routes are exactly the catalog routes', () => {
    const keys = ofType('AWS::ApiGatewayV2::Route').map(([, r]) => r.Properties.RouteKey);
    expect(keys.sort()).toEqual(routes.map((r) => `${r.method} ${r.path}`).sort());
  });

  it.each(routes.map((r) => [`${r.method} ${r.path}`, r] as const))('%s: authorization as declared', (routeKey, route) => {
    const [, found] = ofType('AWS::ApiGatewayV2::Route').find(([, r]) => r.Properties.RouteKey === routeKey)!;
    const [authorizerId] = ofType('AWS::ApiGatewayV2::Authorizer')[0]!;
    if (route.auth === 'jwt') {
      expect(found.Properties.AuthorizationType).toBe('JWT');
      expect(found.Properties.AuthorizerId).toEqual({ Ref: authorizerId });
    } else {
      expect(found.Properties.AuthorizationType).toBe('NONE');
      expect(found.Properties.AuthorizerId).toBeUndefined();
    }
  });

  it('/openapi.json is the only public route', () => {
    expect(routes.filter((r) => r.auth === 'none').map((r) => r.path)).toEqual(['/openapi.json']);
  });

  it('the JWT authorizer checks issuer and audience from context', () => {
    const authorizers = ofType('AWS::ApiGatewayV2::Authorizer');
    expect(authorizers.length).toBe(1);
    expect(authorizers[0]![1].Properties).toMatchObject({
      AuthorizerType: 'JWT',
      IdentitySource: ['$request.header.Authorization'],
      JwtConfiguration: { Issuer: CONTEXT_DEFAULTS.oidcIssuer, Audience: [CONTEXT_DEFAULTS.oidcAudience] },
    });
  });

  it('the default stage logs access without request paths (they carry ЕНП) and throttles', () => {
    const stage = res(stack.api.stage).Properties;
    expect(stage.StageName).toBe('$default');
    expect(stage.AccessLogSettings.DestinationArn).toEqual(arnOf(stack.api.accessLogs));
    expect(stage.AccessLogSettings.Format).toContain('$context.routeKey');
    expect(stage.AccessLogSettings.Format).not.toMatch(/\$context\.(path|resourcePath)|requestOverride|\.claims\./);
    expect(stage.DefaultRouteSettings).toEqual({
      ThrottlingRateLimit: API_THROTTLE.rateLimit,
      ThrottlingBurstLimit: API_THROTTLE.burstLimit,
    });
  });
});

describe('least privilege (derived from each FunctionDecl.access)', () => {
  const statementsOf = (decl: FunctionDecl): Statement[] => {
    const role = JSON.stringify({ Ref: id(fnOf(decl).role) });
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => p.Properties.Roles.some((r: unknown) => JSON.stringify(r) === role))
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
  };
  const actionsOn = (decl: FunctionDecl, target: IConstruct): Set<string> =>
    new Set(
      statementsOf(decl)
        .filter((s) => JSON.stringify(s.Resource).includes(`"${id(target)}"`))
        .flatMap((s) => asList(s.Action)),
    );
  const queuesWith = (decl: FunctionDecl, action: string): string[] =>
    QUEUES.map((q) => q.id)
      .filter((queueId) => actionsOn(decl, stack.queues.get(queueId)).has(action))
      .sort();
  const cases = FUNCTIONS.map((d) => [d.id, d] as const);

  it.each(cases)('%s: bucket actions match the declared access', (_, decl) => {
    for (const bucketId of BUCKETS) {
      const access = decl.access.buckets?.[bucketId];
      const actions = actionsOn(decl, stack.storage.buckets[bucketId]);
      const reads = access === 'read' || access === 'readwrite';
      const writes = access === 'write' || access === 'readwrite' || !!decl.access.writeUnder?.[bucketId];
      expect(actions.has('s3:GetObject'), `${decl.id} read ${bucketId}`).toBe(reads);
      expect(actions.has('s3:ListBucket'), `${decl.id} list ${bucketId}`).toBe(reads);
      expect(actions.has('s3:PutObject'), `${decl.id} write ${bucketId}`).toBe(writes);
      if (!access && !writes) expect([...actions], `${decl.id} has no access to ${bucketId}`).toEqual([]);
      for (const action of actions) expect(action).not.toMatch(/^s3:(Delete|\*|.*Acl|.*Policy)/);
    }
  });

  it('ingest-receive may put to the inbox only under quarantine/ (it reads the rest)', () => {
    const decl = FUNCTIONS.find((f) => f.id === 'ingest-receive')!;
    const puts = statementsOf(decl).filter((s) => asList(s.Action).includes('s3:PutObject') && JSON.stringify(s.Resource).includes(`"${id(stack.storage.buckets.inbox)}"`));
    expect(puts).toHaveLength(1);
    expect(JSON.stringify(puts[0]!.Resource)).toContain('/quarantine/*');
  });

  it.each(cases)('%s: table actions match the declared access', (_, decl) => {
    for (const tableId of TABLES) {
      const access = decl.access.tables?.[tableId];
      const actions = actionsOn(decl, stack.tables.tables[tableId]);
      expect(actions.has('dynamodb:GetItem'), `${decl.id} read ${tableId}`).toBe(access === 'read' || access === 'readwrite');
      expect(actions.has('dynamodb:PutItem'), `${decl.id} write ${tableId}`).toBe(access === 'write' || access === 'readwrite');
      if (!access) expect([...actions]).toEqual([]);
    }
  });

  it.each(cases)('%s: sends only to sendTo queues and consumes only its trigger queues', (_, decl) => {
    expect(queuesWith(decl, 'sqs:SendMessage')).toEqual([...new Set(decl.access.sendTo ?? [])].sort());
    const consumed = decl.triggers.flatMap((t) => (t.kind === 'sqs' || t.kind === 's3' ? [t.queue] : []));
    expect(queuesWith(decl, 'sqs:ReceiveMessage')).toEqual([...new Set(consumed)].sort());
  });

  it.each(cases)('%s: publishes only to its publishTo topics', (_, decl) => {
    for (const topicId of TOPICS) {
      const declared = (decl.access.publishTo ?? []).includes(topicId);
      expect(actionsOn(decl, stack.topics.topics[topicId]).has('sns:Publish'), `${decl.id} publish ${topicId}`).toBe(declared);
    }
  });

  it.each(cases)('%s: reads only its declared secrets', (_, decl) => {
    for (const secretId of SECRETS) {
      const declared = (decl.access.secrets ?? []).includes(secretId);
      expect(actionsOn(decl, stack.secrets.secrets[secretId]).has('secretsmanager:GetSecretValue'), `${decl.id} reads ${secretId}`).toBe(declared);
    }
  });

  it('the page-cursor secret is generated, encrypted with its own rotating key, and only the API reads it', () => {
    const secret = res(stack.secrets.secrets['cursor-key']).Properties;
    expect(secret.GenerateSecretString).toMatchObject({ PasswordLength: 64 });
    expect(secret.KmsKeyId).toEqual(arnOf(stack.secrets.key));
    expect(res(stack.secrets.key).Properties.EnableKeyRotation).toBe(true);
    expect(FUNCTIONS.filter((d) => d.access.secrets?.includes('cursor-key')).map((d) => d.id)).toEqual(['api']);
    // Decryption is granted in the key's policy (besides the account's, which delegates to IAM) to
    // the readers' roles only, through Secrets Manager.
    const decrypts = (res(stack.secrets.key).Properties.KeyPolicy.Statement as Array<Statement & { Principal: unknown }>).filter(
      (s) => asList(s.Action).includes('kms:Decrypt') && !JSON.stringify(s.Principal).includes(':root'),
    );
    const apiRole = arnOf(fnOf(FUNCTIONS.find((d) => d.id === 'api')!).role);
    expect(decrypts.map((s) => s.Principal)).toEqual([{ AWS: apiRole }]);
    expect(JSON.stringify(decrypts[0]!.Condition)).toContain('secretsmanager.');
  });

  it.each(cases)('%s: no statement allows every action or every resource', (_, decl) => {
    for (const statement of statementsOf(decl)) {
      expect(asList(statement.Action)).not.toContain('*');
      expect(asList(statement.Resource as unknown)).not.toContain('*');
    }
  });

  it('spot checks: the API sends only stage commands; ingest-receive cannot touch the work bucket', () => {
    const api = FUNCTIONS.find((d) => d.triggers.some((t) => t.kind === 'http'))!;
    expect(api.access.sendTo).toEqual(['abonent-form', 'final-lists', 'obligations-plan', 'informing-form', 'informing-results', 'groups-recompute']);
    expect(api.access.buckets?.work).toBeUndefined();
    expect([...actionsOn(api, stack.storage.buckets.work)]).toEqual([]);

    const receive = FUNCTIONS.find((d) => d.id === 'ingest-receive')!;
    expect(receive.access.buckets?.work).toBeUndefined();
    expect([...actionsOn(receive, stack.storage.buckets.work)]).toEqual([]);
  });
});

describe('ingest watchdog', () => {
  it('ticks every minute, so a file silent past the stale mark resumes within 5 minutes', () => {
    const rule = res(stack.triggers.schedules['ingest-watchdog-every-minute']!.rule).Properties;
    expect(rule.ScheduleExpression).toBe('cron(* * * * ? *)');
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: arnOf(fnOf(FUNCTIONS.find((d) => d.id === 'ingest-watchdog')!).fn) })]);
    const tickMs = 60_000;
    expect(STALE_AFTER_MS + tickMs).toBeLessThanOrEqual(5 * 60_000);
  });

  it('a live worker beats at least three times inside the stale mark', () => {
    expect(HEARTBEAT_MS * 3).toBeLessThanOrEqual(STALE_AFTER_MS);
  });
});

describe('obligations', () => {
  it('the evaluation clock runs every 15 minutes (each region’s 09:00 and deadlines on its own clock)', () => {
    const rule = res(stack.triggers.schedules['obligations-every-15-min']!.rule).Properties;
    expect(rule.ScheduleExpression).toBe('cron(0/15 * * * ? *)');
    expect(rule.Targets).toEqual([expect.objectContaining({ Arn: arnOf(fnOf(FUNCTIONS.find((d) => d.id === 'obligations-clock')!).fn) })]);
  });

  it.each(TOPICS)('topic %s: encrypted with its own rotating key and TLS-only', (topicId) => {
    const topic = res(stack.topics.topics[topicId]).Properties;
    expect(topic.KmsMasterKeyId).toEqual(arnOf(stack.topics.key));
    expect(res(stack.topics.key).Properties.EnableKeyRotation).toBe(true);
    const policies = ofType('AWS::SNS::TopicPolicy').filter(([, p]) => JSON.stringify(p.Properties.Topics) === JSON.stringify([refOf(stack.topics.topics[topicId])]));
    const statements = policies.flatMap(([, p]) => p.Properties.PolicyDocument.Statement as Statement[]);
    expect(statements).toContainEqual(expect.objectContaining({ Effect: 'Deny', Condition: { Bool: { 'aws:SecureTransport': 'false' } } }));
  });
});

describe('outputs', () => {
  it('publish the API URL and every bucket, table and queue', () => {
    const values = Object.values(outputs).map((o) => JSON.stringify(o.Value));
    const expected = [
      ...BUCKETS.map((b) => refOf(stack.storage.buckets[b])),
      ...TABLES.map((t) => refOf(stack.tables.tables[t])),
      ...QUEUES.map((q) => refOf(stack.queues.get(q.id))),
    ];
    for (const value of expected) expect(values).toContain(JSON.stringify(value));
    expect(outputs.ApiUrl).toBeDefined();
  });

  it('give the web console the OIDC provider of the context (issuer and the console’s client id)', () => {
    expect(JSON.parse(outputs.ConsoleConfig!.Value as string)).toEqual({ issuer: CONTEXT_DEFAULTS.oidcIssuer, clientId: CONTEXT_DEFAULTS.consoleClientId, scope: 'openid' });
  });

  it('refuse an empty console client id', () => {
    expect(() => new OmsflowStack(new App({ context: { 'aws:cdk:bundling-stacks': [] } }), 'NoClient', { consoleClientId: '' })).toThrow('consoleClientId');
  });
});
