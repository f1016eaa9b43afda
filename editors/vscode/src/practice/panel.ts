/**
 * The practice panel: one webview beside the code that shows a study
 * session card by card. The server's session commands decide everything
 * (`interview.next`, and `grade` / `skip` / `undo`, which answer with the
 * next step); this class keeps what is on screen, times each answer, and
 * turns the webview's checked messages into those commands.
 */

import * as vscode from "vscode";
import type { Session } from "../client";
import {
  type GradeArgs,
  type Question,
  type Rating,
  ServerCommand,
  type SessionActed,
  type SessionArgs,
  type SessionView,
  type ShowArgs,
  type ShowResult,
  type SkipArgs,
  type UndoArgs,
} from "../protocol";
import { type Filter, FilterStore, describe, pickFilter } from "./filter";
import { panelHtml } from "./html";
import { type CardQuestion, type FromWebview, type PanelHeader, type PanelView, type ToWebview, fromWebview } from "./messages";

/**
 * Longer than this between showing a card and grading it is time away from
 * the desk, not answering: the planner's minutes-per-card would learn from it.
 */
const MAX_ANSWER_SECONDS = 600;

const NOT_RUNNING = "The interview-ls server is not running; the Interview output channel says why.";

function cardQuestion(q: Question): CardQuestion {
  // Only what the page renders crosses into the webview.
  const { id, title, difficulty, frameworks, topics, short, answer } = q;
  return { id, title, difficulty, frameworks, topics, short, points: q.points ?? [], answer };
}

function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

export class PracticePanel implements vscode.Disposable {
  private panel: vscode.WebviewPanel | undefined;
  private view: PanelView = { kind: "loading" };
  private header: PanelHeader = { counts: null, filter: "", plan: null, notice: null, canUndo: false };
  /** When the card on screen was first shown, for `seconds`. */
  private shownAt = Date.now();
  private busy = false;
  private readonly acted = new vscode.EventEmitter<void>();
  /** Fires after a grade, skip or undo changed the progress. */
  readonly onDidAct = this.acted.event;

  constructor(
    private readonly session: Session,
    private readonly filters: FilterStore,
    private readonly extensionUri: vscode.Uri,
  ) {}

  private sessionArgs(): SessionArgs {
    return { ...this.filters.get() };
  }

  /** Opens the panel (or brings it forward) on the session's next card. */
  async start(): Promise<void> {
    this.ensurePanel();
    await this.run(async () => {
      const view = await this.session.execute<SessionView>(ServerCommand.next, this.sessionArgs());
      this.header.notice = null;
      this.showSession(view);
    });
  }

  /** Lets the user change the session's filter, then starts it. */
  async chooseFilter(): Promise<void> {
    const filter = await pickFilter(this.session, this.filters.get());
    if (filter) {
      await this.practise(filter);
    }
  }

  /** Starts a session over `filter` and remembers it. */
  async practise(filter: Filter): Promise<void> {
    await this.filters.set(filter);
    await this.start();
  }

  /** "Practise this topic": the topic alone, keeping the interview date the user chose. */
  async practiseTopic(topic: string): Promise<void> {
    const { until } = this.filters.get();
    await this.practise(until ? { topic, until } : { topic });
  }

  /** Shows one question (from the tree, a search or a hover link); grading it goes on with the session. */
  async open(id: string): Promise<void> {
    this.ensurePanel();
    await this.run(async () => {
      const args: ShowArgs = { id, open: false };
      const result = await this.session.execute<ShowResult>(ServerCommand.show, args);
      if (!result) {
        this.view = { kind: "error", message: NOT_RUNNING };
        return;
      }
      this.header.notice = null;
      this.showCard({
        kind: "card",
        question: cardQuestion(result.question),
        state: result.card?.state ?? "new",
        early: false,
        previews: [],
        proposals: [],
        opened: true,
      });
    });
  }

