import { ChildProcess, spawn, spawnSync } from 'child_process';
import * as net from 'net';

/** Set for the tests: the moto server's base URL (http://127.0.0.1:<port>). */
export const MOTO_URL_ENV = 'MOTO_URL';

declare global {
  // Shared between globalSetup and globalTeardown (same process).
  var __motoServer: ChildProcess | undefined;
}

/**
 * Starts `moto_server` (pip install 'moto[server]') on a free port of 127.0.0.1 for the CloudFormation integration
 * tests, and waits until it answers. Fails the whole run, clearly, when moto_server is not installed.
 */
export default async function globalSetup(): Promise<void> {
  if (process.env[MOTO_URL_ENV]) return; // an already running moto, e.g. one a developer keeps open
  if (spawnSync('moto_server', ['--help'], { stdio: 'ignore' }).error) {
    throw new Error("moto_server is not on PATH: install it with pip install 'moto[server]' (the janitor's integration tests need it)");
  }
  const port = await freePort();
  const server = spawn('moto_server', ['-H', '127.0.0.1', '-p', String(port)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    stderr = (stderr + chunk.toString()).slice(-4000);
  });
  globalThis.__motoServer = server;
  const url = `http://127.0.0.1:${port}`;
  await waitUntilUp(url, server, () => stderr);
  process.env[MOTO_URL_ENV] = url;
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

async function waitUntilUp(url: string, server: ChildProcess, stderr: () => string): Promise<void> {
  for (let attempt = 0; attempt < 300; attempt++) {
    if (server.exitCode !== null) throw new Error(`moto_server exited with ${server.exitCode}: ${stderr()}`);
    try {
      const response = await fetch(`${url}/moto-api/`);
      if (response.status < 500) return;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  server.kill();
  throw new Error(`moto_server did not answer on ${url} within 30s: ${stderr()}`);
}
