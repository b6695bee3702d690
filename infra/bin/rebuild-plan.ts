#!/usr/bin/env node
// Prints the rebuild workflow's job matrix (one JSON line): `npx ts-node bin/rebuild-plan.ts`.
import { join } from 'path';
import { loadPlatformConfig, rebuildPlan } from '../lib';

const configFile = process.env.PLATFORM_CONFIG ?? join(__dirname, '..', 'platform.config.json');
process.stdout.write(`${JSON.stringify(rebuildPlan(loadPlatformConfig(configFile)))}\n`);
