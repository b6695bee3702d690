import { Aws } from 'aws-cdk-lib';
import { PROD_ENV, SERVICE_NAME_PATTERNS, fillName, serviceStackName } from '@serverless-axum/cdk';

/**
 * ARN patterns of every prod service environment's resources in this account, built from the name patterns of the
 * CDK library's contracts (operations.json, which the serverless-axum CLI reads too), with `*` for the service and
 * the alarm id: what the deploy role may operate is exactly what the CLI looks for, in prod only.
 */
const everyProdService = (pattern: string) => fillName(pattern, { service: '*', env: PROD_ENV, id: '*' });

/** `*-prod-app`: the app stacks of prod (the function, its `live` alias, the dashboard and the alarms). */
export const PROD_APP_STACK_PATTERN = serviceStackName('*', PROD_ENV, 'app');
/** `*-prod`: prod's functions. */
export const PROD_FUNCTION_PATTERN = everyProdService(SERVICE_NAME_PATTERNS.function);
/** `*-prod-*`: prod's alarms. */
export const PROD_ALARM_PATTERN = everyProdService(SERVICE_NAME_PATTERNS.alarm);
/** `*-prod`: prod's dashboards. */
export const PROD_DASHBOARD_PATTERN = everyProdService(SERVICE_NAME_PATTERNS.dashboard);

/** Prod's app stacks in `region`. */
export function prodAppStacksArn(region: string): string {
  return `arn:${Aws.PARTITION}:cloudformation:${region}:${Aws.ACCOUNT_ID}:stack/${PROD_APP_STACK_PATTERN}/*`;
}

/** Prod's functions in `region`, unqualified and qualified (`:live`, `:<version>`): alias calls name either. */
export function prodFunctionArns(region: string): string[] {
  const fn = `arn:${Aws.PARTITION}:lambda:${region}:${Aws.ACCOUNT_ID}:function:${PROD_FUNCTION_PATTERN}`;
  return [fn, `${fn}:*`];
}

/** Prod's alarms in `region`. */
export function prodAlarmsArn(region: string): string {
  return `arn:${Aws.PARTITION}:cloudwatch:${region}:${Aws.ACCOUNT_ID}:alarm:${PROD_ALARM_PATTERN}`;
}

/** Prod's dashboards (CloudWatch dashboards are global: no region in their ARN). */
export function prodDashboardsArn(): string {
  return `arn:${Aws.PARTITION}:cloudwatch::${Aws.ACCOUNT_ID}:dashboard/${PROD_DASHBOARD_PATTERN}`;
}
