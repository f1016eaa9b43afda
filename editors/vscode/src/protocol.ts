/**
 * The server's `workspace/executeCommand` names and argument/result shapes,
 * mirrored from `src/server/protocol.rs` (and `editors/nvim/lua/interview/protocol.lua`).
 * Keep the three in step: a renamed command fails only at run time.
 */

export const ServerCommand = {
  random: "interview.random",
  show: "interview.show",
  grade: "interview.grade",
  next: "interview.next",
  skip: "interview.skip",
  undo: "interview.undo",
  plan: "interview.plan",
  list: "interview.list",
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

/** `interview.random`: picks a question and, unless `dialog: false`, asks it through `window/showMessageRequest`. */
export interface RandomArgs {
  difficulty?: Difficulty;
  framework?: "flask" | "fastapi" | "general";
  topic?: string;
  /** Canonical symbols (from a code lens): only questions about one of them. */
  keywords?: string[];
  dialog?: boolean;
}

/** `interview.show`: the question with its answer page, opened with `window/showDocument` unless `open: false`. */
export interface ShowArgs {
  id: string;
  open?: boolean;
}

/** One entry of `interview.search`. */
export interface QuestionSummary {
  id: string;
  title: string;
  difficulty: Difficulty;
  frameworks: string[];
  topics: string[];
  score: number;
}

export interface SearchArgs {
  query: string;
  limit?: number;
}

/** `interview.stats` takes `{open?}`: without `open: false` the server also opens the stats page. */
export interface StatsArgs {
  open?: boolean;
}

/** One line of the stats table (overall, per difficulty, per topic). */
export interface StatsRow {
  name: string;
  total: number;
  seen: number;
  dueToday: number;
  retention: number | null;
}

export interface StatsResult {
  stats: {
    overall: StatsRow;
    byDifficulty: StatsRow[];
    byTopic: StatsRow[];
    streak: number;
    gradedToday: number;
  };
  markdown: string;
  page: string;
}

export type Rating = "again" | "hard" | "good" | "easy";

/** `interview.grade`: records a grade; the result says when the question comes back and what is next. */
export interface GradeArgs {
  id: string;
  rating: Rating;
  /** How long the answer took (for the planner's costs and the optimiser). */
  seconds?: number;
  /** The key points ticked as said (0-based indexes into `question.points`); the rest are logged as missed. */
  said?: number[];
  /** The session the grade belongs to, for the counts and next step returned. */
  session?: SessionArgs;
}

/** `interview.next`: which questions a study session draws from, and limits overriding the settings. */
export interface SessionArgs {
  difficulty?: Difficulty;
  framework?: "flask" | "fastapi" | "general";
  topic?: string;
  keywords?: string[];
  newPerDay?: number;
  /** `YYYY-MM-DD`, `tomorrow` or a weekday: plan for an interview on that date. */
  until?: string;
  minutes?: number;
}

/** `interview.skip`: buries a card until tomorrow. */
export interface SkipArgs {
  id: string;
  session?: SessionArgs;
}

/** `interview.undo`: takes back the server's last grade or skip. */
export interface UndoArgs {
  session?: SessionArgs;
}

/** `interview.plan`: the plan backwards from the interview date (default: the `interviewDate` setting). */
export interface PlanArgs {
  until?: string;
  minutes?: number;
  difficulty?: Difficulty;
  framework?: "flask" | "fastapi" | "general";
  topic?: string;
}

/** A question as the server sends it (`interview.next`, `interview.random`, `interview.show`). */
export interface Question {
  id: string;
  title: string;
  difficulty: Difficulty;
  frameworks: string[];
  topics: string[];
  keywords: string[];
  aliases: string[];
  /** The one- or two-sentence answer (Markdown). */
  short: string;
  /** What an interviewer listens for: three to six short points (Markdown inline); absent from older servers. */
  points?: string[];
  /** The full answer (Markdown). */
  answer: string;
  source: { path: string; line: number };
}

/** `interview.list`: the questions a tree or picker shows, with where each stands. */
export interface ListArgs {
  difficulty?: Difficulty;
  framework?: "flask" | "fastapi" | "general";
  topic?: string;
}

export type Standing = "new" | "learning" | "due" | "learned";

/** One question of `interview.list`. */
export interface ListedQuestion {
  id: string;
  title: string;
  difficulty: Difficulty;
  frameworks: string[];
  topics: string[];
  keywords: string[];
  aliases: string[];
  standing: Standing;
  /** When it is next due; null for a new question. */
  due: string | null;
}

/** One topic's counts in `interview.list`. */
export interface TopicStanding {
  topic: string;
  total: number;
  new: number;
  learning: number;
  due: number;
  learned: number;
}

export interface ListResult {
  questions: ListedQuestion[];
  topics: TopicStanding[];
  /** Today's session counts (the settings' new-card limit applied). */
  counts: Counts;
  /** `3 due · 10 new · 0 learning`. */
  message: string;
}

/** What is left today. */
export interface Counts {
  due: number;
  new: number;
  learning: number;
}

/** A grade's outcome before it is chosen: `good` in `3d`. */
export interface Preview {
  rating: Rating;
  due: string;
  interval: string;
}

/** The interview plan a session follows. */
export interface Forecast {
  interviewDate: string;
  minutesPerDay: number;
  cards: number;
  feasible: boolean;
  shortfall: string | null;
  expectedRecall: number;
  expectedCards: number;
}

/** What `interview.next` answers: the next card, or done for now. */
export type SessionView =
  | {
      status: "card";
      id: string;
      state: "new" | "learning" | "review" | "relearning";
      /** A learning card shown before its minutes are up, because nothing else is left. */
      early: boolean;
      counts: Counts;
      previews: Preview[];
      /** `4 due · 10 new · 0 learning`. */
      message: string;
      question: Question;
      /** With key points: the grade proposed for each number of points ticked (`proposals[2]` for two). */
      proposals?: Rating[];
      plan?: Forecast;
    }
  | {
      status: "done";
      counts: Counts;
      /** `Done for now — next review in 2 days (3 cards)`. */
      message: string;
      nextDue: string | null;
      nextDueCards: number;
      newWaiting: number;
      plan?: Forecast;
    };

/** What grade, skip and undo answer: what happened, then the next step. */
export interface SessionActed {
  message: string;
  counts: Counts;
  next: SessionView;
}

/** A question's FSRS card as stored in `progress.json`; `null` before its first grade. */
export interface Card {
  state: "new" | "learning" | "review" | "relearning";
  /** When the card is next due (RFC 3339). */
  due: string;
  reps: number;
  lapses: number;
  lastReview: string | null;
}

/** What `interview.show` answers. */
export interface ShowResult {
  question: Question;
  card: Card | null;
  answerPage: string;
  /** The four grades' intervals, as `interview.next` gives them. */
  previews?: Preview[];
}

/** `interview.reset` takes `{id?}`: one question's progress, or all of it. */
export interface ResetArgs {
  id?: string;
}

/** One entry of `interview.topics`. */
export interface TopicCount {
  topic: string;
  /** One line saying what the topic holds (empty for a topic no map declares). */
  description: string;
  count: number;
}

/** One entry of `interview.snippets`. */
export interface SnippetSummary {
  id: string;
  title: string;
  framework: string;
  scope: string;
  questionId: string;
}

/** `interview.insertSnippet`: the server answers with `workspace/applyEdit`. */
export interface InsertSnippetArgs {
  id: string;
  uri: string;
  position: { line: number; character: number };
}

/** What `interview.insertSnippet` answers once the editor has handled the `workspace/applyEdit`. */
export interface InsertSnippetResult {
  applied: boolean;
  failureReason?: string | null;
}

/** The settings the server reads from `initializationOptions` and `workspace/didChangeConfiguration`. */
export interface ServerSettings {
  questionPaths: string[];
  diagnostics: boolean;
  codeLens: boolean;
  /** Where progress is kept; absent means the server's default. */
  dataDir?: string;
  /** Interview answers on hover over framework names. */
  hover: boolean;
  /** "Insert example" code actions. */
  exampleActions: boolean;
  /** New cards a study session introduces per day. */
  newPerDay: number;
  /** `YYYY-MM-DD`: sessions follow a plan made backwards from it; absent means none. */
  interviewDate?: string;
  /** The daily study budget the interview plan fits into, in minutes. */
  dailyMinutes: number;
  /** Minutes between the reviews of a new card before it graduates. */
  learningSteps: number[];
  /** Minutes between the reviews of a forgotten card. */
  relearningSteps: number[];
}
