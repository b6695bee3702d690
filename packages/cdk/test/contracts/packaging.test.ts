/**
 * The package is consumed as a tarball (`npm pack`; `file:` with install-links), and dist/contracts/index.js requires
 * operations.json at load time: a build that left it out would break every consumer, the janitor included.
 */
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';

const ROOT = path.join(__dirname, '..', '..');

test('the build emits contracts/operations.json beside the compiled contracts, and the package ships dist/', () => {
  const outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cdk-build-'));
  try {
    const tsc = path.join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
    execFileSync(process.execPath, [tsc, '-p', 'tsconfig.build.json', '--outDir', outDir], { cwd: ROOT, stdio: 'pipe' });
    const emitted = JSON.parse(fs.readFileSync(path.join(outDir, 'contracts', 'operations.json'), 'utf8'));
    expect(emitted).toEqual(JSON.parse(fs.readFileSync(path.join(ROOT, 'src', 'contracts', 'operations.json'), 'utf8')));
    expect(fs.readFileSync(path.join(outDir, 'contracts', 'operationsContract.js'), 'utf8')).toContain('require("./operations.json")');
  } finally {
    fs.rmSync(outDir, { recursive: true, force: true });
  }
  const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, 'package.json'), 'utf8'));
  expect(pkg.files).toContain('dist');
  expect(pkg.exports['./contracts'].default).toBe('./dist/contracts/index.js');
});
