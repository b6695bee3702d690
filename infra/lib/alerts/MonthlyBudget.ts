import { Construct } from 'constructs';
import { aws_budgets as budgets, aws_sns as sns } from 'aws-cdk-lib';

export interface MonthlyBudgetProps {
  /** Monthly cost limit in USD. */
  readonly amountUsd: number;
  /** Topic that receives the notifications. */
  readonly topic: sns.ITopic;
  /** Percentages of actual spend that notify. @default [80, 100] */
  readonly thresholdsPercent?: number[];
  /** Budget name. @default "platform-monthly" */
  readonly budgetName?: string;
}

/** A monthly cost budget that notifies the alerts topic at 80 % and 100 % of actual spend. */
export class MonthlyBudget extends Construct {
  public readonly budget: budgets.CfnBudget;

  constructor(scope: Construct, id: string, props: MonthlyBudgetProps) {
    super(scope, id);
    this.budget = new budgets.CfnBudget(this, 'Budget', {
      budget: {
        budgetName: props.budgetName ?? 'platform-monthly',
        budgetType: 'COST',
        timeUnit: 'MONTHLY',
        budgetLimit: { amount: props.amountUsd, unit: 'USD' },
      },
      notificationsWithSubscribers: (props.thresholdsPercent ?? [80, 100]).map((threshold) => ({
        notification: {
          notificationType: 'ACTUAL',
          comparisonOperator: 'GREATER_THAN',
          threshold,
          thresholdType: 'PERCENTAGE',
        },
        subscribers: [{ subscriptionType: 'SNS', address: props.topic.topicArn }],
      })),
    });
  }
}
