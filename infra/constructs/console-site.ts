import { Fn, RemovalPolicy } from 'aws-cdk-lib';
import * as acm from 'aws-cdk-lib/aws-certificatemanager';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PRIVATE_TLS_ONLY } from './storage.js';

/**
 * The console's page paths (/files, /callback, …) are routes of the single-page app: they are
 * answered with index.html. Only on the console's behaviour, so a 404 of the API stays a 404.
 */
export const SPA_FALLBACK_CODE = `function handler(event) {
  var request = event.request;
  if (request.uri.indexOf('.') === -1) request.uri = '/index.html';
  return request;
}`;

export interface ConsoleSiteProps {
  /** `https://<id>.execute-api.<region>.amazonaws.com` of the HTTP API, served under /v1. */
  apiEndpoint: string;
  responseHeadersPolicy: cloudfront.IResponseHeadersPolicy;
  /** Where the buckets' server access logs go. */
  accessLogs: s3.IBucket;
  /** A custom domain with its ACM certificate (us-east-1); without one, *.cloudfront.net. */
  domain?: { name: string; certificateArn: string };
}

/**
 * A private bucket (reachable only by this distribution, through origin access control) with the
 * built console, and the API on the same domain under /v1: no CORS, one origin in the CSP.
 */
export class ConsoleSite extends Construct {
  readonly bucket: s3.Bucket;
  readonly logs: s3.Bucket;
  readonly distribution: cloudfront.Distribution;

  constructor(scope: Construct, id: string, props: ConsoleSiteProps) {
    super(scope, id);
    // The console's files are public code, not personal data: SSE-S3 lets OAC read them without a key grant.
    this.bucket = new s3.Bucket(this, 'Bucket', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...PRIVATE_TLS_ONLY,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console/',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    // CloudFront standard logs are delivered with ACLs: this bucket alone must allow them.
    this.logs = new s3.Bucket(this, 'CdnLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...PRIVATE_TLS_ONLY,
      objectOwnership: s3.ObjectOwnership.OBJECT_WRITER,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'console-cdn-logs/',
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const spaFallback = new cloudfront.Function(this, 'SpaFallback', {
      code: cloudfront.FunctionCode.fromInline(SPA_FALLBACK_CODE),
      runtime: cloudfront.FunctionRuntime.JS_2_0,
      comment: 'omsflow console: page paths → /index.html',
    });
    const apiDomain = Fn.select(2, Fn.split('/', props.apiEndpoint));

    this.distribution = new cloudfront.Distribution(this, 'Distribution', {
      comment: 'omsflow web console and API (/v1)',
      defaultRootObject: 'index.html',
      // Viewer TLS ≥ 1.2 needs a custom certificate: the default one is fixed at TLSv1 by CloudFront.
      ...(props.domain && {
        domainNames: [props.domain.name],
        certificate: acm.Certificate.fromCertificateArn(this, 'Certificate', props.domain.certificateArn),
        minimumProtocolVersion: cloudfront.SecurityPolicyProtocol.TLS_V1_2_2021,
      }),
      httpVersion: cloudfront.HttpVersion.HTTP2_AND_3,
      enableLogging: true,
      logBucket: this.logs,
      logFilePrefix: 'cloudfront/',
      defaultBehavior: {
        origin: origins.S3BucketOrigin.withOriginAccessControl(this.bucket, { originAccessLevels: [cloudfront.AccessLevel.READ] }),
        viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
        cachePolicy: cloudfront.CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: props.responseHeadersPolicy,
        functionAssociations: [{ function: spaFallback, eventType: cloudfront.FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new origins.HttpOrigin(apiDomain, {
            protocolPolicy: cloudfront.OriginProtocolPolicy.HTTPS_ONLY,
            originSslProtocols: [cloudfront.OriginSslPolicy.TLS_V1_2],
          }),
          viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: cloudfront.AllowedMethods.ALLOW_ALL,
          // Answers depend on the bearer token: never cached; every viewer header (Authorization
          // included) and the query string reach API Gateway, which needs its own Host.
          cachePolicy: cloudfront.CachePolicy.CACHING_DISABLED,
          originRequestPolicy: cloudfront.OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          responseHeadersPolicy: props.responseHeadersPolicy,
        },
      },
    });

    if (!props.domain) {
      NagSuppressions.addResourceSuppressions(this.distribution, [
        {
          id: 'AwsSolutions-CFR4',
          reason: 'No custom domain configured (context consoleDomainName + consoleCertificateArn): the default *.cloudfront.net certificate cannot take the TLSv1.2_2021 policy. With a domain it is set and this suppression is not added.',
        },
      ]);
    }
    NagSuppressions.addResourceSuppressions(this.distribution, [
      {
        id: 'AwsSolutions-CFR1',
        reason: 'Participants (MO, SMO, TFOMS, FOMS) sign in from Russia, but geo blocking by IP would lock out staff on VPNs and gives no protection: access is decided by OIDC tokens.',
      },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'The console is static files; the API behind /v1 requires a bearer token and is throttled by API Gateway. A WAF web ACL (us-east-1) is an operator choice outside this stack.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(this.logs, [
      { id: 'AwsSolutions-S1', reason: 'False positive: this log bucket writes its own server access logs to the access-log bucket (console-cdn-logs/).' },
    ]);
  }
}
