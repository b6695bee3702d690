import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { Architecture } from '../config/ServiceConfig';

/** Where the function's code comes from. */
export interface LambdaArtifactProps {
  /**
   * A directory holding an executable `bootstrap`, a `bootstrap.zip`, or the executable itself (context
   * `lambdaArtifact`).
   * @default - build it with cargo lambda
   */
  readonly artifact?: string;
  /** Service (and binary) name. */
  readonly service: string;
  /** Target architecture of the build. */
  readonly architecture: Architecture;
  /** The Rust service's directory (holds Cargo.toml). */
  readonly serviceDir: string;
  /**
   * Cargo's target directory.
   * @default - `$CARGO_TARGET_DIR` or `<serviceDir>/target`
   */
  readonly targetDir?: string;
}

/**
 * The cargo lambda invocation that builds the release zip.
 * arm64 cross-compiles with zig (`pip install cargo-lambda ziglang`); x86_64 uses plain cargo, which needs no zig:
 * the fallback for machines that cannot cross-compile is `-c architecture=x86_64`.
 */
export function cargoLambdaArgs(architecture: Architecture): string[] {
  const common = ['lambda', 'build', '--release', '--output-format', 'zip'];
  return architecture === 'arm64' ? [...common, '--arm64'] : [...common, '--compiler', 'cargo', '--x86-64'];
}

/**
 * Checks a given artifact and returns what `lambda.Code.fromAsset` takes: a dir with an executable `bootstrap` or a
 * zip file, as given, or an executable file of another name (e.g. `target/debug/<service>`, for an offline synth),
 * linked as `bootstrap` from a fresh temporary directory (a link, not a copy: debug binaries are large, and the
 * asset follows the link).
 */
export function checkArtifact(artifact: string): string {
  const abs = path.resolve(artifact);
  if (!fs.existsSync(abs)) throw new Error(`lambdaArtifact ${abs} does not exist`);
  if (fs.statSync(abs).isDirectory()) {
    const bootstrap = path.join(abs, 'bootstrap');
    if (!fs.existsSync(bootstrap)) throw new Error(`lambdaArtifact ${abs} has no "bootstrap" file`);
    if (!isExecutable(bootstrap)) throw new Error(`${bootstrap} is not executable`);
    return abs;
  }
  if (abs.endsWith('.zip')) return abs;
  if (!isExecutable(abs)) throw new Error(`lambdaArtifact ${abs} must be a directory, a .zip or an executable file`);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lambda-artifact-'));
  fs.symlinkSync(abs, path.join(dir, 'bootstrap'));
  removeOnExit(dir);
  return dir;
}

/** Link directories made by this process: the synth has staged their content into cdk.out by the time it exits. */
const linkDirs = new Set<string>();

function removeOnExit(dir: string): void {
  if (linkDirs.size === 0) process.once('exit', () => linkDirs.forEach((d) => fs.rmSync(d, { recursive: true, force: true })));
  linkDirs.add(dir);
}

function isExecutable(file: string): boolean {
  return (fs.statSync(file).mode & 0o111) !== 0;
}

/** Resolves the function's code: the given artifact, or a fresh `cargo lambda build`. */
export function resolveLambdaArtifact(props: LambdaArtifactProps): string {
  if (props.artifact) return checkArtifact(props.artifact);
  const targetDir = props.targetDir ?? process.env.CARGO_TARGET_DIR ?? path.join(props.serviceDir, 'target');
  const args = cargoLambdaArgs(props.architecture);
  process.stderr.write(`building the Lambda artifact: cargo ${args.join(' ')}\n`);
  try {
    execFileSync('cargo', args, { cwd: props.serviceDir, stdio: ['ignore', process.stderr, process.stderr] });
  } catch (e) {
    throw new Error(
      `cargo ${args.join(' ')} failed (${(e as Error).message}). Install cargo-lambda (pip install cargo-lambda ziglang), ` +
        'or on a machine that cannot cross-compile arm64 synth with -c architecture=x86_64, ' +
        'or pass a prebuilt artifact with -c lambdaArtifact=<dir with bootstrap | bootstrap.zip>.',
    );
  }
  return checkArtifact(path.join(path.resolve(props.serviceDir, targetDir), 'lambda', props.service, 'bootstrap.zip'));
}
