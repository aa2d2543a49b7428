import { Duration } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import { Construct } from 'constructs';
import { consoleCsp } from '../../shared/runtime/console-config.js';

/** HSTS for two years with subdomains: the console is HTTPS-only and stays so. */
export const HSTS_MAX_AGE = Duration.days(730);

export interface ConsoleHeadersProps {
  /** The OIDC issuer (https URL): the console fetches its discovery document and token endpoint. */
  oidcIssuer: string;
  /** `https://<bucket regional domain>` of the buckets the browser reaches through signed URLs. */
  storageOrigins: string[];
}

/** Security headers on every response of the console's distribution (console files and /v1). */
export class ConsoleHeaders extends Construct {
  readonly policy: cloudfront.ResponseHeadersPolicy;

  constructor(scope: Construct, id: string, props: ConsoleHeadersProps) {
    super(scope, id);
    this.policy = new cloudfront.ResponseHeadersPolicy(this, 'Policy', {
      comment: 'omsflow console: CSP, HSTS, no framing, nosniff, no referrer',
      securityHeadersBehavior: {
        // The API is on the same origin (/v1); the issuer and the signed URLs' buckets are elsewhere.
        contentSecurityPolicy: { contentSecurityPolicy: consoleCsp([new URL(props.oidcIssuer).origin, ...props.storageOrigins]), override: true },
        strictTransportSecurity: { accessControlMaxAge: HSTS_MAX_AGE, includeSubdomains: true, override: true },
        frameOptions: { frameOption: cloudfront.HeadersFrameOption.DENY, override: true },
        contentTypeOptions: { override: true },
        referrerPolicy: { referrerPolicy: cloudfront.HeadersReferrerPolicy.NO_REFERRER, override: true },
      },
    });
  }
}
