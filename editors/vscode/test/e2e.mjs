// End-to-end test of the packaged extension in real VS Code (code-server) driven through Chromium.
//
//   node test/e2e.mjs --vsix secint-linux-x64-0.1.0.vsix --code-server PATH [--artifacts DIR]
//
// Installs the .vsix into a fresh code-server, opens the fixtures and checks what a user sees:
// the diagnostics in the Problems panel, a hover, the completion list, a quick fix, formatting,
// inlay hints, and across two files: workspace symbols, go to definition and rename.
// Prints one `PASS name` / `FAIL name: why` line per check; exits 1 when any failed.
import { spawn, spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';

const here = path.dirname(fileURLToPath(import.meta.url));
const extensionRoot = path.resolve(here, '..');
const fixtures = path.resolve(extensionRoot, '..', 'test-fixtures');

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i === -1 ? fallback : process.argv[i + 1];
}
const vsix = path.resolve(arg('--vsix', ''));
const codeServer = arg('--code-server', process.env.SECINT_CODE_SERVER);
const artifacts = path.resolve(arg('--artifacts', path.join(extensionRoot, 'test-artifacts')));
const chromiumPath = process.env.SECINT_CHROMIUM ?? '/usr/bin/chromium';
const label = process.env.SECINT_TEST_LABEL ?? 'vscode';
const verbose = process.env.SECINT_TEST_VERBOSE === '1';
const STEP = 20_000; // bound for each wait in the browser
const DEADLINE = Number(process.env.SECINT_TEST_DEADLINE_MS ?? 240_000);

const OAUTH_TYPES = ['AZURE', 'CUSTOM', 'OKTA', 'PING_FEDERATE'];
const FIX_TITLE = 'Remove EXTERNAL_OAUTH_SCOPE_DELIMITER (unsafe)';
const IGNORE_TITLE = 'Ignore `unknown-parameter` on this line';

let passed = 0;
let failed = 0;
const log = (line) => process.stdout.write(`${line}\n`);
const debug = (line) => verbose && log(`  # ${line}`);

async function test(name, fn) {
  const started = Date.now();
  try {
    await fn();
    passed++;
    log(`PASS ${label}: ${name} (${Date.now() - started} ms)`);
    return true;
  } catch (error) {
    failed++;
    const message = verbose ? error?.stack ?? String(error) : String(error?.message ?? error).split('\n')[0];
    log(`FAIL ${label}: ${name}: ${message}`);
    return false;
  }
}

function check(cond, message) {
  if (!cond) throw new Error(message);
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitForHttp(url, timeoutMs) {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      if (response.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 250));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

/** Kills code-server's whole process group (it was started in its own session). */
function stopGroup(child) {
  if (!child || child.exitCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      try {
        process.kill(-child.pid, 'SIGKILL');
      } catch {
        // gone
      }
      resolve();
    }, 5000);
    child.once('exit', () => {
      clearTimeout(timer);
      try {
        process.kill(-child.pid, 'SIGKILL'); // stragglers (extension host, server)
      } catch {
        // gone
      }
      resolve();
    });
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      clearTimeout(timer);
      resolve();
    }
  });
}

// ---------------------------------------------------------------- the editor, driven by keyboard

const editorSelector = '.editor-instance .monaco-editor';

async function runCommand(page, title) {
  await page.keyboard.press('F1');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP });
  await input.fill(`>${title}`);
  const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: title }).first();
  await row.waitFor({ state: 'visible', timeout: STEP });
  // Move to the command named exactly so (`Format Document`, not `Format Document With...`).
  const rows = await page.locator('.quick-input-widget .monaco-list-row').count();
  for (let i = 0; i < rows; i++) {
    const focused = page.locator('.quick-input-widget .monaco-list-row.focused .label-name').first();
    const label = (await focused.innerText().catch(() => '')).replace(/\u00a0/g, ' ').trim();
    if (label === title || label === '') break; // '' : no label to read, keep the first row
    await page.keyboard.press('ArrowDown');
  }
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: STEP });
}

async function openFile(page, name) {
  // Close whatever widget a failed step may have left open.
  await page.keyboard.press('Escape');
  await page.keyboard.press('Escape');
  await page.keyboard.press('Control+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP });
  await input.fill(name);
  // The list first shows the recently opened files: Enter only once the filtered match is focused.
  const row = page.locator('.quick-input-widget .monaco-list-row.focused', { hasText: name }).first();
  await row.waitFor({ state: 'visible', timeout: STEP });
  await page.keyboard.press('Enter');
  await page.locator(`.tab.active[aria-label*="${name}"]`).first().waitFor({ state: 'visible', timeout: STEP });
  await page.locator(`${editorSelector} .view-lines`).first().waitFor({ state: 'visible', timeout: STEP });
  // Focus the text.
  await page.locator(`${editorSelector} .view-lines`).first().click({ position: { x: 5, y: 5 } });
}

async function goToLine(page, line) {
  await page.keyboard.press('Control+G');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ state: 'visible', timeout: STEP });
  await input.fill(`:${line}`);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: STEP });
}

