#!/usr/bin/env node
import { App } from 'aws-cdk-lib';
import { loadServiceConfig } from '../lib/config/ServiceConfig';
import { buildServiceApp } from '../lib/ServiceApp';

// npx cdk synth -c env=prod | -c env=pr-7 ; README.md "Commands" lists the other context values.
const app = new App();
buildServiceApp(app, { config: loadServiceConfig() });
app.synth();
