#!/usr/bin/env node
import { join } from 'path';
import { createPlatformApp, loadPlatformConfig } from '../lib';

const configFile = process.env.PLATFORM_CONFIG ?? join(__dirname, '..', 'platform.config.json');
createPlatformApp(loadPlatformConfig(configFile)).app.synth();
