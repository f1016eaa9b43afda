/**
 * The practice session's filter: which questions it draws from (difficulty,
 * framework, topic) and the interview date it plans for. Kept per workspace
 * (`workspaceState`), so the panel opens on the session the user last chose
 * in this project; the picker edits one part at a time.
 */

import * as vscode from "vscode";
import type { Session } from "../client";
import { DIFFICULTIES, type SessionArgs, ServerCommand, type TopicCount } from "../protocol";

const KEY = "interviewLs.practiceSession";
const FRAMEWORKS = ["flask", "fastapi", "general"] as const;
/** What the server's `until` accepts besides `YYYY-MM-DD`. */
const UNTIL = /^(\d{4}-\d{2}-\d{2}|today|tomorrow|mon|tue|wed|thu|fri|sat|sun)$/i;

export type Filter = Pick<SessionArgs, "difficulty" | "framework" | "topic" | "until">;

/** Only the fields and values the server accepts: a stored value may come from an older version. */
function clean(value: unknown): Filter {
  if (typeof value !== "object" || value === null) {
    return {};
  }
  const raw = value as Record<string, unknown>;
  const filter: Filter = {};
  const difficulty = DIFFICULTIES.find((d) => d === raw.difficulty);
  if (difficulty) filter.difficulty = difficulty;
  const framework = FRAMEWORKS.find((f) => f === raw.framework);
  if (framework) filter.framework = framework;
  if (typeof raw.topic === "string" && raw.topic !== "") filter.topic = raw.topic;
  if (typeof raw.until === "string" && UNTIL.test(raw.until)) filter.until = raw.until;
  return filter;
}

export class FilterStore {
  constructor(private readonly state: vscode.Memento) {}

  get(): Filter {
    return clean(this.state.get(KEY));
  }

  async set(filter: Filter): Promise<void> {
    await this.state.update(KEY, clean(filter));
  }
}

/** The filter in words, for the panel's header. */
export function describe(filter: Filter): string {
  const parts = [filter.difficulty, filter.framework, filter.topic].filter((p): p is NonNullable<typeof p> => !!p);
  const what = parts.length ? parts.join(" · ") : "All questions";
  return filter.until ? `${what} · interview ${filter.until}` : what;
}

interface Choice extends vscode.QuickPickItem {
  apply?: (filter: Filter) => Promise<Filter | undefined>;
  start?: true;
}

async function pickOne<T extends string>(title: string, values: readonly T[], current: T | undefined): Promise<T | null | undefined> {
  const items = [{ label: "Any", value: null as T | null }, ...values.map((v) => ({ label: v, value: v }))].map((item) => ({
    ...item,
    description: (item.value ?? undefined) === current ? "current" : undefined,
  }));
  const chosen = await vscode.window.showQuickPick(items, { title });
  return chosen === undefined ? undefined : chosen.value;
}

/**
 * Edits `start` one part at a time until the user chooses "Start practice"
 * (the new filter) or leaves (undefined).
 */
export async function pickFilter(session: Session, start: Filter): Promise<Filter | undefined> {
  let filter = { ...start };
  for (;;) {
    const choices: Choice[] = [
      { label: "$(play) Start practice", description: describe(filter), start: true },
      {
        label: "Difficulty",
        description: filter.difficulty ?? "any",
        apply: async (f) => {
          const value = await pickOne("Practice: difficulty", DIFFICULTIES, f.difficulty);
          return value === undefined ? undefined : { ...f, difficulty: value ?? undefined };
        },
      },
      {
        label: "Framework",
        description: filter.framework ?? "any",
        apply: async (f) => {
          const value = await pickOne("Practice: framework", FRAMEWORKS, f.framework);
          return value === undefined ? undefined : { ...f, framework: value ?? undefined };
        },
      },
      {
        label: "Topic",
        description: filter.topic ?? "any",
        apply: async (f) => {
          const topics = (await session.execute<TopicCount[]>(ServerCommand.topics)) ?? [];
          const items = [
            { label: "Any", topic: undefined as string | undefined },
            ...topics.map((t) => ({ label: t.topic, description: `${t.count} questions`, detail: t.description, topic: t.topic })),
          ];
          const chosen = await vscode.window.showQuickPick(items, { title: "Practice: topic", matchOnDetail: true });
          return chosen === undefined ? undefined : { ...f, topic: chosen.topic };
        },
      },
      {
        label: "Interview date",
        description: filter.until ?? "from the interviewLs.interviewDate setting",
        apply: async (f) => {
          const value = await vscode.window.showInputBox({
            title: "Practice: interview date",
            prompt: "Plan the session backwards from this date: YYYY-MM-DD, tomorrow or a weekday (mon…sun). Empty: use the setting.",
            value: f.until ?? "",
            validateInput: (text) =>
              text.trim() === "" || UNTIL.test(text.trim()) ? undefined : "YYYY-MM-DD, tomorrow, or a weekday such as thu",
          });
          return value === undefined ? undefined : { ...f, until: value.trim() === "" ? undefined : value.trim().toLowerCase() };
        },
      },
    ];
    const chosen = await vscode.window.showQuickPick(choices, { title: "Practice session", placeHolder: "Choose what to practise" });
    if (!chosen) {
      return undefined;
    }
    if (chosen.start) {
      return clean(filter);
    }
    filter = (await chosen.apply?.(filter)) ?? filter;
  }
}
