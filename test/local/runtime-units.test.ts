import { describe, expect, it } from 'vitest';
import { compileRoutes, matchRoute } from '../../infra/local/http-api.js';
import { flattenClaims } from '../../infra/local/jwt-authorizer.js';
import { failedIds } from '../../infra/local/sqs-poller.js';
import { Invoker } from '../../infra/local/invoker.js';
import { REPO_ROOT } from '../../infra/local/endpoints.js';
import { queueEnvName, type FunctionDecl } from '../../shared/runtime/declarations.js';

describe('partial batch response (ReportBatchItemFailures)', () => {
  const messages = [{ MessageId: 'a' }, { MessageId: 'b' }, { MessageId: 'c' }];
  it('fails exactly the listed records', () => {
    expect([...failedIds({ batchItemFailures: [{ itemIdentifier: 'b' }] }, messages)]).toEqual(['b']);
    expect([...failedIds({ batchItemFailures: [] }, messages)]).toEqual([]);
    expect([...failedIds(undefined, messages)]).toEqual([]);
  });
  it('fails the whole batch on an empty or unknown identifier, as Lambda does', () => {
    expect(failedIds({ batchItemFailures: [{ itemIdentifier: '' }] }, messages).size).toBe(3);
    expect(failedIds({ batchItemFailures: [{ itemIdentifier: 'zzz' }] }, messages).size).toBe(3);
    expect(failedIds({ batchItemFailures: [{}] }, messages).size).toBe(3);
  });
});

describe('HTTP API route matching', () => {
  const routes = compileRoutes([
    { functionId: 'api', route: { method: 'GET', path: '/v1/files/{fileId}', auth: 'jwt', summary: '', access: { public: true } } },
    { functionId: 'api', route: { method: 'GET', path: '/v1/files/latest', auth: 'jwt', summary: '', access: { public: true } } },
    { functionId: 'api', route: { method: 'GET', path: '/v1/campaigns/{campaignId}/regions/{region}/summary', auth: 'jwt', summary: '', access: { public: true } } },
    { functionId: 'docs', route: { method: 'GET', path: '/static/{proxy+}', auth: 'none', summary: '', access: { public: true } } },
  ]);
  it('prefers literal routes and extracts decoded path parameters', () => {
    expect(matchRoute(routes, 'GET', '/v1/files/latest')?.binding.route.path).toBe('/v1/files/latest');
    expect(matchRoute(routes, 'GET', '/v1/files/f%201')?.pathParameters).toEqual({ fileId: 'f 1' });
    expect(matchRoute(routes, 'GET', '/v1/campaigns/deep-2021/regions/77/summary')?.pathParameters).toEqual({
      campaignId: 'deep-2021',
      region: '77',
    });
    expect(matchRoute(routes, 'GET', '/static/a/b.css')?.pathParameters).toEqual({ proxy: 'a/b.css' });
  });
  it('does not match other methods, extra segments or empty parameters', () => {
    expect(matchRoute(routes, 'POST', '/v1/files/x')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/files/x/y')).toBeUndefined();
    expect(matchRoute(routes, 'GET', '/v1/files/')).toBeUndefined();
  });
});

describe('JWT claims as API Gateway passes them', () => {
  it('are all strings; arrays become [a b]', () => {
    expect(flattenClaims({ sub: 's', exp: 1700000000, aud: ['omsflow', 'x'], admin: false, nested: { a: 1 } })).toEqual({
      sub: 's',
      exp: '1700000000',
      aud: '[omsflow x]',
      admin: 'false',
      nested: '{"a":1}',
    });
  });
});

describe('a function’s environment holds only its declared queues (as CDK sets it and IAM grants it)', () => {
  const fn = (id: string, sendTo?: string[]): FunctionDecl => ({
    id,
    entry: 'test/local/fixtures/queue-urls.ts',
    description: 'test',
    memoryMb: 128,
    timeoutSeconds: 10,
    triggers: [],
    access: { sendTo },
  });

  it('hides the other queues’ URLs inside an invocation, even with invocations of other functions running meanwhile', async () => {
    process.env[queueEnvName('uploads')] = 'http://sqs/uploads';
    process.env[queueEnvName('work')] = 'http://sqs/work';
    const invoker = new Invoker({ repoRoot: REPO_ROOT, functions: [fn('sender', ['work']), fn('silent'), fn('both', ['work', 'uploads'])], concurrency: 2, log: () => undefined });
    const [sender, silent, both] = await Promise.all(['sender', 'silent', 'both'].map((id) => invoker.invoke(id, {})));
    expect(sender).toEqual({ uploads: null, work: 'http://sqs/work' });
    expect(silent).toEqual({ uploads: null, work: null });
    expect(both).toEqual({ uploads: 'http://sqs/uploads', work: 'http://sqs/work' });
    // Outside invocations (tests, demo scripts) every queue stays reachable.
    expect(process.env[queueEnvName('uploads')]).toBe('http://sqs/uploads');
    Object.assign(process.env, { [queueEnvName('uploads')]: 'http://sqs/uploads-2' });
    expect(await invoker.invoke('both', {})).toEqual({ uploads: 'http://sqs/uploads-2', work: 'http://sqs/work' });
  });
});
