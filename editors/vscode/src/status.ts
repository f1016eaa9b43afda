/**
 * The status-bar item showing how many reviews are due. It asks the server
 * (`interview.stats`) after each start and after each practice command, not
 * on a timer: reviews only become due while the user is away. A click starts
 * a practice session in the panel.
 */

import * as vscode from "vscode";
import type { Session } from "./client";
import { ServerCommand, type StatsArgs, type StatsResult } from "./protocol";

export class DueStatus implements vscode.Disposable {
  private readonly item = vscode.window.createStatusBarItem("interviewLs.due", vscode.StatusBarAlignment.Right, 100);

  constructor(private readonly session: Session) {
    this.item.name = "Interview reviews due";
    this.item.command = "interviewLs.practice";
  }

  async refresh(): Promise<void> {
    const quiet: StatsArgs = { open: false };
    let due: number | undefined;
    try {
      due = (await this.session.execute<StatsResult>(ServerCommand.stats, quiet))?.stats.overall.dueToday;
    } catch {
      // An unreadable progress file is reported by the server itself; hide rather than show a stale number.
      due = undefined;
    }
    if (typeof due !== "number") {
      this.item.hide();
      return;
    }
    this.item.text = `$(mortar-board) ${due}`;
    this.item.tooltip = `${due} interview ${due === 1 ? "review" : "reviews"} due today — click to practise`;
    this.item.show();
  }

  dispose(): void {
    this.item.dispose();
  }
}
