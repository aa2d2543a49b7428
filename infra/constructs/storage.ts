import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { BUCKETS, type BucketId } from '../../shared/runtime/declarations.js';
import { pascal } from './names.js';

/**
 * Superseded versions in inbox/outbox are personal data too. 30 days is long enough to notice and
 * restore an accidental overwrite or delete (the watchdog and TFOMS checks run within days) and
 * short enough not to keep superseded personal data indefinitely (152-ФЗ: keep no longer than the
 * purpose needs). Current versions are kept: every received file is kept unchanged (DOMAIN.md §3).
 */
export const NONCURRENT_VERSION_RETENTION_DAYS = 30;
/** Staged rows and issues of the work bucket are intermediate results of one ingest run. */
export const WORK_OBJECT_EXPIRY_DAYS = 14;
/** Server access logs are the audit trail of who touched which object. */
export const ACCESS_LOG_RETENTION_DAYS = 365;

/** Every bucket of the stack: never public, reached over TLS 1.2 or newer only. */
export const PRIVATE_TLS_ONLY = {
  blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
  enforceSSL: true,
  minimumTLSVersion: 1.2,
} satisfies s3.BucketProps;

/** The customer-managed key and the buckets of the system (DOMAIN.md §8: encrypted, never public). */
export class Storage extends Construct {
  readonly key: kms.Key;
  readonly buckets: Record<BucketId, s3.Bucket>;
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);

    this.key = new kms.Key(this, 'DataKey', {
      description: 'omsflow: encrypts buckets, tables and queues holding personal data',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });

    // Server access logs can only be delivered to an SSE-S3 bucket, not SSE-KMS.
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      encryption: s3.BucketEncryption.S3_MANAGED,
      ...PRIVATE_TLS_ONLY,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
      versioned: true,
      lifecycleRules: [
        { expiration: Duration.days(ACCESS_LOG_RETENTION_DAYS), noncurrentVersionExpiration: Duration.days(1) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });

    const buckets = {} as Record<BucketId, s3.Bucket>;
    for (const bucketId of BUCKETS) {
      buckets[bucketId] = new s3.Bucket(this, `${pascal(bucketId)}Bucket`, {
        encryption: s3.BucketEncryption.KMS,
        encryptionKey: this.key,
        // One data key per bucket instead of one KMS call per object: cost and KMS quotas.
        bucketKeyEnabled: true,
        ...PRIVATE_TLS_ONLY,
        objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_ENFORCED,
        versioned: true,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${bucketId}/`,
        lifecycleRules: lifecycleOf(bucketId),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.buckets = buckets;
  }
}

function lifecycleOf(bucketId: BucketId): s3.LifecycleRule[] {
  const abortUploads = { abortIncompleteMultipartUploadAfter: Duration.days(1) };
  if (bucketId === 'work') {
    return [
      {
        id: 'expire-staged-data',
        expiration: Duration.days(WORK_OBJECT_EXPIRY_DAYS),
        noncurrentVersionExpiration: Duration.days(1),
        ...abortUploads,
      },
    ];
  }
  return [
    {
      id: 'expire-superseded-versions',
      noncurrentVersionExpiration: Duration.days(NONCURRENT_VERSION_RETENTION_DAYS),
      ...abortUploads,
    },
  ];
}
