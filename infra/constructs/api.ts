import { RemovalPolicy, Stack } from 'aws-cdk-lib';
import { AccessLogFormat } from 'aws-cdk-lib/aws-apigateway';
import * as apigw from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpJwtAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2-authorizers';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import * as logs from 'aws-cdk-lib/aws-logs';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import type { FunctionDecl } from '../../shared/runtime/declarations.js';
import type { OmsFunction } from './functions.js';
import { pascal } from './names.js';

/** Stage-wide default: generous for ~90 TFOMS and FOMS operators, a ceiling for runaway clients. */
export const API_THROTTLE = { rateLimit: 50, burstLimit: 100 };

/**
 * One access-log line per request. `routeKey` (the template, e.g. `GET /v1/persons/{enp}`) is
 * logged rather than the path, because paths carry ЕНП — no personal data in logs (DOMAIN.md §8).
 */
const ACCESS_LOG_FORMAT = AccessLogFormat.custom(
  JSON.stringify({
    requestId: '$context.requestId',
    requestTime: '$context.requestTime',
    ip: '$context.identity.sourceIp',
    routeKey: '$context.routeKey',
    status: '$context.status',
    protocol: '$context.protocol',
    responseLength: '$context.responseLength',
    latencyMs: '$context.responseLatency',
    integrationError: '$context.integrationErrorMessage',
    authorizerError: '$context.authorizer.error',
  }),
);

export interface ApiProps {
  decls: readonly FunctionDecl[];
  functions: Record<string, OmsFunction>;
  oidc: { issuer: string; audience: string };
  logRetention: logs.RetentionDays;
}

/** The HTTP API: one route per catalog route, bearer tokens checked by API Gateway (OIDC). */
export class Api extends Construct {
  readonly httpApi: apigw.HttpApi;
  readonly stage: apigw.HttpStage;
  readonly authorizer: HttpJwtAuthorizer;
  readonly accessLogs: logs.LogGroup;

  constructor(scope: Construct, id: string, props: ApiProps) {
    super(scope, id);
    this.httpApi = new apigw.HttpApi(this, 'HttpApi', {
      apiName: `${Stack.of(this).stackName}-api`,
      description: 'omsflow: files, protocols, stage 1.6 checks, persons',
      createDefaultStage: false,
    });
    this.accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: props.logRetention,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.stage = new apigw.HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: API_THROTTLE,
      accessLogSettings: {
        destination: new apigw.LogGroupLogDestination(this.accessLogs),
        format: ACCESS_LOG_FORMAT,
      },
    });
    this.authorizer = new HttpJwtAuthorizer('Oidc', props.oidc.issuer, {
      authorizerName: 'oidc',
      jwtAudience: [props.oidc.audience],
    });

    for (const decl of props.decls) {
      const fn = props.functions[decl.id];
      for (const trigger of decl.triggers) {
        if (trigger.kind !== 'http') continue;
        if (!fn) throw new Error(`Function "${decl.id}" was not created`);
        const integration = new HttpLambdaIntegration(`${pascal(decl.id)}Integration`, fn.fn);
        for (const route of trigger.routes) {
          const [httpRoute] = this.httpApi.addRoutes({
            path: route.path,
            methods: [apigw.HttpMethod[route.method]],
            integration,
            authorizer: route.auth === 'jwt' ? this.authorizer : new apigw.HttpNoneAuthorizer(),
          });
          if (route.auth === 'none' && httpRoute) {
            NagSuppressions.addResourceSuppressions(httpRoute, [
              {
                id: 'AwsSolutions-APIG4',
                reason: `${route.method} ${route.path} is a public document by contract (DOMAIN.md §9); it carries no data.`,
              },
            ]);
          }
        }
      }
    }
  }

  get url(): string {
    return this.stage.url;
  }
}
