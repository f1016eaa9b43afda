/**
 * The palette commands, one factory each, over the server's
 * `workspace/executeCommand` commands. The server drives the practice flow
 * itself (`window/showMessageRequest` → notification with actions), so a
 * command here only collects the arguments and shows results.
 */

import * as vscode from "vscode";
import type { Session } from "./client";
import {
  DIFFICULTIES,
  type Difficulty,
  type InsertSnippetArgs,
  type InsertSnippetResult,
  type QuestionSummary,
  type RandomArgs,
  type SearchArgs,
  ServerCommand,
  type SnippetSummary,
  type StatsArgs,
  type TopicCount,
} from "./protocol";
import type { DueStatus } from "./status";

export interface Ctx {
  session: Session;
  status: DueStatus;
}

type Factory = (ctx: Ctx) => (...args: unknown[]) => Promise<void>;

/** Typing faster than this does not send one search per keystroke. */
const SEARCH_DEBOUNCE_MS = 120;

async function ask(ctx: Ctx, args: RandomArgs): Promise<void> {
  await ctx.session.execute(ServerCommand.random, args);
  await ctx.status.refresh();
}

const randomQuestion: Factory = (ctx) => () => ask(ctx, {});

const randomByDifficulty: Factory = (ctx) => async () => {
  const difficulty = (await vscode.window.showQuickPick([...DIFFICULTIES], {
    title: "Random question by difficulty",
  })) as Difficulty | undefined;
  if (difficulty) {
    await ask(ctx, { difficulty });
  }
};

const randomByTopic: Factory = (ctx) => async () => {
  const topics = await ctx.session.execute<TopicCount[]>(ServerCommand.topics);
  const items = (topics ?? []).map((t) => ({ label: t.topic, description: `${t.count} questions`, detail: t.description }));
  const chosen = await vscode.window.showQuickPick(items, { title: "Random question by topic" });
  if (chosen) {
    await ask(ctx, { topic: chosen.label });
  }
};

interface QuestionItem extends vscode.QuickPickItem {
  id: string;
}

function questionItem(q: QuestionSummary): QuestionItem {
  return { id: q.id, label: q.title, description: `${q.difficulty} · ${q.frameworks.join(", ")}`, detail: q.topics.join(", ") };
}

/** A quick pick whose items follow the typed text, each change answered by `interview.search`. */
const search: Factory = (ctx) => () =>
  new Promise<void>((resolve) => {
    const pick = vscode.window.createQuickPick<QuestionItem>();
    pick.title = "Search interview questions";
    pick.placeholder = "Type words, a symbol such as Depends, or a topic";
    // The server ranks results; VS Code's own filter would hide matches on aliases and keywords.
    pick.matchOnDescription = false;
    pick.matchOnDetail = false;
    let timer: NodeJS.Timeout | undefined;
    let generation = 0;
    const refresh = async (query: string, mine: number) => {
      if (query.trim() === "") {
        pick.items = [];
        return;
      }
      pick.busy = true;
      const args: SearchArgs = { query, limit: 30 };
      const results = await ctx.session.execute<QuestionSummary[]>(ServerCommand.search, args);
      // An older, slower answer must not replace a newer one.
      if (mine === generation) {
        pick.items = (results ?? []).map((q) => ({ ...questionItem(q), alwaysShow: true }));
        pick.busy = false;
      }
    };
    pick.onDidChangeValue((query) => {
      clearTimeout(timer);
      const mine = ++generation;
      timer = setTimeout(() => void refresh(query, mine), SEARCH_DEBOUNCE_MS);
    });
    pick.onDidAccept(() => {
      const chosen = pick.selectedItems[0];
      pick.hide();
      if (chosen) {
        // Read, and graded if the user likes, in the practice panel.
        void vscode.commands.executeCommand("interviewLs.openQuestion", chosen.id);
      }
    });
    pick.onDidHide(() => {
      clearTimeout(timer);
      pick.dispose();
      resolve();
    });
    pick.show();
  });

/** The server renders the stats page and opens it with `window/showDocument`. */
const showStats: Factory = (ctx) => async () => {
  const args: StatsArgs = { open: true };
  await ctx.session.execute(ServerCommand.stats, args);
  await ctx.status.refresh();
};

const insertExample: Factory = (ctx) => async () => {
  const editor = vscode.window.activeTextEditor;
  if (!editor) {
    void vscode.window.showWarningMessage("Open a file to insert an example into.");
    return;
  }
  // Taken now: the quick pick keeps the editor, but the user may move on.
  const document = editor.document;
  const cursor = editor.selection.active;
  const snippets = await ctx.session.execute<SnippetSummary[]>(ServerCommand.snippets);
  if (!snippets) {
    return; // the session already said why the server is not running
  }
  if (snippets.length === 0) {
    void vscode.window.showInformationMessage("The interview bank has no example snippets.");
    return;
  }
  const chosen = await vscode.window.showQuickPick(
    snippets.map((s) => ({ label: s.title, description: `${s.framework} · ${s.id}`, id: s.id })),
    { title: "Insert example", placeHolder: "Example to insert at the cursor", matchOnDescription: true },
  );
  const convert = ctx.session.code2Protocol();
  if (!chosen || !convert) {
    return;
  }
  const args: InsertSnippetArgs = {
    id: chosen.id,
    // The same URI string the client sent in didOpen, so the server finds the document.
    uri: convert.asUri(document.uri),
    position: convert.asPosition(cursor),
  };
  try {
    const result = await ctx.session.execute<InsertSnippetResult>(ServerCommand.insertSnippet, args);
    if (result && !result.applied) {
      void vscode.window.showWarningMessage(
        `Could not insert "${chosen.label}": ${result.failureReason ?? "the editor refused the edit"}`,
      );
    }
  } catch (err) {
    // The server explains what is wrong (e.g. a body snippet outside a function).
    const message = err instanceof Error ? err.message : String(err);
    void vscode.window.showErrorMessage(`Could not insert "${chosen.label}": ${message}`);
  }
};

const resetProgress: Factory = (ctx) => async () => {
  const choice = await vscode.window.showWarningMessage(
    "Forget every review and start the practice schedule again?",
    { modal: true },
    "Reset Progress",
  );
  if (choice === "Reset Progress") {
    await ctx.session.execute(ServerCommand.reset);
    await ctx.status.refresh();
    await vscode.commands.executeCommand("interviewLs.refreshQuestions");
  }
};

const restart: Factory = (ctx) => async () => {
  await ctx.session.restart();
};

/** Command ids as contributed in package.json. */
export const COMMANDS: Record<string, Factory> = {
  "interviewLs.randomQuestion": randomQuestion,
  "interviewLs.randomByDifficulty": randomByDifficulty,
  "interviewLs.randomByTopic": randomByTopic,
  "interviewLs.search": search,
  "interviewLs.showStats": showStats,
  "interviewLs.insertExample": insertExample,
  "interviewLs.resetProgress": resetProgress,
  "interviewLs.restart": restart,
};
