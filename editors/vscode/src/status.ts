/**
 * The status-bar item showing how many reviews are due. It asks the server
 * (`interview.stats`) after each start and after each practice command, not
 * on a timer: reviews only become due while the user is away.
 */

import * as vscode from "vscode";
import type { Session } from "./client";
import { ServerCommand, type Stats } from "./protocol";

export class DueStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("interviewLs.due", vscode.StatusBarAlignment.Right, 100);

  constructor(private readonly session: Session) {
    this.item.name = "Interview reviews due";
    this.item.command = "interviewLs.randomQuestion";
  }

  async refresh(): Promise<void> {
    let stats: Stats | undefined;
    try {
      stats = await this.session.execute<Stats>(ServerCommand.stats);
    } catch {
      // A server without practice support yet: hide rather than show stale numbers.
      stats = undefined;
    }
    if (typeof stats?.due !== "number") {
      this.item.hide();
      return;
    }
    this.item.text = `$(mortar-board) ${stats.due}`;
    this.item.tooltip = `${stats.due} interview ${stats.due === 1 ? "review" : "reviews"} due — click for a question`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
