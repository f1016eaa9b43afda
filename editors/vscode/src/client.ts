/**
 * Owns the language client. `restart()` is the only way a client starts, so
 * a first start, a changed server path and the "Restart" command all take
 * the same path (the setting can arrive after activation: code-server
 * delivers machine settings late, measured in the e2e test).
 */

import * as vscode from "vscode";
import {
  DidChangeConfigurationNotification,
  ExecuteCommandRequest,
  LanguageClient,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
  type StaticFeature,
  TransportKind,
} from "vscode-languageclient/node";
import { SERVER_PATH, questionPaths, serverSettings } from "./config";
import { PICK_EXAMPLE } from "./examples";
import type { ServerCommandName } from "./protocol";
import { findServer } from "./server";

/** The client id doubles as the settings prefix, so `interviewLs.trace.server` works. */
const CLIENT_ID = "interviewLs";
/** The one command a link in the server's Markdown (hovers) may run. */
export const OPEN_QUESTION = "interviewLs.openQuestion";

/**
 * The extension's commands the server may point the user at, declared as
 * rust-analyzer's clients do (`experimental.commands.commands`): the hover
 * links to `OPEN_QUESTION` only when the client says it has it, and the
 * "Insert example…" code action runs `PICK_EXAMPLE` (examples.ts).
 */
const CLIENT_COMMANDS: readonly string[] = [OPEN_QUESTION, PICK_EXAMPLE];

const declareCommands: StaticFeature = {
  fillClientCapabilities(capabilities) {
    capabilities.experimental = { ...(capabilities.experimental as object | undefined), commands: { commands: [...CLIENT_COMMANDS] } };
  },
  initialize() {},
  getState: () => ({ kind: "static" }),
  clear() {},
};

/** Python files, plus Markdown question files inside the configured bank folders. */
export function documentSelector(): DocumentSelector {
  const bankFiles = questionPaths().map((folder) => ({
    scheme: "file",
    language: "markdown",
    // A glob string, not a vscode.RelativePattern: the protocol-side selector type wants one.
    pattern: `${folder.replace(/\\/g, "/")}/**/*.md`,
  }));
  return [{ scheme: "file", language: "python" }, ...bankFiles];
}

export class Session implements vscode.Disposable {
  private client: LanguageClient | undefined;
  private readonly output = vscode.window.createOutputChannel("Interview", { log: true });
  private readonly started = new vscode.EventEmitter<void>();
  /** Fires after each successful (re)start. */
  readonly onDidStart = this.started.event;

  /** Restarts run one after another: a setting may change while a start is in flight. */
  private queue: Promise<void> = Promise.resolve();
  private wanted = false;

  /** True once a start was requested, even if it is still in flight or failed. */
  get requested(): boolean {
    return this.wanted;
  }

  restart(): Promise<void> {
    this.wanted = true;
    this.queue = this.queue.then(() => this.start());
    return this.queue;
  }

  private async start(): Promise<void> {
    const previous = this.client;
    this.client = undefined;
    await previous?.dispose();

    const found = await findServer();
    if (!found.ok) {
      const choice = await vscode.window.showErrorMessage(found.message, "Open Settings");
      if (choice === "Open Settings") {
        await vscode.commands.executeCommand("workbench.action.openSettings", SERVER_PATH);
      }
      return;
    }
    const serverOptions: ServerOptions = { command: found.command, transport: TransportKind.stdio };
    const clientOptions: LanguageClientOptions = {
      documentSelector: documentSelector(),
      initializationOptions: serverSettings(),
      outputChannel: this.output,
      // The hover's last line links to `command:interviewLs.openQuestion?["id"]`. Only that command
      // runs from the server's Markdown: any other command link, wherever it came from, stays inert.
      markdown: { isTrusted: { enabledCommands: [OPEN_QUESTION] } },
    };
    const client = new LanguageClient(CLIENT_ID, "Interview", serverOptions, clientOptions);
    client.registerFeature(declareCommands);
    this.client = client;
    try {
      await client.start();
    } catch (err) {
      this.client = undefined;
      const choice = await vscode.window.showErrorMessage(
        `interview-ls (${found.command}) failed to start: ${String(err)}`,
        "Open Settings",
      );
      if (choice === "Open Settings") {
        await vscode.commands.executeCommand("workbench.action.openSettings", SERVER_PATH);
      }
      return;
    }
    this.started.fire();
  }

  /** Runs a server command; starts the client first if a command is the first thing the user does. */
  async execute<T>(command: ServerCommandName, argument?: object): Promise<T | undefined> {
    if (!this.wanted) {
      await this.restart();
    }
    await this.queue;
    const client = this.client;
    if (!client) {
      return undefined;
    }
    return (await client.sendRequest(ExecuteCommandRequest.type, {
      command,
      arguments: argument === undefined ? [] : [argument],
    })) as T;
  }

  /** Sends the current settings to the running server. */
  async pushSettings(): Promise<void> {
    await this.client?.sendNotification(DidChangeConfigurationNotification.type, {
      settings: serverSettings(),
    });
  }

  /** The client's position encoding converter, for arguments with positions. */
  code2Protocol() {
    return this.client?.code2ProtocolConverter;
  }

  async dispose(): Promise<void> {
    await this.client?.dispose();
    this.output.dispose();
    this.started.dispose();
  }
}
