// Builds the .vsix, offline.
//
//   node scripts/package.mjs [--server PATH] [--target TARGET] [--out FILE]
//
// With a server binary (--server, else ../../target/release/secint when it exists) the package is
// platform-specific (vsce --target, default: this machine's) and carries the binary as
// server/secint, stripped of symbols and debug info when it targets this machine and `strip` is
// on PATH.
// Without one it is a universal package that finds `secint` on PATH or through the setting.
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const repo = path.resolve(root, '..', '..');

function arg(name) {
  const i = process.argv.indexOf(name);
  if (i === -1) return undefined;
  const value = process.argv[i + 1];
  if (!value || value.startsWith('--')) fail(`${name} needs a value`);
  return value;
}

function fail(message) {
  console.error(`package: ${message}`);
  process.exit(1);
}

function thisTarget() {
  const arch = { x64: 'x64', arm64: 'arm64', arm: 'armhf' }[process.arch];
  const platform = { linux: 'linux', darwin: 'darwin', win32: 'win32' }[process.platform];
  if (!arch || !platform) fail(`no VS Code target for ${process.platform}-${process.arch}; pass --target`);
  return `${platform}-${arch}`;
}

const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
const exeName = process.platform === 'win32' ? 'secint.exe' : 'secint';
const release = path.join(repo, 'target', 'release', exeName);
let server = arg('--server');
if (server === undefined && fs.existsSync(release)) server = release;
if (server !== undefined && !fs.existsSync(server)) fail(`server binary ${server} does not exist`);

const target = server ? arg('--target') ?? thisTarget() : arg('--target');
const out = path.resolve(arg('--out') ?? path.join(root, `secint-${target ?? 'universal'}-${manifest.version}.vsix`));

const serverDir = path.join(root, 'server');
fs.rmSync(serverDir, { recursive: true, force: true });
if (server) {
  const exe = target.startsWith('win32') ? 'secint.exe' : 'secint';
  fs.mkdirSync(serverDir, { recursive: true });
  fs.copyFileSync(server, path.join(serverDir, exe));
  fs.chmodSync(path.join(serverDir, exe), 0o755);
  const before = fs.statSync(server).size;
  if (target === thisTarget() && process.platform !== 'win32') {
    const strip = spawnSync('strip', [path.join(serverDir, exe)], { stdio: 'inherit' });
    if (strip.error) console.log('package: `strip` not found; the binary is bundled as it is');
    else if (strip.status !== 0) fail(`strip failed (exit ${strip.status})`);
  }
  const after = fs.statSync(path.join(serverDir, exe)).size;
  const mib = (n) => `${(n / 1048576).toFixed(1)} MiB`;
  console.log(`package: bundling ${server} as server/${exe} for ${target} (${mib(before)}, ${mib(after)} stripped)`);
} else {
  console.log('package: no server binary (build target/release/secint or pass --server): universal package');
}

const vsce = path.join(root, 'node_modules', '.bin', process.platform === 'win32' ? 'vsce.cmd' : 'vsce');
if (!fs.existsSync(vsce)) fail('@vscode/vsce is not installed: run `npm ci` in editors/vscode');
// Relative links and images in README.md point into this folder of the repository.
const repoUrl = manifest.repository.url.replace(/\.git$/, '');
const folder = `${repoUrl}/raw/HEAD/${manifest.repository.directory}`;
const args = ['package', '--no-dependencies', '--out', out, '--baseImagesUrl', folder, '--baseContentUrl', folder.replace('/raw/', '/blob/')];
if (target) args.push('--target', target);
const result = spawnSync(vsce, args, { cwd: root, stdio: 'inherit' });
// The copied binary is only for the package: a stale one must not shadow PATH in development.
fs.rmSync(serverDir, { recursive: true, force: true });
if (result.status !== 0) fail(`vsce package failed (exit ${result.status ?? result.signal})`);
console.log(`package: wrote ${out}`);