/** The editor's text as rendered (only the visible lines; our fixtures fit). */
async function editorText(page) {
  return page.evaluate((sel) => {
    const lines = [...document.querySelectorAll(`${sel} .view-lines .view-line`)];
    lines.sort((a, b) => parseFloat(a.style.top) - parseFloat(b.style.top));
    return lines.map((l) => l.textContent.replace(/\u00a0/g, ' ')).join('\n');
  }, editorSelector);
}

/** The screen position of the middle of `word` in the rendered editor. */
async function wordPosition(page, word) {
  const pos = await page.evaluate(
    ({ sel, word }) => {
      for (const line of document.querySelectorAll(`${sel} .view-lines .view-line`)) {
        const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
        for (let node = walker.nextNode(); node; node = walker.nextNode()) {
          const i = node.textContent.indexOf(word);
          if (i >= 0) {
            const range = document.createRange();
            range.setStart(node, i);
            range.setEnd(node, i + word.length);
            const r = range.getBoundingClientRect();
            return { x: r.left + r.width / 2, y: r.top + r.height / 2 };
          }
        }
      }
      return null;
    },
    { sel: editorSelector, word },
  );
  check(pos, `"${word}" is not on screen`);
  return pos;
}

/** Opens the Quick Fix menu on `line` (at `column`) and applies the action titled `title`. */
async function applyQuickFix(page, line, column, title) {
  const item = page.locator('.action-widget .monaco-list-row', { hasText: title }).first();
  // The menu lists the fixes of the diagnostics the editor has: right after an edit, those of
  // the version before it may still be there. Ask again until the fix is offered.
  const until = Date.now() + STEP;
  for (;;) {
    await goToLine(page, line);
    await page.keyboard.press('Home');
    for (let i = 0; i < column; i++) await page.keyboard.press('ArrowRight');
    await page.keyboard.press('Control+.');
    const shown = await item
      .waitFor({ state: 'visible', timeout: 4000 })
      .then(() => true)
      .catch(() => false);
    if (shown) break;
    if (Date.now() > until) throw new Error(`the Quick Fix menu at line ${line} does not offer "${title}"`);
    await page.keyboard.press('Escape');
    await page.waitForTimeout(500);
  }
  // The widget is driven by keyboard (a pointer block covers it): move to the fix, then Enter.
  const rows = await page.locator('.action-widget .monaco-list-row').count();
  for (let i = 0; i <= rows; i++) {
    const focused = await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label');
    if (focused === title) break;
    await page.keyboard.press('ArrowDown');
  }
  check(
    (await page.locator('.action-widget .monaco-list-row.focused').getAttribute('aria-label')) === title,
    `could not select "${title}" in the Quick Fix menu`,
  );
  await page.keyboard.press('Enter');
}

/** The active editor's file (its tab) and cursor, as the status bar shows it: `Ln 1, Col 29`. */
async function activeEditor(page) {
  const tab = (await page.locator('.tab.active').first().getAttribute('aria-label')) ?? '';
  const cursor = (await page.locator('[id="status.editor.selection"]').first().innerText().catch(() => '')).trim();
  return { tab, cursor };
}

/** Waits until the active tab names `file` and the status bar shows `cursor`. */
async function waitForEditorAt(page, file, cursor) {
  let seen = { tab: '', cursor: '' };
  const until = Date.now() + STEP;
  while (Date.now() < until) {
    seen = await activeEditor(page);
    if (seen.tab.includes(file) && seen.cursor === cursor) return seen;
    await page.waitForTimeout(200);
  }
  throw new Error(`the active editor is "${seen.tab}" at "${seen.cursor}", expected ${file} at "${cursor}"`);
}

/** Presses F2 where the cursor is, checks the name the rename box offers, types `name` and Enter. */
async function renameWithF2(page, offered, name) {
  await page.keyboard.press('F2');
  const input = page.locator('.rename-box .rename-input').first();
  await input.waitFor({ state: 'visible', timeout: STEP }).catch(async (error) => {
    await page.screenshot({ path: path.join(artifacts, 'vscode-rename-box.png') });
    throw error;
  });
  const value = await input.inputValue();
  check(value === offered, `the rename box offers "${value}", expected "${offered}"`);
  await input.fill(name);
  await page.keyboard.press('Enter');
  await input.waitFor({ state: 'hidden', timeout: STEP });
}

