/**
 * "Insert example…": the code action the server offers after its few
 * examples about the cursor runs `interviewLs.pickExample` with every
 * example that fits the file (its framework, best first). This shows them
 * in a quick pick and inserts the chosen one with `interview.insertSnippet`;
 * the server applies the edit as one undo step and moves the cursor to the
 * inserted code with `window/showDocument`.
 */

import * as vscode from "vscode";
import type { Session } from "./client";
import { type InsertSnippetArgs, type InsertSnippetResult, ServerCommand, type SnippetSummary } from "./protocol";

/** The client-side command; declared to the server in `experimental.commands.commands` (client.ts). */
export const PICK_EXAMPLE = "interviewLs.pickExample";

/** What the server passes to {@link PICK_EXAMPLE}: where to insert, and the examples that fit there. */
export interface PickExampleArgs {
  uri: string;
  position: { line: number; character: number };
  examples: SnippetSummary[];
}

interface ExampleItem extends vscode.QuickPickItem {
  id: string;
}

/** Inserts one example through the server and says why when it could not. */
export async function insertExample(session: Session, args: InsertSnippetArgs, title: string): Promise<void> {
  try {
    const result = await session.execute<InsertSnippetResult>(ServerCommand.insertSnippet, args);
    if (result && !result.applied) {
      void vscode.window.showWarningMessage(
        `Could not insert "${title}": ${result.failureReason ?? "the editor refused the edit"}`,
      );
    }
  } catch (err) {
    // The server explains what is wrong (e.g. a body example outside a function).
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Could not insert "${title}": ${message}`);
  }
}

/** The quick pick over the server's list, then the insertion. */
export async function pickExample(session: Session, args: PickExampleArgs | undefined): Promise<void> {
  const examples = Array.isArray(args?.examples) ? args.examples : [];
  if (!args || examples.length === 0) {
    void vscode.window.showInformationMessage("No example fits here.");
    return;
  }
  const items: ExampleItem[] = examples.map((s) => ({
    id: s.id,
    label: s.title,
    description: s.scope === "body" ? `${s.framework} · inside this function` : s.framework,
    detail: s.id,
  }));
  const chosen = await vscode.window.showQuickPick(items, {
    title: "Insert example",
    placeHolder: "Examples for this file, the most relevant first",
    matchOnDescription: true,
    matchOnDetail: true,
  });
  if (chosen) {
    await insertExample(session, { id: chosen.id, uri: args.uri, position: args.position }, chosen.label);
  }
}

/** Registers {@link PICK_EXAMPLE}; the server's code action runs it with its arguments. */
export function registerExamplePicker(session: Session): vscode.Disposable {
  return vscode.commands.registerCommand(PICK_EXAMPLE, (args?: PickExampleArgs) => pickExample(session, args));
}
