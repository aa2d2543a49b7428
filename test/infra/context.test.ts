import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { FUNCTIONS } from '../../functions/catalog.js';
import { OmsflowStack } from '../../infra/stack.js';
import { ENV } from '../../shared/runtime/declarations.js';

const cdkJson = JSON.parse(readFileSync(fileURLToPath(new URL('../../cdk.json', import.meta.url)), 'utf8'));
// CloudFormation validation (slow to start) is covered by nag.test.ts.
const appWith = (context: Record<string, unknown>) =>
  new App({
    context: {
      ...cdkJson.context,
      'aws:cdk:bundling-stacks': [],
      '@aws-cdk/core:validateAgainstDefaultRules': false,
      ...context,
    },
  });

const OVERRIDES = {
  oidcIssuer: 'https://issuer.example.org/realms/oms',
  oidcAudience: 'omsflow-test',
  logLevel: 'debug',
  logRetentionDays: 30,
};
let resources: Record<string, { Type: string; Properties: Record<string, any> }>;

beforeAll(() => {
  const app = appWith(OVERRIDES);
  resources = Template.fromStack(new OmsflowStack(app, 'Omsflow')).toJSON().Resources;
});

describe('stack settings from CDK context', () => {
  it('the JWT authorizer and the API function use the configured issuer and audience', () => {
    const authorizer = Object.values(resources).find((r) => r.Type === 'AWS::ApiGatewayV2::Authorizer')!;
    expect(authorizer.Properties.JwtConfiguration).toEqual({
      Issuer: OVERRIDES.oidcIssuer,
      Audience: [OVERRIDES.oidcAudience],
    });
    const httpFunctions = FUNCTIONS.filter((d) => d.triggers.some((t) => t.kind === 'http'));
    const withIssuer = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.[ENV.issuer] === OVERRIDES.oidcIssuer,
    );
    expect(withIssuer.length).toBe(httpFunctions.length);
    for (const fn of withIssuer) expect(fn.Properties.Environment.Variables[ENV.audience]).toBe(OVERRIDES.oidcAudience);
  });

  it('log level and log retention apply to every function', () => {
    const fns = Object.values(resources).filter(
      (r) => r.Type === 'AWS::Lambda::Function' && r.Properties.Environment?.Variables?.POWERTOOLS_SERVICE_NAME,
    );
    expect(fns.length).toBe(FUNCTIONS.length);
    for (const fn of fns) expect(fn.Properties.Environment.Variables.POWERTOOLS_LOG_LEVEL).toBe('DEBUG');
    const groups = Object.values(resources).filter((r) => r.Type === 'AWS::Logs::LogGroup');
    for (const group of groups) expect(group.Properties.RetentionInDays).toBe(OVERRIDES.logRetentionDays);
  });

  it.each([
    [{ oidcIssuer: 'http://insecure.example' }, /oidcIssuer must be an https URL/],
    [{ logLevel: 'LOUD' }, /logLevel must be one of/],
    [{ logRetentionDays: 42 }, /not a CloudWatch Logs retention value/],
  ])('rejects %o', (context, message) => {
    expect(() => new OmsflowStack(appWith(context), 'Omsflow')).toThrow(message);
  });
});
