/** Stops the moto server globalSetup started. */
export default async function globalTeardown(): Promise<void> {
  const server = globalThis.__motoServer;
  if (!server || server.exitCode !== null) return;
  await new Promise<void>((resolve) => {
    server.once('exit', () => resolve());
    server.kill('SIGTERM');
  });
}
