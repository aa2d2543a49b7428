import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Stack, type CfnElement } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Template } from 'aws-cdk-lib/assertions';
import type { IConstruct } from 'constructs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ConsoleDeployment } from '../../infra/constructs/console-deployment.js';
import { HSTS_MAX_AGE } from '../../infra/constructs/console-headers.js';
import { CONTEXT_DEFAULTS, OmsflowStack } from '../../infra/stack.js';
import { consoleConfig } from '../../shared/runtime/console-config.js';

type Resource = { Type: string; Properties: Record<string, any> };

/** CloudFront's managed policies (their ids are fixed by AWS). */
const CACHING_DISABLED = '4135ea2d-6df8-44a3-9df3-4b5a84be39ad';
const ALL_VIEWER_EXCEPT_HOST = 'b689b0a8-53d0-40ab-baf2-68738e2966ac';

let stack: OmsflowStack;
let flags: Record<string, unknown>;
let resources: Record<string, Resource>;
let outputs: Record<string, { Value: unknown }>;

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(fileURLToPath(new URL('../../cdk.json', import.meta.url)), 'utf8'));
  flags = { ...cdkJson.context, 'aws:cdk:bundling-stacks': [], '@aws-cdk/core:validateAgainstDefaultRules': false };
  const app = new App({ context: flags });
  // No build needed: with bundling skipped, a missing web/dist deploys only the config.
  stack = new OmsflowStack(app, 'Omsflow', { consoleDist: '/nonexistent/web/dist' });
  const template = Template.fromStack(stack).toJSON();
  resources = template.Resources;
  outputs = template.Outputs;
}, 240_000); // one synth: slow on a busy machine

const id = (c: IConstruct) => stack.getLogicalId(c.node.defaultChild as CfnElement);
const ofType = (type: string) => Object.entries(resources).filter(([, r]) => r.Type === type);
const distribution = () => resources[id(stack.consoleSite.distribution)]!.Properties.DistributionConfig;
const originOf = (originId: string) => distribution().Origins.find((o: any) => o.Id === originId);

describe('console bucket', () => {
  it('is private, encrypted, TLS-only and not a website', () => {
    const bucket = resources[id(stack.consoleSite.bucket)]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toEqual({ BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true });
    expect(bucket.BucketEncryption.ServerSideEncryptionConfiguration[0].ServerSideEncryptionByDefault.SSEAlgorithm).toBe('AES256');
    expect(bucket.WebsiteConfiguration).toBeUndefined();
    expect(bucket.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: id(stack.storage.accessLogs) });
  });

  it('its policy lets only this distribution read (OAC), and denies plain HTTP', () => {
    const [, policy] = ofType('AWS::S3::BucketPolicy').find(([, r]) => r.Properties.Bucket.Ref === id(stack.consoleSite.bucket))!;
    const statements = policy.Properties.PolicyDocument.Statement as any[];
    const allows = statements.filter((s) => s.Effect === 'Allow');
    expect(allows).toHaveLength(1);
    expect(allows[0].Principal).toEqual({ Service: 'cloudfront.amazonaws.com' });
    expect(allows[0].Action).toBe('s3:GetObject');
    const sourceArn = allows[0].Condition.StringEquals['AWS:SourceArn'];
    expect(JSON.stringify(sourceArn)).toContain(id(stack.consoleSite.distribution));
    expect(statements.some((s) => s.Effect === 'Deny' && s.Condition?.Bool?.['aws:SecureTransport'] === 'false')).toBe(true);
  });
});

