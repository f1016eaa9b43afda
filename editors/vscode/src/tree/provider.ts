/**
 * The Interview view: topics (in the topic map's order, each with what is
 * due and how much has been seen) → their questions, each with its
 * difficulty and standing (new, learning, due, learned), all from one
 * `interview.list`. Clicking a question opens it in the practice panel; a
 * topic offers "Practise this topic". Refreshed after every grade.
 */

import * as vscode from "vscode";
import type { Session } from "../client";
import {
  type ListArgs,
  type ListResult,
  type ListedQuestion,
  ServerCommand,
  type Standing,
  type TopicCount,
  type TopicStanding,
} from "../protocol";

export type Node =
  | { kind: "topic"; topic: TopicStanding; description: string }
  | { kind: "question"; topic: string; question: ListedQuestion }
  | { kind: "message"; text: string };

const ICONS: Record<Standing, vscode.ThemeIcon> = {
  new: new vscode.ThemeIcon("circle-outline"),
  learning: new vscode.ThemeIcon("history", new vscode.ThemeColor("charts.orange")),
  due: new vscode.ThemeIcon("bell-dot", new vscode.ThemeColor("charts.yellow")),
  learned: new vscode.ThemeIcon("pass", new vscode.ThemeColor("charts.green")),
};

const NOT_RUNNING = "The interview-ls server is not running (see the Interview output).";

/** `2 due · 1 learning · 5/22 seen`: what needs doing first, then how far the topic is. */
export function topicSummary(t: TopicStanding): string {
  const parts = [`${t.due} due`];
  if (t.learning > 0) parts.push(`${t.learning} learning`);
  parts.push(`${t.total - t.new}/${t.total} seen`);
  return parts.join(" · ");
}

export class QuestionTree implements vscode.TreeDataProvider<Node>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<Node | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  /** One `interview.list` per refresh, shared by the topics and every expanded topic. */
  private data: Promise<ListResult | undefined> | undefined;
  private view: vscode.TreeView<Node> | undefined;

  constructor(private readonly session: Session) {}

  /** The tree view this provider draws, for today's counts in its title. */
  attach(view: vscode.TreeView<Node>): void {
    this.view = view;
  }

  /** Progress (or the bank, after a restart) changed: everything is read again. */
  refresh(): void {
    this.data = undefined;
    this.changed.fire(undefined);
  }

  private list(): Promise<ListResult | undefined> {
    const all: ListArgs = {};
    this.data ??= this.session.execute<ListResult>(ServerCommand.list, all);
    return this.data;
  }

  getTreeItem(node: Node): vscode.TreeItem {
    switch (node.kind) {
      case "message":
        return new vscode.TreeItem(node.text);
      case "topic": {
        const t = node.topic;
        const item = new vscode.TreeItem(t.topic, vscode.TreeItemCollapsibleState.Collapsed);
        item.id = `topic:${t.topic}`;
        item.description = topicSummary(t);
        item.tooltip = `${node.description ? `${node.description}\n\n` : ""}${t.due} due · ${t.learning} learning · ${t.new} new · ${t.learned} learned`;
        item.contextValue = "topic";
        item.iconPath = new vscode.ThemeIcon("folder-library");
        return item;
      }
      case "question": {
        const q = node.question;
        const item = new vscode.TreeItem(q.title, vscode.TreeItemCollapsibleState.None);
        // A question under several topics appears under each; tree ids must be unique.
        item.id = `question:${node.topic}/${q.id}`;
        item.description = `${q.difficulty} · ${q.standing}`;
        item.iconPath = ICONS[q.standing];
        item.contextValue = "question";
        const tooltip = new vscode.MarkdownString();
        tooltip.appendText(q.title);
        tooltip.appendMarkdown("\n\n");
        tooltip.appendText(`${q.difficulty} · ${q.frameworks.join(", ")} · ${q.standing}`);
        if (q.due) {
          tooltip.appendText(` · next review ${new Date(q.due).toLocaleString()}`);
        }
        item.tooltip = tooltip;
        item.command = { command: "interviewLs.openQuestion", title: "Open in the practice panel", arguments: [q.id] };
        return item;
      }
    }
  }

  async getChildren(node?: Node): Promise<Node[]> {
    try {
      if (!node) return await this.topics();
      if (node.kind === "topic") return await this.questions(node.topic.topic);
      return [];
    } catch (err) {
      this.data = undefined; // asked again on the next refresh
      return [{ kind: "message", text: err instanceof Error ? err.message : String(err) }];
    }
  }

  private async topics(): Promise<Node[]> {
    const [list, described] = await Promise.all([this.list(), this.session.execute<TopicCount[]>(ServerCommand.topics)]);
    if (!list) {
      this.data = undefined;
      return [{ kind: "message", text: NOT_RUNNING }];
    }
    if (this.view) {
      this.view.description = list.message;
    }
    const descriptions = new Map((described ?? []).map((t) => [t.topic, t.description]));
    return list.topics.map((topic) => ({ kind: "topic", topic, description: descriptions.get(topic.topic) ?? "" }));
  }

  private async questions(topic: string): Promise<Node[]> {
    const list = await this.list();
    if (!list) {
      return [{ kind: "message", text: NOT_RUNNING }];
    }
    return list.questions.filter((q) => q.topics.includes(topic)).map((question) => ({ kind: "question", topic, question }));
  }

  dispose(): void {
    this.changed.dispose();
  }
}
