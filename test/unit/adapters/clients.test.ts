import { describe, expect, it } from 'vitest';
import { dynamoRawClient, s3Client, sqsClient } from '../../../shared/adapters/clients.js';

describe('SDK clients log nothing per call', () => {
  it('have a logger without info or error: no filtered copy of every page, no failed command input (personal data) in logs', () => {
    for (const client of [dynamoRawClient(), s3Client(), sqsClient()]) {
      const logger = client.config.logger as unknown as Record<string, unknown>;
      expect(logger.info).toBeUndefined();
      expect(logger.error).toBeUndefined();
      expect(typeof logger.debug).toBe('function');
      expect(typeof logger.warn).toBe('function');
    }
  });
});