describe('distribution', () => {
  it('reads the bucket through origin access control (SigV4, always), not OAI', () => {
    const [[oacId, oac]] = ofType('AWS::CloudFront::OriginAccessControl') as [[string, Resource]];
    expect(oac.Properties.OriginAccessControlConfig).toMatchObject({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always', SigningProtocol: 'sigv4' });
    const s3Origin = originOf(distribution().DefaultCacheBehavior.TargetOriginId);
    expect(s3Origin.OriginAccessControlId).toEqual({ 'Fn::GetAtt': [oacId, 'Id'] });
    expect(s3Origin.S3OriginConfig.OriginAccessIdentity).toBe('');
    expect(ofType('AWS::CloudFront::CloudFrontOriginAccessIdentity')).toEqual([]);
  });

  it('serves the console by default: HTTPS, GET/HEAD, security headers, SPA fallback on this behaviour only', () => {
    const d = distribution();
    expect(d.DefaultRootObject).toBe('index.html');
    expect(d.DefaultCacheBehavior).toMatchObject({ ViewerProtocolPolicy: 'redirect-to-https', AllowedMethods: ['GET', 'HEAD'] });
    expect(d.DefaultCacheBehavior.ResponseHeadersPolicyId).toEqual({ Ref: id(stack.consoleHeaders.policy) });
    expect(d.DefaultCacheBehavior.FunctionAssociations).toHaveLength(1);
    expect(d.DefaultCacheBehavior.FunctionAssociations[0].EventType).toBe('viewer-request');
    // Distribution-wide error pages would turn the API's 403/404 into index.html.
    expect(d.CustomErrorResponses).toBeUndefined();
  });

  it('sends /v1/* to the HTTP API over TLS 1.2: every method, nothing cached, Authorization forwarded', () => {
    const d = distribution();
    expect(d.CacheBehaviors).toHaveLength(1);
    const api = d.CacheBehaviors[0];
    expect(api).toMatchObject({
      PathPattern: '/v1/*',
      ViewerProtocolPolicy: 'https-only',
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: CACHING_DISABLED,
      OriginRequestPolicyId: ALL_VIEWER_EXCEPT_HOST,
    });
    expect(api.ResponseHeadersPolicyId).toEqual({ Ref: id(stack.consoleHeaders.policy) });
    const origin = originOf(api.TargetOriginId);
    expect(origin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only', OriginSSLProtocols: ['TLSv1.2'] });
    expect(JSON.stringify(origin.DomainName)).toContain(id(stack.api.httpApi));
  });

  it('writes access logs to its own bucket, itself logged', () => {
    const logging = distribution().Logging;
    expect(logging.Bucket).toEqual({ 'Fn::GetAtt': [id(stack.consoleSite.logs), 'RegionalDomainName'] });
    const logs = resources[id(stack.consoleSite.logs)]!.Properties;
    expect(logs.PublicAccessBlockConfiguration.BlockPublicPolicy).toBe(true);
    expect(logs.LoggingConfiguration.DestinationBucketName).toEqual({ Ref: id(stack.storage.accessLogs) });
  });

  it('with a custom domain, viewers need TLS 1.2 or newer', () => {
    const app = new App({ context: flags });
    const custom = new OmsflowStack(app, 'Custom', {
      consoleDist: '/nonexistent',
      consoleDomainName: 'console.omsflow.example',
      consoleCertificateArn: 'arn:aws:acm:us-east-1:111111111111:certificate/abc',
    });
    const d = Template.fromStack(custom).findResources('AWS::CloudFront::Distribution');
    const config = (Object.values(d)[0] as Resource).Properties.DistributionConfig;
    expect(config.Aliases).toEqual(['console.omsflow.example']);
    expect(config.ViewerCertificate).toMatchObject({ MinimumProtocolVersion: 'TLSv1.2_2021', SslSupportMethod: 'sni-only' });
    expect(() => new OmsflowStack(app, 'HalfDomain', { consoleDist: '/nonexistent', consoleDomainName: 'console.omsflow.example' })).toThrow('consoleCertificateArn');
  });
});

describe('security headers', () => {
  it('CSP allows only the console itself, the issuer and the inbox/outbox buckets; HSTS, no framing, nosniff, no referrer', () => {
    const headers = resources[id(stack.consoleHeaders.policy)]!.Properties.ResponseHeadersPolicyConfig.SecurityHeadersConfig;
    const csp = JSON.stringify(headers.ContentSecurityPolicy.ContentSecurityPolicy);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self';");
    // connect-src: self, the issuer, then each signed-URL bucket's regional domain (resolved at deploy time).
    expect(csp).toContain(`connect-src 'self' ${new URL(CONTEXT_DEFAULTS.oidcIssuer).origin} https://`);
    const connected = [...csp.matchAll(/"Fn::GetAtt":\["(\w+)","RegionalDomainName"\]/g)].map((m) => m[1]);
    expect(connected).toEqual([id(stack.storage.buckets.inbox), id(stack.storage.buckets.outbox)]);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(headers.StrictTransportSecurity).toEqual({ AccessControlMaxAgeSec: HSTS_MAX_AGE.toSeconds(), IncludeSubdomains: true, Override: true });
    expect(headers.FrameOptions).toEqual({ FrameOption: 'DENY', Override: true });
    expect(headers.ContentTypeOptions).toEqual({ Override: true });
    expect(headers.ReferrerPolicy).toEqual({ ReferrerPolicy: 'no-referrer', Override: true });
  });
});

/** An `Fn::Join` of strings and tokens as one string, each token written as its JSON. */
const joined = (value: any): string => (value['Fn::Join'] ? value['Fn::Join'][1].map((p: unknown) => (typeof p === 'string' ? p : JSON.stringify(p))).join('') : JSON.stringify(value));

describe('CORS of the buckets the browser reaches through signed URLs', () => {
  it('allows only the console’s origin to PUT/GET, with the signed headers and ETag exposed, set after the distribution exists (no cycle)', () => {
    const calls = ofType('Custom::AWS').map(([, r]) => r.Properties);
    expect(calls).toHaveLength(2);
    const buckets = [stack.storage.buckets.inbox, stack.storage.buckets.outbox];
    calls.forEach((call, i) => {
      const create = joined(call.Create);
      expect(create).toContain(`"action":"putBucketCors","parameters":{"Bucket":"{"Ref":"${id(buckets[i]!)}"}"`);
      // The origin is the distribution's own domain, and nothing else.
      expect(create).toContain(`"AllowedOrigins":["https://{"Fn::GetAtt":["${id(stack.consoleSite.distribution)}","DomainName"]}"]`);
      expect(create).toContain('"AllowedMethods":["PUT","GET","HEAD"]');
      expect(create).toContain('"ExposeHeaders":["ETag"]');
      expect(joined(call.Delete)).toContain('deleteBucketCors');
    });
    // The custom resource may set CORS on exactly these two buckets.
    const statements = ofType('AWS::IAM::Policy')
      .flatMap(([, p]) => p.Properties.PolicyDocument.Statement)
      .filter((s: any) => s.Action === 's3:PutBucketCORS');
    expect(statements.map((s: any) => s.Resource)).toEqual(buckets.map((b) => ({ 'Fn::GetAtt': [id(b), 'Arn'] })));
  });

  it('names a custom domain as the allowed origin when one is configured', () => {
    const app = new App({ context: { ...flags, consoleDomainName: 'console.omsflow.example', consoleCertificateArn: 'arn:aws:acm:us-east-1:123456789012:certificate/abc' } });
    const template = Template.fromStack(new OmsflowStack(app, 'WithDomain', { consoleDist: '/nonexistent/web/dist' })).toJSON();
    const creates = Object.values(template.Resources as Record<string, Resource>).filter((r) => r.Type === 'Custom::AWS');
    expect(creates).toHaveLength(2);
    for (const r of creates) expect(joined(r.Properties.Create)).toContain('"AllowedOrigins":["https://console.omsflow.example"]');
  }, 180_000);
});

describe('deployment', () => {
  it('uploads /console-config.json with the issuer and client id from context, and invalidates the cache', () => {
    const [[, deployment]] = ofType('Custom::CDKBucketDeployment') as [[string, Resource]];
    expect(deployment.Properties.DestinationBucketName).toEqual({ Ref: id(stack.consoleSite.bucket) });
    expect(deployment.Properties.DistributionId).toEqual({ Ref: id(stack.consoleSite.distribution) });
    expect(deployment.Properties.Prune).toBe(false);
    // Source.jsonData: one asset holding the config (no web/dist here).
    expect(deployment.Properties.SourceObjectKeys).toHaveLength(1);
    expect(JSON.stringify(deployment.Properties.SourceMarkersConfig ?? deployment.Properties.SourceMarkers ?? [])).not.toContain('dist');
    expect(outputs.ConsoleUrl!.Value).toEqual({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [id(stack.consoleSite.distribution), 'DomainName'] }, '/']] });
  });

  it('refuses to deploy without a built console when bundling is on', () => {
    // Alone in a stack: bundling the whole stack's functions would take minutes.
    const alone = new Stack(new App(), 'Unbuilt');
    const bucket = new s3.Bucket(alone, 'Bucket');
    const cdn = new cloudfront.Distribution(alone, 'Cdn', { defaultBehavior: { origin: origins.S3BucketOrigin.withOriginAccessControl(bucket) } });
    const deploy = (distDir: string) => new ConsoleDeployment(alone, `Deploy${distDir.length}`, { bucket, distribution: cdn, distDir, config: consoleConfig('https://issuer.example'), logRetention: 30 });
    expect(() => deploy('/nonexistent/web/dist')).toThrow('npm run web:build');
  });
});
