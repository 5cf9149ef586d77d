// Finds the secint binary: the `secint.server.path` setting, then the binary bundled in the
// extension (`server/secint`), then `secint` on PATH. Each candidate must answer `--version`.
import { execFile } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as vscode from 'vscode';

export interface ServerBinary {
  path: string;
  version: string;
  /** Where the binary came from, for the output channel. */
  origin: 'setting' | 'bundled' | 'PATH';
}

export class ServerNotFound extends Error {}

const exe = process.platform === 'win32' ? 'secint.exe' : 'secint';

export async function findServer(
  context: vscode.ExtensionContext,
  log: vscode.LogOutputChannel,
): Promise<ServerBinary> {
  const configured = vscode.workspace.getConfiguration('secint').get<string | null>('server.path');
  if (configured) {
    const resolved = expandPath(configured);
    // A path the user set is never silently replaced by another binary.
    const version = await versionOf(resolved);
    if (version === undefined) {
      throw new ServerNotFound(
        `secint: the server set in "secint.server.path" (${resolved}) does not run or does not answer ` +
          '`--version`. Fix the path, or clear the setting to use the bundled binary or `secint` on PATH.',
      );
    }
    return { path: resolved, version, origin: 'setting' };
  }

  const bundled = context.asAbsolutePath(path.join('server', exe));
  if (fs.existsSync(bundled)) {
    await ensureExecutable(bundled);
    const version = await versionOf(bundled);
    if (version !== undefined) {
      return { path: bundled, version, origin: 'bundled' };
    }
    log.warn(`the bundled server ${bundled} does not run here; trying PATH`);
  }

  const onPath = searchPath(exe);
  if (onPath) {
    const version = await versionOf(onPath);
    if (version !== undefined) {
      return { path: onPath, version, origin: 'PATH' };
    }
    log.warn(`${onPath} on PATH does not answer --version`);
  }

  throw new ServerNotFound(
    'secint: no language server found. This extension has no server bundled for ' +
      `${process.platform}-${process.arch}, and there is no working \`secint\` on PATH. ` +
      'Install it (`cargo install --path server` in a secint checkout) and restart, ' +
      'or set "secint.server.path" to the binary.',
  );
}

/** Runs `binary --version` and returns the version, or undefined when it fails. */
export function versionOf(binary: string): Promise<string | undefined> {
  return new Promise((resolve) => {
    execFile(binary, ['--version'], { timeout: 5000, windowsHide: true }, (error, stdout) => {
      if (error) {
        resolve(undefined);
        return;
      }
      const match = /^secint\s+(\S+)/m.exec(stdout);
      resolve(match ? match[1] : undefined);
    });
  });
}

function expandPath(p: string): string {
  let result = p;
  if (result === '~' || result.startsWith('~/')) {
    result = path.join(os.homedir(), result.slice(1));
  }
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  if (folder) {
    result = result.replace(/\$\{workspaceFolder\}/g, folder);
    if (!path.isAbsolute(result)) {
      result = path.join(folder, result);
    }
  }
  return result;
}

function searchPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (!dir) {
      continue;
    }
    const candidate = path.join(dir, name);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) {
        return candidate;
      }
    } catch {
      // not here
    }
  }
  return undefined;
}

// Unzipping a .vsix may drop the executable bit on some systems.
async function ensureExecutable(file: string): Promise<void> {
  if (process.platform === 'win32') {
    return;
  }
  try {
    await fs.promises.access(file, fs.constants.X_OK);
  } catch {
    await fs.promises.chmod(file, 0o755).catch(() => undefined);
  }
}