/** Waits until the active editor's text is `expected` (trailing blank lines aside). */
async function waitForText(page, expected, what) {
  let text = '';
  const until = Date.now() + STEP;
  while (Date.now() < until) {
    text = await editorText(page);
    if (text.trimEnd() === expected.trimEnd()) return;
    await page.waitForTimeout(200);
  }
  throw new Error(`${what}:\n${text}\nexpected:\n${expected}`);
}

function lineNumberOf(file, prefix) {
  const lines = fs.readFileSync(file, 'utf8').split('\n');
  const i = lines.findIndex((l) => l.trim().startsWith(prefix));
  check(i >= 0, `no line starting with ${prefix} in ${file}`);
  return i + 1;
}

// ---------------------------------------------------------------- main

async function main() {
  check(fs.existsSync(vsix), `no .vsix at ${vsix} (pass --vsix)`);
  check(codeServer && fs.existsSync(codeServer), `no code-server at ${codeServer} (pass --code-server)`);
  check(fs.existsSync(chromiumPath), `no Chromium at ${chromiumPath}`);
  fs.mkdirSync(artifacts, { recursive: true });

  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'secint-vscode-'));
  const userData = path.join(tmp, 'user-data');
  const extensions = path.join(tmp, 'extensions');
  const workspace = path.join(tmp, 'workspace');
  for (const dir of [path.join(userData, 'User'), extensions, workspace]) fs.mkdirSync(dir, { recursive: true });
  for (const name of ['okta_mistakes.sql', 'okta_valid.sql', 'okta_messy.sql', 'oauth_hints.sql', 'okta_runbook.md']) {
    fs.copyFileSync(path.join(fixtures, name), path.join(workspace, name));
  }
  // Migrations across two files, for definition, rename and workspace symbols.
  fs.cpSync(path.join(fixtures, 'warehouse', 'migrations'), path.join(workspace, 'migrations'), { recursive: true });
  // A folder with its own secint.toml, as a repository keeps it.
  fs.mkdirSync(path.join(workspace, 'configured'));
  fs.copyFileSync(path.join(fixtures, 'okta_mistakes.sql'), path.join(workspace, 'configured', 'okta_configured.sql'));
  fs.writeFileSync(path.join(workspace, 'configured', 'secint.toml'), '[rules]\nnot-applicable = "off"\n');
  const settingsFile = path.join(userData, 'User', 'settings.json');
  const settings = {
        'workbench.startupEditor': 'none',
        'workbench.tips.enabled': false,
        'workbench.enableExperiments': false,
        'workbench.secondarySideBar.defaultVisibility': 'hidden',
        'security.workspace.trust.enabled': false,
        'telemetry.telemetryLevel': 'off',
        'update.mode': 'none',
        'extensions.autoCheckUpdates': false,
        'extensions.autoUpdate': false,
        'extensions.ignoreRecommendations': true,
        'chat.disableAIFeatures': true,
        'git.enabled': false,
        // Only what the server offers in the suggest widget, and no accidental accept.
        'editor.quickSuggestions': { other: false, comments: false, strings: false },
        'editor.wordBasedSuggestions': 'off',
        'editor.acceptSuggestionOnEnter': 'off',
        'editor.hover.delay': 150,
        'editor.minimap.enabled': false,
        // Inlay hints would show in the text the other checks read; their own check turns them on.
        'editor.inlayHints.enabled': 'off',
        // Files without indentation get the editor's tab size: the formatting check expects 2.
        'editor.tabSize': 2,
        'secint.trace.server': 'messages',
        // Passed to the server as initializationOptions: the placeholder in the fixture is not shown.
        'secint.rules': { placeholder: 'off' },
  };
  const writeSettings = (extra = {}) =>
    fs.writeFileSync(settingsFile, JSON.stringify({ ...settings, ...extra }, null, 2));
  writeSettings();
  const workspaceSettings = path.join(workspace, '.vscode', 'settings.json');
  const baseArgs = ['--user-data-dir', userData, '--extensions-dir', extensions];

  let child;
  let browser;
  for (const signal of ['SIGINT', 'SIGTERM']) {
    process.once(signal, () => {
      log(`FAIL ${label}: stopped by ${signal}`);
      void stopGroup(child).then(() => process.exit(1));
    });
  }
  const deadline = setTimeout(() => {
    log(`FAIL ${label}: the whole run took longer than ${DEADLINE} ms`);
    failed++;
    void stopGroup(child).then(() => process.exit(1));
  }, DEADLINE);

  try {
    const installed = await test('code-server --install-extension installs the .vsix, with a stripped server', async () => {
      const result = spawnSync(codeServer, [...baseArgs, '--install-extension', vsix], {
        encoding: 'utf8',
        timeout: 120_000,
      });
      debug(result.stdout + result.stderr);
      check(result.status === 0, `exit ${result.status}: ${(result.stderr || result.stdout).trim()}`);
      const dirs = fs.readdirSync(extensions).filter((d) => d.startsWith('secint.secint-'));
      check(dirs.length === 1, `extensions dir holds ${fs.readdirSync(extensions).join(', ')}`);
      const server = path.join(extensions, dirs[0], 'server', 'secint');
      check(fs.existsSync(server), `the .vsix has no bundled server (${server})`);
      fs.accessSync(server, fs.constants.X_OK);
      // Stripped: no symbol table (its section name would be in the section-name table).
      check(!fs.readFileSync(server).includes('.symtab'), `the bundled server is not stripped (${server})`);
    });
    if (!installed) return;

    const port = await freePort();
    const serverLog = fs.openSync(path.join(artifacts, 'code-server.log'), 'w');
    child = spawn(
      codeServer,
      [
        ...baseArgs,
        '--auth', 'none',
        '--bind-addr', `127.0.0.1:${port}`,
        '--disable-telemetry',
        '--disable-update-check',
        '--disable-workspace-trust',
        '--disable-getting-started-override',
        workspace,
      ],
      // detached: a new session (setsid), so the whole group can be stopped at the end.
      { detached: true, stdio: ['ignore', serverLog, serverLog], env: { ...process.env, PATH: process.env.PATH } },
    );
    const url = `http://127.0.0.1:${port}`;

    const page = await (async () => {
      let page;
      const ok = await test('code-server starts and the workbench loads in Chromium', async () => {
        await waitForHttp(`${url}/healthz`, 60_000);
        browser = await chromium.launch({
          executablePath: chromiumPath,
          headless: true,
          timeout: 60_000,
          args: [
            '--headless',
            '--no-sandbox',
            '--disable-gpu',
            '--disable-dev-shm-usage',
            '--disable-background-networking',
            '--disable-component-update',
            '--disable-sync',
            '--no-first-run',
          ],
        });
        const context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
        page = await context.newPage();
        page.setDefaultTimeout(STEP);
        await page.goto(`${url}/?folder=${encodeURIComponent(workspace)}`, { timeout: 60_000 });
        await page.locator('.monaco-workbench').waitFor({ state: 'visible', timeout: 60_000 });
        await page.locator('.explorer-folders-view, .explorer-viewlet').first().waitFor({ state: 'visible', timeout: 60_000 });
      });
      return ok ? page : undefined;
    })();
    if (!page) return;

    const mistakes = path.join(workspace, 'okta_mistakes.sql');
    const valid = path.join(workspace, 'okta_valid.sql');
    const opened = await test('open a .sql file with mistakes: squiggles appear', async () => {
      await openFile(page, 'okta_mistakes.sql');
      await page.locator(`${editorSelector} .squiggly-error`).first().waitFor({ state: 'attached', timeout: 60_000 });
    });

    if (opened) {
      await test('Problems panel shows not-applicable and unknown-parameter from secint', async () => {
        await runCommand(page, 'View: Focus Problems');
        const panel = page.locator('.markers-panel');
        await panel.waitFor({ state: 'visible', timeout: STEP });
        let text = '';
        const until = Date.now() + STEP;
        while (Date.now() < until) {
          text = await panel.innerText();
          if (text.includes('not-applicable') && text.includes('unknown-parameter')) break;
          await page.waitForTimeout(250);
        }
        debug(text);
        await page.screenshot({ path: path.join(artifacts, 'vscode-problems.png') });
        check(text.includes('EXTERNAL_OAUTH_SCOPE_DELIMITER'), `no EXTERNAL_OAUTH_SCOPE_DELIMITER message in: ${text}`);
        check(/secint\(not-applicable\)|not-applicable/.test(text), `no not-applicable in: ${text}`);
        check(text.includes('unknown-parameter'), `no unknown-parameter in: ${text}`);
        check(!text.includes('(placeholder)'), `placeholder shown although "secint.rules" turns it off: ${text}`);
        await runCommand(page, 'View: Hide Panel');
      });

      await test('hover on the squiggle shows the diagnostic message', async () => {
        const pos = await wordPosition(page, 'EXTERNAL_OAUTH_SCOPE_DELIMITER');
        await page.mouse.move(pos.x, pos.y);
        const hover = page.locator('.monaco-hover:not(.hidden)').first();
        await hover.waitFor({ state: 'visible', timeout: STEP });
        const text = await hover.innerText();
        debug(text);
        check(text.includes('EXTERNAL_OAUTH_SCOPE_DELIMITER'), `hover: ${text}`);
        check(text.includes('not-applicable'), `hover shows no code: ${text}`);
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
      });

      await test('hover on EXTERNAL_OAUTH_TYPE shows its doc and values', async () => {
        const pos = await wordPosition(page, 'EXTERNAL_OAUTH_TYPE');
        await page.mouse.move(pos.x, pos.y);
        const hover = page.locator('.monaco-hover:not(.hidden)').first();
        await hover.waitFor({ state: 'visible', timeout: STEP });
        let text = '';
        const until = Date.now() + STEP;
        while (Date.now() < until) {
          text = await hover.innerText().catch(() => '');
          if (OAUTH_TYPES.every((t) => text.includes(t))) break;
          await page.waitForTimeout(200);
        }
        debug(text);
        await page.waitForTimeout(500); // the hover fades in
        await page.screenshot({ path: path.join(artifacts, 'vscode-hover.png') });
        check(text.length > 40, `hover too short: ${text}`);
        for (const t of OAUTH_TYPES) check(text.includes(t), `hover does not mention ${t}: ${text}`);
        await page.mouse.move(5, 5);
        await page.keyboard.press('Escape');
      });

      await test(`quick fix "${FIX_TITLE}" removes the line`, async () => {
        // Into the parameter's name, where the diagnostic is.
        await applyQuickFix(page, lineNumberOf(mistakes, 'EXTERNAL_OAUTH_SCOPE_DELIMITER'), 4, FIX_TITLE);
        const until = Date.now() + STEP;
        let text = await editorText(page);
        while (Date.now() < until && text.includes('EXTERNAL_OAUTH_SCOPE_DELIMITER')) {
          await page.waitForTimeout(200);
          text = await editorText(page);
        }
        check(!text.includes('EXTERNAL_OAUTH_SCOPE_DELIMITER'), `still there after the fix:\n${text}`);
        const expected = fs
          .readFileSync(mistakes, 'utf8')
          .split('\n')
          .filter((l) => !l.trim().startsWith('EXTERNAL_OAUTH_SCOPE_DELIMITER'))
          .join('\n')
          .trimEnd();
        check(text.trimEnd() === expected, `text after the fix:\n${text}\nexpected:\n${expected}`);
      });

      await test(`quick fix "${IGNORE_TITLE}" silences the squiggle with a comment`, async () => {
        // The line as the editor now has it (the previous fix removed a line above it).
        const current = (await editorText(page)).split('\n').findIndex((l) => l.trim().startsWith('EXTERNAL_OAUTH_ANY_ROLE_MOD '));
        check(current >= 0, 'the misspelt parameter is not on screen');
        await applyQuickFix(page, current + 1, 4, IGNORE_TITLE);
        const until = Date.now() + STEP;
        let text = await editorText(page);
        while (Date.now() < until && !text.includes('-- secint: ignore[unknown-parameter]')) {
          await page.waitForTimeout(200);
          text = await editorText(page);
        }
        const line = text.split('\n').find((l) => l.includes('EXTERNAL_OAUTH_ANY_ROLE_MOD '));
        check(line && line.trimEnd().endsWith('-- secint: ignore[unknown-parameter]'), `line after the fix: ${line}`);
        // The diagnostic is gone: no error squiggle is left in the file.
        let squiggles = 1;
        while (Date.now() < until) {
          squiggles = await page.locator(`${editorSelector} .squiggly-error`).count();
          if (squiggles === 0) break;
          await page.waitForTimeout(200);
        }
        check(squiggles === 0, `${squiggles} error squiggles left after the suppression`);
      });
    } else {
      for (const name of ['Problems panel', 'hover on the squiggle', 'hover on EXTERNAL_OAUTH_TYPE', 'quick fix', 'ignore quick fix']) {
        await test(name, async () => check(false, 'not run: the file did not show diagnostics'));
      }
    }

    await test('a secint.toml in the folder turns a rule off for the files below it', async () => {
      await openFile(page, 'okta_configured.sql');
      await page.locator(`${editorSelector} .squiggly-error`).first().waitFor({ state: 'attached', timeout: 60_000 });
      const pos = await wordPosition(page, 'EXTERNAL_OAUTH_SCOPE_DELIMITER');
      await page.mouse.move(pos.x, pos.y);
      const hover = page.locator('.monaco-hover:not(.hidden)').first();
      await hover.waitFor({ state: 'visible', timeout: STEP });
      await page.waitForTimeout(500);
      const text = await hover.innerText();
      debug(text);
      check(!text.includes('not-applicable'), `not-applicable shown although secint.toml turns it off: ${text}`);
      check(text.includes('EXTERNAL_OAUTH_SCOPE_DELIMITER'), `hover shows no parameter doc: ${text}`);
      check(!/\\[_.()]/.test(text), `stray Markdown escapes in the hover: ${text}`);
      await page.mouse.move(5, 5);
      await page.keyboard.press('Escape');
    });

    await test('completion after `EXTERNAL_OAUTH_TYPE = ` lists exactly the four IdPs', async () => {
      await openFile(page, 'okta_valid.sql');
      await goToLine(page, lineNumberOf(valid, 'EXTERNAL_OAUTH_TYPE = OKTA'));
      await page.keyboard.press('End');
      for (let i = 0; i < 'OKTA'.length; i++) await page.keyboard.press('Backspace');
      await page.keyboard.press('Control+Space');
      const widget = page.locator('.suggest-widget.visible');
      await widget.waitFor({ state: 'visible', timeout: STEP });
      await page.waitForTimeout(500); // let the list settle (it refines while results arrive)
      const labels = await widget.locator('.monaco-list-row .label-name').allInnerTexts();
      debug(labels.join(', '));
      await page.screenshot({ path: path.join(artifacts, 'vscode-completion.png') });
      const sorted = labels.map((l) => l.trim()).sort();
      check(JSON.stringify(sorted) === JSON.stringify(OAUTH_TYPES), `suggest widget: ${sorted.join(', ')}`);
      await page.keyboard.press('Escape');
    });

    await test('Format Document lays out the statement as `secint format` does', async () => {
      const dirs = fs.readdirSync(extensions).filter((d) => d.startsWith('secint.secint-'));
      const bundled = path.join(extensions, dirs[0], 'server', 'secint');
      const source = fs.readFileSync(path.join(workspace, 'okta_messy.sql'), 'utf8');
      const cli = spawnSync(bundled, ['format', '-'], { input: source, encoding: 'utf8' });
      check(cli.status === 0, `secint format - exited ${cli.status}: ${cli.stderr}`);
      const expected = cli.stdout.trimEnd();
      check(expected.includes('\n  TYPE = EXTERNAL_OAUTH\n'), `secint format - printed:\n${expected}`);
      await openFile(page, 'okta_messy.sql');
      await runCommand(page, 'Format Document');
      let text = '';
      const until = Date.now() + STEP;
      while (Date.now() < until) {
        text = await editorText(page);
        if (text.trimEnd() === expected) break;
        await page.waitForTimeout(200);
      }
      debug(text);
      await page.screenshot({ path: path.join(artifacts, 'vscode-format.png') });
      check(text.trimEnd() === expected, `text after formatting:\n${text}\nexpected:\n${expected}`);
    });

    await test('inlay hints show `1 day` after 86400 and the defaults the CREATE leaves out; a setting turns defaults off', async () => {
      fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      // VS Code shortens a line's hints to 43 characters unless told not to.
      fs.writeFileSync(
        workspaceSettings,
        JSON.stringify({ 'editor.inlayHints.enabled': 'on', 'editor.inlayHints.maximumLength': 0 }),
      );
      await openFile(page, 'oauth_hints.sql');
      let text = '';
      const until = Date.now() + STEP;
      while (Date.now() < until) {
        text = await editorText(page);
        if (text.includes('1 day') && text.includes('OAUTH_ISSUE_REFRESH_TOKENS = TRUE')) break;
        await page.waitForTimeout(200);
      }
      debug(text);
      await page.screenshot({ path: path.join(artifacts, 'vscode-inlay-hints.png') });
      const line = text.split('\n').find((l) => l.includes('86400')) ?? '';
      check(/86400\s*1 day;/.test(line), `no "1 day" after 86400 in: ${line}`);
      check(text.includes('OAUTH_ISSUE_REFRESH_TOKENS = TRUE'), `no default hint in:\n${text}`);
      check(!text.includes('ENABLED = FALSE'), `a default hint for a parameter the statement sets:\n${text}`);
      // "secint.inlayHints.defaults": false reaches the server, which has VS Code ask again.
      fs.writeFileSync(
        workspaceSettings,
        JSON.stringify({
          'editor.inlayHints.enabled': 'on',
          'editor.inlayHints.maximumLength': 0,
          'secint.inlayHints.defaults': false,
        }),
      );
      const off = Date.now() + STEP;
      while (Date.now() < off) {
        text = await editorText(page);
        if (!text.includes('OAUTH_ISSUE_REFRESH_TOKENS')) break;
        await page.waitForTimeout(200);
      }
      debug(text);
      check(!text.includes('OAUTH_ISSUE_REFRESH_TOKENS'), `default hints still shown with the setting off:\n${text}`);
      check(text.includes('1 day'), `the duration hint went too:\n${text}`);
      fs.writeFileSync(workspaceSettings, '{}');
    });
    await test('a Markdown runbook: its ```sql block is checked, at the right line and column', async () => {
      await openFile(page, 'okta_runbook.md');
      await page.locator(`${editorSelector} .squiggly-error`).first().waitFor({ state: 'attached', timeout: 60_000 });
      await page.waitForTimeout(500);
      await page.screenshot({ path: path.join(artifacts, 'vscode-markdown.png') });
      await runCommand(page, 'View: Focus Problems');
      const panel = page.locator('.markers-panel');
      await panel.waitFor({ state: 'visible', timeout: STEP });
      let text = '';
      const until = Date.now() + STEP;
      while (Date.now() < until) {
        text = (await panel.innerText()).replace(/\u00a0/g, ' ');
        if (text.includes('okta_runbook.md') && text.includes('EXTERNAL_OAUTH_ANY_ROLE_MOD')) break;
        await page.waitForTimeout(250);
      }
      debug(text);
      await page.screenshot({ path: path.join(artifacts, 'vscode-markdown-problems.png') });
      const start = text.indexOf('okta_runbook.md');
      check(start >= 0, `no okta_runbook.md in the Problems panel: ${text}`);
      const forRunbook = text.slice(start);
      check(/EXTERNAL_OAUTH_ANY_ROLE_MOD[\s\S]*Ln 15, Col 11/.test(forRunbook), `no problem at Ln 15, Col 11: ${forRunbook}`);
      check(!forRunbook.includes('NOPE'), `the python block was checked: ${forRunbook}`);
      await runCommand(page, 'View: Hide Panel');
    });

    const createFile = path.join(workspace, 'migrations', 'V001__create.sql');
    const grantsFile = path.join(workspace, 'migrations', 'V002__grants.sql');
    const createText = fs.readFileSync(createFile, 'utf8');
    const grantsText = fs.readFileSync(grantsFile, 'utf8');
    /** `line:column` (1-based, as Go to Line takes it) of `word` on the line starting with `prefix`. */
    const spot = (text, prefix, word) => {
      const lines = text.split('\n');
      const i = lines.findIndex((l) => l.startsWith(prefix));
      check(i >= 0 && lines[i].includes(word), `no "${word}" on a line starting with ${prefix}`);
      return `${i + 1}:${lines[i].indexOf(word) + 2}`;
    };

    await test('Ctrl+T (Go to Symbol in Workspace) finds okta_bi in migrations/V001__create.sql', async () => {
      await openFile(page, 'V002__grants.sql');
      await page.keyboard.press('Control+T');
      const input = page.locator('.quick-input-widget input');
      await input.waitFor({ state: 'visible', timeout: STEP });
      await input.fill('#okta');
      const row = page.locator('.quick-input-widget .monaco-list-row', { hasText: 'okta_bi' }).first();
      await row.waitFor({ state: 'visible', timeout: STEP });
      const text = (await row.innerText()).replace(/\u00a0/g, ' ');
      debug(text);
      await page.screenshot({ path: path.join(artifacts, 'vscode-workspace-symbols.png') });
      check(text.includes('V001__create.sql') && text.includes('External OAuth'), `symbol row: ${text}`);
      await page.keyboard.press('Escape');
    });

    await test('F12 on okta_bi in V002 opens V001 at the CREATE\'s name', async () => {
      await openFile(page, 'V002__grants.sql');
      await goToLine(page, spot(grantsText, 'ALTER SECURITY INTEGRATION okta_bi', 'okta_bi'));
      await page.keyboard.press('F12');
      await waitForEditorAt(page, 'V001__create.sql', 'Ln 1, Col 29');
      await page.screenshot({ path: path.join(artifacts, 'vscode-definition.png') });
      const line = (await editorText(page)).split('\n')[0];
      check(line === 'CREATE SECURITY INTEGRATION okta_bi', `line 1 of the editor: ${line}`);
    });

    await test('F2 on OKTA_BI renames okta_bi to okta_reporting in both files, every spelling', async () => {
      await openFile(page, 'V002__grants.sql');
      await goToLine(page, spot(grantsText, 'GRANT USE_ANY_ROLE', 'OKTA_BI'));
      await renameWithF2(page, 'OKTA_BI', 'okta_reporting');
      const renamed = (text) => text.replaceAll('okta_bi', 'okta_reporting').replaceAll('OKTA_BI', 'okta_reporting');
      await waitForText(page, renamed(grantsText), 'V002 after the rename');
      await page.screenshot({ path: path.join(artifacts, 'vscode-rename.png') });
      await openFile(page, 'V001__create.sql');
      await waitForText(page, renamed(createText), 'V001 after the rename');
    });

    await test('F2 on "dbt Cloud" keeps the quotes in identifiers and writes the bare name in the string', async () => {
      await openFile(page, 'V002__grants.sql');
      await goToLine(page, spot(grantsText, 'ALTER SECURITY INTEGRATION "dbt Cloud"', 'dbt'));
      await renameWithF2(page, 'dbt Cloud', 'dbt Cloud (prod)');
      const renamed = (text) =>
        text
          .replaceAll('okta_bi', 'okta_reporting')
          .replaceAll('OKTA_BI', 'okta_reporting')
          .replaceAll('"dbt Cloud"', '"dbt Cloud (prod)"')
          .replaceAll("'dbt Cloud'", "'dbt Cloud (prod)'");
      await waitForText(page, renamed(grantsText), 'V002 after the rename');
      await openFile(page, 'V001__create.sql');
      await waitForText(page, renamed(createText), 'V001 after the rename');
    });

    await test('a "secint.server.path" that does not run gives one clear error notification', async () => {
      await page.keyboard.press('Escape');
      // Workspace settings: in code-server (a remote window) machine-scoped user settings do not apply.
      fs.mkdirSync(path.join(workspace, '.vscode'), { recursive: true });
      fs.writeFileSync(workspaceSettings, JSON.stringify({ 'secint.server.path': '/nonexistent/secint' }));
      const toast = page.locator('.notification-toast', { hasText: 'secint.server.path' });
      await toast.first().waitFor({ state: 'visible', timeout: STEP });
      await page.waitForTimeout(1000); // a second notification would show by now
      const text = await toast.first().innerText();
      debug(text);
      await page.screenshot({ path: path.join(artifacts, 'vscode-no-server.png') });
      check(text.includes('/nonexistent/secint'), `the notification does not name the path: ${text}`);
      const count = await page.locator('.notification-toast', { hasText: 'secint' }).count();
      check(count === 1, `${count} secint notifications`);
    });

    await test('"secint: Restart server" and "secint: Show output" after the setting is cleared', async () => {
      fs.writeFileSync(workspaceSettings, '{}');
      await runCommand(page, 'Notifications: Clear All Notifications');
      await runCommand(page, 'secint: Restart server');
      await runCommand(page, 'secint: Show output');
      const view = page.locator('.part.panel .monaco-editor .view-lines').first();
      await view.waitFor({ state: 'visible', timeout: STEP });
      // The channel's own log file: the panel renders only the lines in view, and the failed
      // starts before the restart can push the restart out of it.
      const restarted = /restarting the server[^\n]*\n(?:[^\n]*\n)*?[^\n]*using \S+server\/secint \(secint [^\n]*from bundled\)/;
      let text = '';
      const until = Date.now() + STEP;
      while (Date.now() < until) {
        text = outputLog(userData);
        if (restarted.test(text.slice(text.lastIndexOf('restarting the server')))) break;
        await page.waitForTimeout(250);
      }
      debug(text);
      await page.screenshot({ path: path.join(artifacts, 'vscode-output.png') });
      const last = text.slice(text.lastIndexOf('restarting the server'));
      check(restarted.test(last), `output channel after the last restart: ${last || text}`);
    });
  } finally {
    clearTimeout(deadline);
    if (browser) await browser.close().catch(() => undefined);
    await stopGroup(child);
    // Keep the extension's and the server's logs beside the screenshots.
    copyLogs(path.join(userData, 'logs'), path.join(artifacts, 'logs'));
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** The secint output channel as the editor logged it (the newest session's file). */
function outputLog(userData) {
  const found = [];
  const walk = (dir) => {
    if (!fs.existsSync(dir)) return;
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'secint.log') found.push(full);
    }
  };
  walk(path.join(userData, 'logs'));
  found.sort();
  return found.length ? fs.readFileSync(found[found.length - 1], 'utf8') : '';
}

function copyLogs(from, to) {
  if (!fs.existsSync(from)) return;
  fs.rmSync(to, { recursive: true, force: true });
  fs.cpSync(from, to, { recursive: true });
}

try {
  await main();
} catch (error) {
  failed++;
  log(`FAIL ${label}: the test script itself: ${verbose ? error?.stack : error?.message ?? error}`);
}
log(`SUMMARY ${label}: ${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
