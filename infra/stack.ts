import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import type { Construct } from 'constructs';
import { FUNCTIONS, QUEUES } from '../functions/catalog.js';
import { consoleConfig, CONSOLE_CLIENT_ID, type ConsoleConfig } from '../shared/runtime/console-config.js';
import { BUCKETS, TABLES } from '../shared/runtime/declarations.js';
import { Api } from './constructs/api.js';
import { ConsoleDeployment } from './constructs/console-deployment.js';
import { ConsoleHeaders } from './constructs/console-headers.js';
import { ConsoleSite } from './constructs/console-site.js';
import { UploadCors } from './constructs/upload-cors.js';
import { Functions } from './constructs/functions.js';
import { pascal } from './constructs/names.js';
import { Queues } from './constructs/queues.js';
import { Secrets } from './constructs/secrets.js';
import { Storage } from './constructs/storage.js';
import { Tables } from './constructs/tables.js';
import { Topics } from './constructs/topics.js';
import { Triggers } from './constructs/triggers.js';

/** Settings read from CDK context (`-c key=value` or cdk.json); props given in code win. */
export const CONTEXT_DEFAULTS = {
  /** OIDC issuer of bearer tokens (ЕСИА in production). Must be https. */
  oidcIssuer: 'https://esia.gosuslugi.ru',
  /** Expected `aud` of bearer tokens. */
  oidcAudience: 'omsflow',
  /** Client id of the web console at the OIDC provider (a public client: code flow with PKCE). */
  consoleClientId: CONSOLE_CLIENT_ID,
  /** Custom domain of the web console and its ACM certificate ARN (us-east-1); empty = *.cloudfront.net. */
  consoleDomainName: '',
  consoleCertificateArn: '',
  /** POWERTOOLS_LOG_LEVEL of every function. */
  logLevel: 'INFO',
  /** Retention of Lambda and API access log groups, days (a CloudWatch Logs retention value). */
  logRetentionDays: 365,
};

export interface OmsflowStackProps extends StackProps {
  oidcIssuer?: string;
  oidcAudience?: string;
  consoleClientId?: string;
  consoleDomainName?: string;
  consoleCertificateArn?: string;
  logLevel?: string;
  logRetentionDays?: number;
  /** Directory with functions/, package-lock.json, node_modules. Default: this repository. */
  projectRoot?: string;
  /** The built web console. Default: `<projectRoot>/web/dist`. */
  consoleDist?: string;
}

const REPO_ROOT = fileURLToPath(new URL('..', import.meta.url));
const LOG_LEVELS = ['TRACE', 'DEBUG', 'INFO', 'WARN', 'ERROR', 'SILENT', 'CRITICAL'];

/** The whole deployment, generated from functions/catalog.ts and shared/runtime/declarations.ts. */
export class OmsflowStack extends Stack {
  readonly storage: Storage;
  readonly tables: Tables;
  readonly queues: Queues;
  readonly topics: Topics;
  readonly secrets: Secrets;
  readonly functions: Functions;
  readonly triggers: Triggers;
  readonly api: Api;
  readonly consoleHeaders: ConsoleHeaders;
  readonly consoleSite: ConsoleSite;
  readonly consoleDeployment: ConsoleDeployment;
  readonly uploadCors: UploadCors;

  constructor(scope: Construct, id: string, props: OmsflowStackProps = {}) {
    super(scope, id, { description: 'omsflow: ОМС information flows (dispensarization campaign, obligations, planned-hospitalization resource)', ...props });
    const settings = this.settings(props);
    const oidc = { issuer: settings.oidcIssuer, audience: settings.oidcAudience };

    this.storage = new Storage(this, 'Storage');
    this.tables = new Tables(this, 'Tables', { key: this.storage.key });
    this.queues = new Queues(this, 'Queues', { decls: QUEUES });
    this.topics = new Topics(this, 'Topics');
    this.secrets = new Secrets(this, 'Secrets');
    this.functions = new Functions(this, 'Functions', {
      decls: FUNCTIONS,
      projectRoot: props.projectRoot ?? REPO_ROOT,
      buckets: this.storage.buckets,
      bucketKey: this.storage.key,
      tables: this.tables.tables,
      queues: this.queues,
      topics: this.topics,
      secrets: this.secrets,
      oidc,
      logRetention: settings.logRetention,
      logLevel: settings.logLevel,
    });
    this.triggers = new Triggers(this, 'Triggers', {
      decls: FUNCTIONS,
      functions: this.functions.functions,
      buckets: this.storage.buckets,
      queues: this.queues,
    });
    this.api = new Api(this, 'Api', {
      decls: FUNCTIONS,
      functions: this.functions.functions,
      oidc,
      logRetention: settings.logRetention,
    });

    const config = consoleConfig(settings.oidcIssuer, settings.consoleClientId);
    // The browser PUTs uploads to the inbox and reads protocols from the outbox through signed URLs.
    const browserBuckets = [this.storage.buckets.inbox, this.storage.buckets.outbox];
    this.consoleHeaders = new ConsoleHeaders(this, 'ConsoleHeaders', {
      oidcIssuer: settings.oidcIssuer,
      storageOrigins: browserBuckets.map((b) => `https://${b.bucketRegionalDomainName}`),
    });
    this.consoleSite = new ConsoleSite(this, 'ConsoleSite', {
      apiEndpoint: this.api.httpApi.apiEndpoint,
      responseHeadersPolicy: this.consoleHeaders.policy,
      accessLogs: this.storage.accessLogs,
      domain: settings.consoleDomain,
    });
    this.uploadCors = new UploadCors(this, 'UploadCors', {
      buckets: browserBuckets,
      consoleOrigin: `https://${settings.consoleDomain?.name ?? this.consoleSite.distribution.distributionDomainName}`,
      logRetention: settings.logRetention,
    });
    this.consoleDeployment = new ConsoleDeployment(this, 'ConsoleDeployment', {
      bucket: this.consoleSite.bucket,
      distribution: this.consoleSite.distribution,
      distDir: props.consoleDist ?? join(props.projectRoot ?? REPO_ROOT, 'web', 'dist'),
      config,
      logRetention: settings.logRetention,
    });

    this.outputs(config);
    this.suppressCdkInternals();
  }