  private ensurePanel(): void {
    if (this.panel) {
      this.panel.reveal(undefined, false);
      return;
    }
    const panel = vscode.window.createWebviewPanel(
      "interviewLs.practice",
      "Interview Practice",
      { viewColumn: vscode.ViewColumn.Beside, preserveFocus: false },
      {
        enableScripts: true,
        enableCommandUris: false,
        localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, "dist")],
      },
    );
    panel.webview.html = panelHtml(panel.webview, this.extensionUri);
    panel.webview.onDidReceiveMessage((raw: unknown) => {
      const message = fromWebview(raw);
      if (message) {
        void this.handle(message);
      }
    });
    panel.onDidDispose(() => {
      this.panel = undefined;
    });
    this.panel = panel;
  }

  private async handle(message: FromWebview): Promise<void> {
    switch (message.type) {
      case "ready":
        this.post();
        return;
      case "grade":
        return this.grade(message.id, message.rating, message.said);
      case "skip":
        return this.skip(message.id);
      case "undo":
        return this.undo();
      case "filter":
        return this.chooseFilter();
      case "continue":
        return this.start();
    }
  }

  /** The id must be the card on screen: a click from a page drawn before the last change is stale. */
  private isOnScreen(id: string): boolean {
    return this.view.kind === "card" && this.view.question.id === id;
  }

  private async grade(id: string, rating: Rating, said: number[] | undefined): Promise<void> {
    if (this.view.kind !== "card" || this.view.question.id !== id) {
      return;
    }
    const points = this.view.question.points.length;
    if (said?.some((i) => i >= points)) {
      return; // not a point of this question: a page drawn for another card
    }
    const seconds = Math.min(MAX_ANSWER_SECONDS, Math.round((Date.now() - this.shownAt) / 100) / 10);
    const args: GradeArgs = { id, rating, seconds, ...(said ? { said } : {}), session: this.sessionArgs() };
    await this.act(ServerCommand.grade, args);
  }

  private async skip(id: string): Promise<void> {
    if (!this.isOnScreen(id)) {
      return;
    }
    const args: SkipArgs = { id, session: this.sessionArgs() };
    await this.act(ServerCommand.skip, args);
  }

  private async undo(): Promise<void> {
    const args: UndoArgs = { session: this.sessionArgs() };
    await this.act(ServerCommand.undo, args);
  }

  /** Runs a grade, skip or undo and shows what it answers: its message, then the next step. */
  private async act(command: typeof ServerCommand.grade | typeof ServerCommand.skip | typeof ServerCommand.undo, args: object) {
    let changed = false;
    await this.run(async () => {
      const result = await this.session.execute<SessionActed & { undone?: unknown }>(command, args);
      if (!result) {
        this.view = { kind: "error", message: NOT_RUNNING };
        return;
      }
      changed = result.undone !== null;
      this.header.canUndo = command !== ServerCommand.undo || changed;
      this.showSession(result.next);
      // The next card's clock starts now, even when it is the same question again (Again, early steps).
      this.shownAt = Date.now();
      this.header.notice = result.message;
    });
    if (changed) {
      this.acted.fire();
    }
  }

  private showSession(view: SessionView | undefined): void {
    if (!view) {
      this.view = { kind: "error", message: NOT_RUNNING };
      return;
    }
    this.header.counts = view.counts;
    this.header.plan = view.plan ?? null;
    if (view.status === "done") {
      this.view = { kind: "done", message: view.message, nextDue: view.nextDue, newWaiting: view.newWaiting };
      return;
    }
    this.showCard({
      kind: "card",
      question: cardQuestion(view.question),
      state: view.state,
      early: view.early,
      previews: view.previews,
      proposals: view.proposals ?? [],
      opened: false,
    });
  }

  private showCard(view: PanelView & { kind: "card" }): void {
    if (!this.isOnScreen(view.question.id)) {
      this.shownAt = Date.now();
    }
    this.view = view;
  }

  /** One request at a time: a second key press while a grade is in flight is dropped, never sent twice. */
  private async run(work: () => Promise<void>): Promise<void> {
    if (this.busy) {
      return;
    }
    this.busy = true;
    this.postMessage({ type: "busy" });
    try {
      await work();
    } catch (err) {
      // The server says what was wrong, e.g. a topic that no longer exists in the filter.
      this.view = { kind: "error", message: errorText(err) };
    } finally {
      this.busy = false;
      this.header.filter = describe(this.filters.get());
      this.post();
    }
  }

  private post(): void {
    this.postMessage({ type: "show", header: { ...this.header }, view: this.view });
  }

  private postMessage(message: ToWebview): void {
    void this.panel?.webview.postMessage(message);
  }

  dispose(): void {
    this.panel?.dispose();
    this.acted.dispose();
  }
}
