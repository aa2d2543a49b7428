import { App, Aspects } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { OmsflowStack } from './stack.js';

const app = new App();
new OmsflowStack(app, (app.node.tryGetContext('stackName') as string | undefined) ?? 'Omsflow', {
  // Unset offline: the template stays environment-agnostic.
  env: { account: process.env.CDK_DEFAULT_ACCOUNT, region: process.env.CDK_DEFAULT_REGION },
});
// With cdk.json's flags (annotationsInValidationReport) an unsuppressed nag error fails synth;
// test/infra/nag.test.ts also fails on warnings.
Aspects.of(app).add(new AwsSolutionsChecks());
