// `prepare`: compiles src/ to dist/. npm runs it after `npm ci` here, before `npm pack` (the release tarball), and in
// this folder when another package installs it by path (`file:` with install-links, as the platform's infra/ and a
// service generated with `platform_path` do). In that last case this folder may have no node_modules yet, so the
// compiler is installed first (`--ignore-scripts`: without it, that install would run this script again).
const { execFileSync } = require('child_process');
const fs = require('fs');
const path = require('path');

const root = path.join(__dirname, '..');
const run = (command, args) => execFileSync(command, args, { cwd: root, stdio: 'inherit', shell: process.platform === 'win32' });
if (!fs.existsSync(path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'))) {
  run('npm', ['ci', '--ignore-scripts', '--no-audit', '--no-fund', '--loglevel=error']);
}
run(process.execPath, [path.join(root, 'node_modules', 'typescript', 'bin', 'tsc'), '-p', 'tsconfig.build.json']);
