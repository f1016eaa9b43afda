/**
 * The server's `workspace/executeCommand` names and argument/result shapes,
 * mirrored from `src/server/protocol.rs` (and `editors/nvim/lua/interview/protocol.lua`).
 * Keep the three in step: a renamed command fails only at run time.
 */

export const ServerCommand = {
  random: "interview.random",
  show: "interview.show",
  grade: "interview.grade",
  search: "interview.search",
  stats: "interview.stats",
  reset: "interview.reset",
  topics: "interview.topics",
  snippets: "interview.snippets",
  insertSnippet: "interview.insertSnippet",
} as const;

export type ServerCommandName = (typeof ServerCommand)[keyof typeof ServerCommand];

export type Difficulty = "easy" | "medium" | "hard";
export const DIFFICULTIES: readonly Difficulty[] = ["easy", "medium", "hard"];

/** `interview.random`: picks a question and asks it through `window/showMessageRequest`. */
export interface RandomArgs {
  difficulty?: Difficulty;
  topic?: string;
}

/** One entry of `interview.search`. */
export interface QuestionSummary {
  id: string;
  title: string;
  difficulty: Difficulty;
  frameworks: string[];
  topics: string[];
}

export interface SearchArgs {
  query: string;
  limit?: number;
}

/** `interview.stats`: at least the number of reviews due now. */
export interface Stats {
  due: number;
  [other: string]: unknown;
}

/** One entry of `interview.snippets`. */
export interface SnippetSummary {
  id: string;
  title: string;
  question?: string;
}

/** `interview.insertSnippet`: the server answers with `workspace/applyEdit`. */
export interface InsertSnippetArgs {
  id: string;
  uri: string;
  position: { line: number; character: number };
}

/** The settings the server reads from `initializationOptions` and `workspace/didChangeConfiguration`. */
export interface ServerSettings {
  questionPaths: string[];
  diagnostics: boolean;
  codeLens: boolean;
}
