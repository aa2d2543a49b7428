import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { App, Aspects, Stack } from 'aws-cdk-lib';
import { Annotations, Match } from 'aws-cdk-lib/assertions';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { AwsSolutionsChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { OmsflowStack } from '../../infra/stack.js';

const NAG = Match.stringLikeRegexp('AwsSolutions-.*');
let omsflow: Annotations;
let canary: Annotations;

beforeAll(() => {
  const cdkJson = JSON.parse(readFileSync(fileURLToPath(new URL('../../cdk.json', import.meta.url)), 'utf8'));
  const app = new App({ context: { ...cdkJson.context, 'aws:cdk:bundling-stacks': [] } });
  const stack = new OmsflowStack(app, 'Omsflow');
  Aspects.of(app).add(new AwsSolutionsChecks({ verbose: true }));
  // Exactly cdk.json's flags, so CDK's CloudFormation validation runs too (it catches dependency
  // cycles). An unsuppressed nag error also fails that validation, so the test fails either way;
  // the assertions below name the findings.
  omsflow = Annotations.fromStack(stack);

  // A canary in its own app without those flags, so its findings are reported, not thrown.
  const canaryApp = new App({ context: { '@aws-cdk/core:validateAgainstDefaultRules': false } });
  const canaryStack = new Stack(canaryApp, 'NagCanary');
  // Neither TLS-only nor access-logged: AwsSolutions-S1 and -S10 must fire.
  new s3.Bucket(canaryStack, 'Plain');
  Aspects.of(canaryApp).add(new AwsSolutionsChecks());
  canary = Annotations.fromStack(canaryStack);
});

const describeFindings = (findings: ReturnType<Annotations['findError']>) =>
  findings.map((f) => `${f.id}: ${String(f.entry.data).split('\n')[0]}`);

describe('cdk-nag AwsSolutions', () => {
  it('the checks run (a non-compliant canary bucket is flagged)', () => {
    const ids = describeFindings(canary.findError('*', NAG)).join('\n');
    expect(ids).toMatch(/AwsSolutions-S1\b/);
    expect(ids).toMatch(/AwsSolutions-S10\b/);
  });

  it('the stack has no unsuppressed errors', () => {
    expect(describeFindings(omsflow.findError('*', NAG))).toEqual([]);
  });

  it('the stack has no unsuppressed warnings', () => {
    expect(describeFindings(omsflow.findWarning('*', NAG))).toEqual([]);
  });
});
