import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import type * as s3 from 'aws-cdk-lib/aws-s3';
import * as cr from 'aws-cdk-lib/custom-resources';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** The construct id CDK gives the singleton function behind every AwsCustomResource of a stack. */
const AWS_CUSTOM_RESOURCE_PROVIDER = 'AWS679f53fac002430cb0da5b7982bd2287';

/** How long a browser may cache the answer to a CORS preflight. */
export const UPLOAD_CORS_MAX_AGE_SECONDS = 3000;

/**
 * The CORS rule of a bucket the console's browser PUTs to (signed URLs) and reads protocols from:
 * only the console's origin, only PUT/GET/HEAD, the headers a signed PUT carries, and the ETag
 * exposed (a multipart upload completes with each part's ETag).
 */
export function uploadCorsRule(consoleOrigin: string) {
  return {
    ID: 'console-uploads',
    AllowedOrigins: [consoleOrigin],
    AllowedMethods: ['PUT', 'GET', 'HEAD'],
    AllowedHeaders: ['content-type', 'content-md5', 'x-amz-*'],
    ExposeHeaders: ['ETag'],
    MaxAgeSeconds: UPLOAD_CORS_MAX_AGE_SECONDS,
  };
}

export interface UploadCorsProps {
  buckets: s3.IBucket[];
  /** `https://<console domain>` — the distribution's, known only once it exists. */
  consoleOrigin: string;
  logRetention: logs.RetentionDays;
}

/**
 * Sets the buckets' CORS after the console's distribution exists. As a bucket property the rule
 * would close a cycle: the bucket would need the distribution's domain, while the distribution's
 * CSP (connect-src) needs the bucket's domain. This resource depends on both and on neither's side.
 */
export class UploadCors extends Construct {
  constructor(scope: Construct, id: string, props: UploadCorsProps) {
    super(scope, id);
    const rule = uploadCorsRule(props.consoleOrigin);
    const logGroup = new logs.LogGroup(this, 'Logs', { retention: props.logRetention });
    props.buckets.forEach((bucket, i) => {
      const call = (action: 'putBucketCors' | 'deleteBucketCors') => ({
        service: 'S3',
        action,
        parameters: action === 'putBucketCors' ? { Bucket: bucket.bucketName, CORSConfiguration: { CORSRules: [rule] } } : { Bucket: bucket.bucketName },
        physicalResourceId: cr.PhysicalResourceId.of(`console-cors-${i}`),
      });
      new cr.AwsCustomResource(this, `Bucket${i}`, {
        onCreate: call('putBucketCors'),
        onUpdate: call('putBucketCors'),
        onDelete: call('deleteBucketCors'),
        // The Lambda runtime's SDK: nothing is downloaded at deploy time.
        installLatestAwsSdk: false,
        logGroup,
        policy: cr.AwsCustomResourcePolicy.fromStatements([new iam.PolicyStatement({ actions: ['s3:PutBucketCORS'], resources: [bucket.bucketArn] })]),
      });
    });
    // The provider function is one per stack (CDK's singleton), beside this construct.
    const provider = Stack.of(this).node.tryFindChild(AWS_CUSTOM_RESOURCE_PROVIDER);
    if (provider) {
      NagSuppressions.addResourceSuppressions(
        provider,
        [
          {
            id: 'AwsSolutions-IAM4',
            reason: 'CDK-managed provider of AwsCustomResource; its role uses AWSLambdaBasicExecutionRole for its own logs and cannot be replaced. Its S3 rights are only s3:PutBucketCORS on the inbox and outbox.',
            appliesTo: ['Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole'],
          },
        ],
        true,
      );
    }
  }
}
