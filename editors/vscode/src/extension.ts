// The secint extension: starts `secint lsp` for SQL files and passes the user's rule severities.
// Everything else (diagnostics, completion, hover, quick fixes) comes from the server.
import * as vscode from 'vscode';
import {
  DidChangeConfigurationNotification,
  LanguageClient,
  LanguageClientOptions,
  ServerOptions,
} from 'vscode-languageclient/node';
import { findServer, ServerNotFound } from './server';

let client: LanguageClient | undefined;
let output: vscode.LogOutputChannel;
let traceOutput: vscode.LogOutputChannel;
// Start and restart are serialised: a restart while starting waits for the start to finish.
let pending: Promise<void> = Promise.resolve();

export async function activate(context: vscode.ExtensionContext): Promise<void> {
  output = vscode.window.createOutputChannel('secint', { log: true });
  traceOutput = vscode.window.createOutputChannel('secint trace', { log: true });
  context.subscriptions.push(
    output,
    traceOutput,
    vscode.commands.registerCommand('secint.restartServer', () => queue(() => restart(context))),
    vscode.commands.registerCommand('secint.showOutput', () => output.show(true)),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration('secint.server.path')) {
        void queue(() => restart(context));
      } else if (
        (event.affectsConfiguration('secint.rules') || event.affectsConfiguration('secint.inlayHints')) &&
        client?.isRunning()
      ) {
        void client.sendNotification(DidChangeConfigurationNotification.type, { settings: serverSettings() });
      }
    }),
  );
  await queue(() => start(context));
}

export async function deactivate(): Promise<void> {
  await stop();
}

function queue(task: () => Promise<void>): Promise<void> {
  pending = pending.then(task, task);
  return pending;
}

/** What the server reads from initializationOptions and didChangeConfiguration. */
function serverSettings(): {
  rules: Record<string, string>;
  inlayHints: { durations: boolean; defaults: boolean };
} {
  const config = vscode.workspace.getConfiguration('secint');
  return {
    rules: config.get<Record<string, string>>('rules') ?? {},
    inlayHints: {
      durations: config.get<boolean>('inlayHints.durations') ?? true,
      defaults: config.get<boolean>('inlayHints.defaults') ?? true,
    },
  };
}

async function start(context: vscode.ExtensionContext): Promise<void> {
  let server;
  try {
    server = await findServer(context, output);
  } catch (error) {
    const message = error instanceof ServerNotFound ? error.message : `secint: ${String(error)}`;
    output.error(message);
    void vscode.window.showErrorMessage(message, 'Open Settings', 'Show Output').then((choice) => {
      if (choice === 'Open Settings') {
        void vscode.commands.executeCommand('workbench.action.openSettings', 'secint.server.path');
      } else if (choice === 'Show Output') {
        output.show(true);
      }
    });
    return;
  }
  output.info(`using ${server.path} (secint ${server.version}, from ${server.origin})`);

  const serverOptions: ServerOptions = {
    // No `transport`: the client would append `--stdio`, which `lsp` does not need.
    run: { command: server.path, args: ['lsp'] },
    debug: { command: server.path, args: ['lsp'] },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      { language: 'sql' },
      { language: 'snowflake-sql' },
      { scheme: 'file', pattern: '**/*.sql' },
    ],
    initializationOptions: serverSettings(),
    outputChannel: output,
    traceOutputChannel: traceOutput,
  };
  client = new LanguageClient('secint', 'secint', serverOptions, clientOptions);
  try {
    await client.start();
  } catch (error) {
    const message = `secint: the language server ${server.path} failed to start: ${String(error)}`;
    output.error(message);
    void vscode.window.showErrorMessage(message, 'Show Output').then((choice) => {
      if (choice === 'Show Output') {
        output.show(true);
      }
    });
  }
}

async function stop(): Promise<void> {
  const running = client;
  client = undefined;
  if (running) {
    try {
      // Stops the server (shutdown, then exit) and keeps our output channels.
      await running.dispose(5000);
    } catch (error) {
      output.warn(`stopping the server: ${String(error)}`);
    }
  }
}

async function restart(context: vscode.ExtensionContext): Promise<void> {
  output.info('restarting the server');
  await stop();
  await start(context);
}
