import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { cargoLambdaArgs, checkArtifact } from '../../src/artifact/LambdaArtifact';

test('arm64 cross-compiles with cargo lambda; x86_64 builds with plain cargo (no zig)', () => {
  expect(cargoLambdaArgs('arm64')).toEqual(['lambda', 'build', '--release', '--output-format', 'zip', '--arm64']);
  expect(cargoLambdaArgs('x86_64')).toEqual(['lambda', 'build', '--release', '--output-format', 'zip', '--compiler', 'cargo', '--x86-64']);
});

describe('checkArtifact', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'artifact-test-'));
  afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('refuses a missing path, a dir without bootstrap, a non-executable bootstrap and a non-executable non-zip file', () => {
    expect(() => checkArtifact(path.join(dir, 'nope'))).toThrow(/does not exist/);
    expect(() => checkArtifact(dir)).toThrow(/no "bootstrap"/);
    fs.writeFileSync(path.join(dir, 'bootstrap'), '');
    fs.chmodSync(path.join(dir, 'bootstrap'), 0o644);
    expect(() => checkArtifact(dir)).toThrow(/not executable/);
    expect(() => checkArtifact(path.join(dir, 'bootstrap'))).toThrow(/a directory, a .zip or an executable file/);
  });

  test('accepts a dir with an executable bootstrap, and a zip, as they are', () => {
    fs.chmodSync(path.join(dir, 'bootstrap'), 0o755);
    expect(checkArtifact(dir)).toBe(dir);
    fs.writeFileSync(path.join(dir, 'bootstrap.zip'), '');
    expect(checkArtifact(path.join(dir, 'bootstrap.zip'))).toBe(path.join(dir, 'bootstrap.zip'));
  });

  test('stages an executable of another name (a debug build) as bootstrap', () => {
    const binary = path.join(dir, 'orders-api');
    fs.writeFileSync(binary, '#!/bin/sh\n');
    fs.chmodSync(binary, 0o755);
    const staged = checkArtifact(binary);
    expect(staged).not.toBe(dir);
    expect(fs.readFileSync(path.join(staged, 'bootstrap'), 'utf8')).toBe('#!/bin/sh\n');
    expect(fs.statSync(path.join(staged, 'bootstrap')).mode & 0o111).not.toBe(0);
    fs.rmSync(staged, { recursive: true });
  });
});
