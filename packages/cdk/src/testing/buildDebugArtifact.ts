import { execFileSync } from 'child_process';
import { checkArtifact } from '../artifact/LambdaArtifact';

interface CargoMessage {
  reason: string;
  target?: { name: string; kind: string[] };
  executable?: string | null;
}

/**
 * Builds the service in `serviceDir` with `cargo build` (a debug build: enough to synthesize and to run the binary
 * in tests) and returns its binary's path. `CARGO_TARGET_DIR` is respected.
 */
export function buildDebugArtifact(serviceDir: string, service: string): string {
  let output: string;
  try {
    output = execFileSync('cargo', ['build', '--message-format=json-render-diagnostics'], {
      cwd: serviceDir,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'inherit'],
      maxBuffer: 256 * 1024 * 1024,
    });
  } catch (e) {
    throw new Error(`cargo build in ${serviceDir} failed (${(e as Error).message}); set LAMBDA_ARTIFACT to a directory holding an executable "bootstrap" to skip it`);
  }
  const executables = output
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as CargoMessage)
    .filter((m) => m.reason === 'compiler-artifact' && m.executable && m.target?.kind.includes('bin'));
  const binary = executables.find((m) => m.target!.name === service) ?? (executables.length === 1 ? executables[0] : undefined);
  if (!binary) {
    throw new Error(`cargo build produced no binary named ${service} (found: ${executables.map((m) => m.target!.name).join(', ') || 'none'})`);
  }
  return checkArtifact(binary.executable!);
}
