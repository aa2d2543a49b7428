import type { APIGatewayProxyEventV2WithJWTAuthorizer } from 'aws-lambda';
import { describe, expect, it } from 'vitest';
import { MAX_JSON_BYTES, toApiRequest } from '../../../shared/adapters/lambda/http-api.js';

function event(body: string | undefined, headers: Record<string, string>, isBase64Encoded = false) {
  return {
    version: '2.0',
    routeKey: 'POST /v1/orgs/{org}/users',
    rawPath: '/v1/orgs/771001/users',
    pathParameters: { org: '771001' },
    headers,
    body,
    isBase64Encoded,
    requestContext: { requestId: 'req-1' },
  } as unknown as APIGatewayProxyEventV2WithJWTAuthorizer;
}
const JSON_TYPE = { 'content-type': 'application/json' };

const failure = (e: APIGatewayProxyEventV2WithJWTAuthorizer) => {
  try {
    toApiRequest(e);
  } catch (error) {
    return error as { statusCode: number; code: string; message: string };
  }
  throw new Error('expected a refusal');
};

describe('request body', () => {
  it('parses JSON sent as application/json (any charset, any header case, base64 or not)', () => {
    expect(toApiRequest(event('{"a":1}', JSON_TYPE)).body).toEqual({ a: 1 });
    expect(toApiRequest(event('{"a":"ё"}', { 'Content-Type': 'application/json; charset=utf-8' })).body).toEqual({ a: 'ё' });
    expect(toApiRequest(event(Buffer.from('{"a":2}').toString('base64'), JSON_TYPE, true)).body).toEqual({ a: 2 });
    expect(toApiRequest(event(undefined, {})).body).toBeUndefined();
  });

  it('refuses a body of another type (text/plain was parsed as JSON before) with 415 in Russian', () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', 'application/jsonp']) {
      const refusal = failure(event('{"a":1}', { 'content-type': type }));
      expect(refusal).toMatchObject({ statusCode: 415, code: 'UNSUPPORTED_MEDIA_TYPE' });
      expect(refusal.message).toContain(`получено «${type}»`);
    }
    expect(failure(event('{"a":1}', {})).message).toBe('Тело запроса принимается только в формате JSON с заголовком Content-Type: application/json (заголовок не передан).');
  });

  it('refuses malformed JSON with 400, naming how to fix it', () => {
    for (const text of ['{', '{"a":1,}', "{'a':1}", '{"a":"\u0001"}', 'NaN', '\uFEFF{}']) {
      expect(failure(event(text, JSON_TYPE))).toMatchObject({ statusCode: 400, code: 'BAD_JSON', message: expect.stringMatching(/^Тело запроса не разбирается как JSON/) });
    }
  });

  it('refuses a body over 6 MB with 413; 6 MB itself passes', () => {
    const atLimit = `{"a":"${'x'.repeat(MAX_JSON_BYTES - 8)}"}`;
    expect(Buffer.byteLength(atLimit)).toBe(MAX_JSON_BYTES);
    expect(toApiRequest(event(atLimit, JSON_TYPE)).body).toBeDefined();
    const over = failure(event(`{"a":"${'x'.repeat(MAX_JSON_BYTES)}"}`, JSON_TYPE));
    expect(over).toMatchObject({ statusCode: 413, code: 'PAYLOAD_TOO_LARGE' });
    expect(over.message).toBe('Тело запроса — больше 6 МБ (6,1 МБ). Большие данные передайте файлом через ссылку на загрузку.');
  });
});
