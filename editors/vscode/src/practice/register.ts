/**
 * Wires the practice panel and the Interview view into the extension: their
 * commands, the tree view, and the refreshes a grade causes (the tree's
 * counts and statuses, the status bar's due count).
 */

import * as vscode from "vscode";
import { OPEN_QUESTION } from "../client";
import type { Ctx } from "../commands";
import { SECTION } from "../config";
import { QuestionTree, type Node } from "../tree/provider";
import { FilterStore } from "./filter";
import { isId } from "./messages";
import { PracticePanel } from "./panel";

export const TREE_VIEW = "interviewLs.questions";

/**
 * The argument of `interviewLs.openQuestion`: an id, from the tree and from
 * a hover's `command:interviewLs.openQuestion?["id"]` link, or `{id}`.
 */
function questionId(arg: unknown): string | undefined {
  const value = typeof arg === "object" && arg !== null ? (arg as Record<string, unknown>).id : arg;
  return isId(value) ? value : undefined;
}

function topicOf(arg: unknown): string | undefined {
  if (typeof arg === "string" && arg !== "") return arg;
  const node = arg as Node | undefined;
  return node?.kind === "topic" ? node.topic.topic : undefined;
}

export function registerPractice(context: vscode.ExtensionContext, ctx: Ctx): void {
  const panel = new PracticePanel(ctx.session, new FilterStore(context.workspaceState), context.extensionUri);
  const tree = new QuestionTree(ctx.session);
  const view = vscode.window.createTreeView(TREE_VIEW, { treeDataProvider: tree, showCollapseAll: true });
  tree.attach(view);

  context.subscriptions.push(
    panel,
    tree,
    view,
    panel.onDidAct(() => {
      tree.refresh();
      void ctx.status.refresh();
    }),
    // A restart may bring other question folders.
    ctx.session.onDidStart(() => tree.refresh()),
    // newPerDay, the steps or the interview date change today's counts.
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration(SECTION)) tree.refresh();
    }),
    vscode.commands.registerCommand("interviewLs.practice", () => panel.start()),
    vscode.commands.registerCommand("interviewLs.practiceFilter", () => panel.chooseFilter()),
    vscode.commands.registerCommand("interviewLs.practiceTopic", async (arg: unknown) => {
      const topic = topicOf(arg);
      if (topic) {
        await panel.practiseTopic(topic);
      } else {
        await panel.chooseFilter();
      }
    }),
    vscode.commands.registerCommand(OPEN_QUESTION, async (arg: unknown) => {
      const id = questionId(arg);
      if (!id) {
        void vscode.window.showErrorMessage("Interview: Open Question needs a question id.");
        return;
      }
      await panel.open(id);
    }),
    vscode.commands.registerCommand("interviewLs.refreshQuestions", () => tree.refresh()),
  );
}
