#!/usr/bin/env node
import * as path from 'path';
import { App } from 'aws-cdk-lib';
import { buildServiceApp, loadServiceConfig } from '@serverless-axum/cdk';

// npx cdk synth -c env=prod | -c env=pr-7 ; README.md "Commands" lists the other context values.
// The stacks, their monitoring and the platform's rules come from the platform's CDK library (@serverless-axum/cdk);
// this service brings its config and its data: ../dashboards, ../alarms, ../metrics, ../docs/runbooks.
const app = new App();
buildServiceApp(app, {
  config: loadServiceConfig(process.env.SERVICE_CONFIG ?? path.join(__dirname, '..', 'service.config.json')),
  serviceDir: path.join(__dirname, '..', '..'),
});
app.synth();
