import { PLATFORM_PARAMETERS } from '@serverless-axum/cdk';
import { Construct } from 'constructs';
import {
  Aws, RemovalPolicy, aws_iam as iam, aws_kms as kms, aws_sns as sns, aws_sns_subscriptions as subs, aws_ssm as ssm,
} from 'aws-cdk-lib';

export interface AlertsTopicProps {
  /** Emails subscribed to the topic (each must confirm once). @default none */
  readonly emails?: readonly string[];
  /** Topic name. @default "platform-alerts" */
  readonly topicName?: string;
}

/** Services that publish alarms and budget notifications to the topic. */
const PUBLISHERS = ['cloudwatch.amazonaws.com', 'budgets.amazonaws.com'];

/** The account's single alerts topic, KMS-encrypted, published as SSM `/platform/alerts-topic-arn`. */
export class AlertsTopic extends Construct {
  public readonly topic: sns.Topic;
  public readonly key: kms.Key;

  constructor(scope: Construct, id: string, props: AlertsTopicProps = {}) {
    super(scope, id);
    this.key = new kms.Key(this, 'Key', {
      description: 'Encrypts the platform alerts topic',
      enableKeyRotation: true,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const fromThisAccount = { StringEquals: { 'aws:SourceAccount': Aws.ACCOUNT_ID } };
    this.key.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAlarmAndBudgetPublishers',
      principals: PUBLISHERS.map((p) => new iam.ServicePrincipal(p)),
      actions: ['kms:Decrypt', 'kms:GenerateDataKey*'],
      resources: ['*'],
      conditions: fromThisAccount,
    }));
    this.topic = new sns.Topic(this, 'Topic', {
      topicName: props.topicName ?? 'platform-alerts',
      displayName: 'Platform alerts',
      masterKey: this.key,
      enforceSSL: true,
    });
    this.topic.addToResourcePolicy(new iam.PolicyStatement({
      sid: 'AllowAlarmAndBudgetPublishers',
      principals: PUBLISHERS.map((p) => new iam.ServicePrincipal(p)),
      actions: ['sns:Publish'],
      resources: [this.topic.topicArn],
      conditions: fromThisAccount,
    }));
    for (const email of props.emails ?? []) {
      this.topic.addSubscription(new subs.EmailSubscription(email));
    }
    new ssm.StringParameter(this, 'ArnParameter', {
      parameterName: PLATFORM_PARAMETERS.alertsTopicArn,
      stringValue: this.topic.topicArn,
      description: 'ARN of the account alerts SNS topic',
    });
  }
}
