/**
 * Activation: wires the session, the commands and the status bar, and
 * decides when the client (re)starts. Activated on Python or Markdown files;
 * a Markdown file starts the server only when it lies in a bank folder.
 */

import * as vscode from "vscode";
import { Session, documentSelector } from "./client";
import { COMMANDS, type Ctx } from "./commands";
import { SECTION, SERVER_PATH, SERVER_SETTING_KEYS } from "./config";
import { registerExamplePicker } from "./examples";
import { registerPractice } from "./practice/register";
import { DueStatus } from "./status";

let session: Session | undefined;

function wanted(document: vscode.TextDocument): boolean {
  return vscode.languages.match(documentSelector() as vscode.DocumentSelector, document) > 0;
}

export function activate(context: vscode.ExtensionContext): void {
  session = new Session();
  const ctx: Ctx = { session, status: new DueStatus(session) };
  context.subscriptions.push(session, ctx.status);
  context.subscriptions.push(session.onDidStart(() => void ctx.status.refresh()));

  for (const [id, factory] of Object.entries(COMMANDS)) {
    context.subscriptions.push(vscode.commands.registerCommand(id, factory(ctx)));
  }
  registerPractice(context, ctx);
  context.subscriptions.push(registerExamplePicker(session));

  const startIfWanted = (document: vscode.TextDocument) => {
    if (session && !session.requested && wanted(document)) {
      void session.restart();
    }
  };
  vscode.workspace.textDocuments.forEach(startIfWanted);
  context.subscriptions.push(
    vscode.workspace.onDidOpenTextDocument(startIfWanted),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SERVER_PATH) || event.affectsConfiguration(`${SECTION}.questionPaths`)) {
        // A new program, or a new document selector for bank Markdown files.
        void session?.restart();
      } else if (SERVER_SETTING_KEYS.some((key) => event.affectsConfiguration(`${SECTION}.${key}`))) {
        void session?.pushSettings();
      }
    }),
    // Trusting the workspace lets its question folders load.
    vscode.workspace.onDidGrantWorkspaceTrust(() => void session?.restart()),
  );
}

export async function deactivate(): Promise<void> {
  await session?.dispose();
  session = undefined;
}
