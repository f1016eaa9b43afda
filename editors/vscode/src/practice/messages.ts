/**
 * The messages between the practice panel's webview and the extension, both
 * ways, and the one check of what the webview sends. The webview is a page
 * that renders bank text, so nothing it posts is trusted: `fromWebview`
 * accepts only the known message types with fields of the right shape, and
 * the panel then checks that an id is the card on screen. Shared by the
 * extension and the webview bundle, so it must not import `vscode`.
 */

import type { Counts, Difficulty, Forecast, Preview, Rating } from "../protocol";

export const RATINGS: readonly Rating[] = ["again", "hard", "good", "easy"];

/** The question as the panel shows it: only the fields it renders. */
export interface CardQuestion {
  id: string;
  title: string;
  difficulty: Difficulty;
  frameworks: string[];
  topics: string[];
  /** Markdown. */
  short: string;
  /** What an interviewer listens for (Markdown inline), possibly none. */
  points: string[];
  /** Markdown. */
  answer: string;
}

/** What the panel shows: a card to answer, the end of the session, or why it cannot. */
export type PanelView =
  | {
      kind: "card";
      question: CardQuestion;
      /** `new`, `learning`, `review` or `relearning`. */
      state: string;
      /** A learning card shown before its minutes are up. */
      early: boolean;
      /** The four grades' intervals; empty for a question opened by hand. */
      previews: Preview[];
      /** The grade proposed for each number of key points ticked (`proposals[2]` for two); empty when none. */
      proposals: Rating[];
      /** True when the question was opened from the tree, a search or a hover, not drawn by the session. */
      opened: boolean;
    }
  | { kind: "done"; message: string; nextDue: string | null; newWaiting: number }
  | { kind: "error"; message: string }
  | { kind: "loading" };

/** The header above every view. */
export interface PanelHeader {
  /** What is left today in the session, when known. */
  counts: Counts | null;
  /** The session's filter in words: `All questions`, `hard · fastapi · testing`. */
  filter: string;
  plan: Forecast | null;
  /** What the last action did (`Good: next review in 3 days.`), shown once. */
  notice: string | null;
  /** Whether there is something to undo in this panel. */
  canUndo: boolean;
}

/** Extension → webview. */
export type ToWebview = { type: "show"; header: PanelHeader; view: PanelView } | { type: "busy" };

/** Webview → extension. */
export type FromWebview =
  | { type: "ready" }
  /** `said`: the key points ticked (indexes), only when the user used the checklist. */
  | { type: "grade"; id: string; rating: Rating; said?: number[] }
  | { type: "skip"; id: string }
  | { type: "undo" }
  | { type: "filter" }
  | { type: "continue" };

/** Question ids are slugs; anything else did not come from the bank. */
const ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/;

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function hasOnly(message: Record<string, unknown>, keys: readonly string[]): boolean {
  return Object.keys(message).every((key) => keys.includes(key));
}

/** Key point indexes: distinct small non-negative integers (a question has three to six points). */
function isIndexList(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_POINTS &&
    value.every((i) => Number.isInteger(i) && i >= 0 && i < MAX_POINTS) &&
    new Set(value).size === value.length
  );
}

const MAX_POINTS = 32;

/** A question id as the bank writes them. */
export function isId(value: unknown): value is string {
  return typeof value === "string" && ID.test(value);
}

/** The message the webview sent, or undefined when it is not one the panel knows. */
export function fromWebview(message: unknown): FromWebview | undefined {
  if (!isRecord(message) || typeof message.type !== "string") {
    return undefined;
  }
  switch (message.type) {
    case "ready":
    case "undo":
    case "filter":
    case "continue":
      return hasOnly(message, ["type"]) ? { type: message.type } : undefined;
    case "skip":
      return hasOnly(message, ["type", "id"]) && isId(message.id) ? { type: "skip", id: message.id } : undefined;
    case "grade": {
      const rating = RATINGS.find((r) => r === message.rating);
      if (!hasOnly(message, ["type", "id", "rating", "said"]) || !isId(message.id) || !rating) {
        return undefined;
      }
      if (message.said === undefined) {
        return { type: "grade", id: message.id, rating };
      }
      return isIndexList(message.said) ? { type: "grade", id: message.id, rating, said: message.said } : undefined;
    }
    default:
      return undefined;
  }
}

function isStringArray(value: unknown): value is string[] {
  return Array.isArray(value) && value.every((v) => typeof v === "string");
}

function isQuestion(value: unknown): value is CardQuestion {
  return (
    isRecord(value) &&
    isId(value.id) &&
    ["title", "difficulty", "short", "answer"].every((key) => typeof value[key] === "string") &&
    isStringArray(value.frameworks) &&
    isStringArray(value.topics) &&
    isStringArray(value.points)
  );
}

function isView(value: unknown): value is PanelView {
  if (!isRecord(value)) {
    return false;
  }
  switch (value.kind) {
    case "card":
      return (
        isQuestion(value.question) &&
        typeof value.state === "string" &&
        typeof value.early === "boolean" &&
        typeof value.opened === "boolean" &&
        Array.isArray(value.previews) &&
        value.previews.every((p) => isRecord(p) && RATINGS.includes(p.rating as Rating) && typeof p.interval === "string") &&
        Array.isArray(value.proposals) &&
        value.proposals.every((r) => RATINGS.includes(r as Rating))
      );
    case "done":
      return typeof value.message === "string" && typeof value.newWaiting === "number";
    case "error":
      return typeof value.message === "string";
    case "loading":
      return true;
    default:
      return false;
  }
}

function isHeader(value: unknown): value is PanelHeader {
  return (
    isRecord(value) &&
    typeof value.filter === "string" &&
    typeof value.canUndo === "boolean" &&
    (value.notice === null || typeof value.notice === "string") &&
    (value.counts === null ||
      (isRecord(value.counts) && ["due", "new", "learning"].every((k) => typeof (value.counts as Record<string, unknown>)[k] === "number")))
  );
}

/**
 * The webview's check of what it receives: the page renders these fields as
 * text and Markdown, so a message of another shape is dropped, not half-drawn.
 */
export function toWebview(message: unknown): ToWebview | undefined {
  if (!isRecord(message)) {
    return undefined;
  }
  if (message.type === "busy" && hasOnly(message, ["type"])) {
    return { type: "busy" };
  }
  if (message.type === "show" && isHeader(message.header) && isView(message.view)) {
    return { type: "show", header: message.header, view: message.view };
  }
  return undefined;
}