  private settings(props: OmsflowStackProps) {
    const ctx = <K extends keyof typeof CONTEXT_DEFAULTS>(key: K): (typeof CONTEXT_DEFAULTS)[K] =>
      (this.node.tryGetContext(key) as (typeof CONTEXT_DEFAULTS)[K] | undefined) ?? CONTEXT_DEFAULTS[key];
    const oidcIssuer = props.oidcIssuer ?? ctx('oidcIssuer');
    const oidcAudience = props.oidcAudience ?? ctx('oidcAudience');
    const consoleClientId = props.consoleClientId ?? ctx('consoleClientId');
    const logLevel = (props.logLevel ?? ctx('logLevel')).toUpperCase();
    const logRetentionDays = Number(props.logRetentionDays ?? ctx('logRetentionDays'));
    if (!/^https:\/\/[^\s/]+/.test(oidcIssuer)) throw new Error(`oidcIssuer must be an https URL, got "${oidcIssuer}"`);
    if (!oidcAudience) throw new Error('oidcAudience must not be empty');
    if (!consoleClientId) throw new Error('consoleClientId must not be empty');
    const consoleDomainName = props.consoleDomainName ?? ctx('consoleDomainName');
    const consoleCertificateArn = props.consoleCertificateArn ?? ctx('consoleCertificateArn');
    if (Boolean(consoleDomainName) !== Boolean(consoleCertificateArn)) {
      throw new Error('consoleDomainName and consoleCertificateArn are set together (the certificate must cover the domain, in us-east-1)');
    }
    const consoleDomain = consoleDomainName ? { name: consoleDomainName, certificateArn: consoleCertificateArn } : undefined;
    if (!LOG_LEVELS.includes(logLevel)) throw new Error(`logLevel must be one of ${LOG_LEVELS.join(', ')}, got "${logLevel}"`);
    if (!(Object.values(logs.RetentionDays) as number[]).includes(logRetentionDays)) {
      throw new Error(`logRetentionDays ${logRetentionDays} is not a CloudWatch Logs retention value`);
    }
    return { oidcIssuer, oidcAudience, consoleClientId, consoleDomain, logLevel, logRetention: logRetentionDays as logs.RetentionDays };
  }

  private outputs(console: ConsoleConfig): void {
    new CfnOutput(this, 'ApiUrl', { value: this.api.url, description: 'HTTP API base URL' });
    new CfnOutput(this, 'ConsoleUrl', {
      value: `https://${this.consoleSite.distribution.distributionDomainName}/`,
      description: 'Web console (CloudFront); the API is also under /v1 here. Register <ConsoleUrl>callback as the redirect URI at the OIDC provider.',
    });
    // What the web console reads as /console-config.json (deployed next to it).
    new CfnOutput(this, 'ConsoleConfig', { value: JSON.stringify(console), description: 'Web console: OIDC issuer and client id' });
    for (const id of BUCKETS) {
      new CfnOutput(this, `${pascal(id)}BucketName`, { value: this.storage.buckets[id].bucketName });
    }
    for (const id of TABLES) {
      new CfnOutput(this, `${pascal(id)}TableName`, { value: this.tables.tables[id].tableName });
    }
    for (const [id, topic] of Object.entries(this.topics.topics)) {
      new CfnOutput(this, `${pascal(id)}TopicArn`, { value: topic.topicArn });
    }
    for (const [id, pair] of Object.entries(this.queues.queues)) {
      new CfnOutput(this, `${pascal(id)}QueueUrl`, { value: pair.queue.queueUrl });
      new CfnOutput(this, `${pascal(id)}DlqUrl`, { value: pair.dlq.queueUrl });
    }
  }

  /** Resources CDK adds on its own (the S3 notifications custom resource): not ours to change. */
  private suppressCdkInternals(): void {
    const handler = this.node.tryFindChild('BucketNotificationsHandler050a0587b7544547bf325f094a3db834');
    if (!handler) return;
    NagSuppressions.addResourceSuppressions(
      handler,
      [
        {
          id: 'AwsSolutions-IAM4',
          reason: 'CDK-managed handler of Custom::S3BucketNotifications; its role uses AWSLambdaBasicExecutionRole and cannot be replaced.',
          appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
        },
      ],
      true,
    );
  }
}
