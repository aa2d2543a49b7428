import { fileURLToPath } from 'node:url';
import { App, Stack } from 'aws-cdk-lib';
import { Annotations, Match, Template } from 'aws-cdk-lib/assertions';
import { RetentionDays } from 'aws-cdk-lib/aws-logs';
import { describe, expect, it } from 'vitest';
import { OmsFunction, type OmsFunctionProps } from '../../infra/constructs/functions.js';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const props = (entry: string): OmsFunctionProps => ({
  entry,
  projectRoot: ROOT,
  description: 'test',
  memoryMb: 256,
  timeoutSeconds: 10,
  environment: {},
  logRetention: RetentionDays.ONE_WEEK,
  logLevel: 'INFO',
});
const stackWith = (bundlingStacks: string[]) =>
  new Stack(
    new App({
      context: { 'aws:cdk:bundling-stacks': bundlingStacks, '@aws-cdk/core:validateAgainstDefaultRules': false },
    }),
    'S',
  );

describe('OmsFunction with a handler that does not exist yet', () => {
  it('uses placeholder code and warns when bundling is skipped (template tests)', () => {
    const stack = stackWith([]);
    new OmsFunction(stack, 'Missing', props(`${ROOT}functions/does-not-exist.ts`));
    const template = Template.fromStack(stack);
    template.hasResourceProperties('AWS::Lambda::Function', {
      Runtime: 'nodejs22.x',
      Architectures: ['arm64'],
      Code: { ZipFile: Match.stringLikeRegexp('not bundled') },
    });
    expect(Annotations.fromStack(stack).findWarning('*', Match.stringLikeRegexp('does-not-exist\\.ts does not exist'))).toHaveLength(1);
  });

  it('fails synthesis when bundling is required', () => {
    expect(() => new OmsFunction(stackWith(['**']), 'Missing', props(`${ROOT}functions/does-not-exist.ts`))).toThrow(
      /Cannot find entry file/,
    );
  });
});
