/**
 * Reading the `interviewLs.*` settings and turning them into what the server
 * expects. Only the keys the server knows are sent: it warns about unknown
 * ones, and `server.path` or `trace.server` are for the client alone.
 */

import * as os from "node:os";
import * as path from "node:path";
import * as vscode from "vscode";
import type { ServerSettings } from "./protocol";

export const SECTION = "interviewLs";
export const SERVER_PATH = `${SECTION}.server.path`;

/** Settings whose change must reach the running server. */
export const SERVER_SETTING_KEYS = [
  "questionPaths",
  "diagnostics",
  "codeLens",
  "dataDir",
  "hover",
  "exampleActions",
  "newPerDay",
  "interviewDate",
  "dailyMinutes",
  "learningSteps",
  "relearningSteps",
] as const;

function expandHome(p: string): string {
  return p === "~" || p.startsWith("~/") ? path.join(os.homedir(), p.slice(1)) : p;
}

function absolute(p: string): string {
  const expanded = expandHome(p);
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  return path.isAbsolute(expanded) || !root ? expanded : path.join(root, expanded);
}

/**
 * Question folders to load. In an untrusted workspace only the user's own
 * (global) value counts: a cloned repository must not make the server read
 * folders of its choosing. `restrictedConfigurations` in package.json makes
 * VS Code do the same; this keeps it true on hosts that ignore that field.
 */
export function questionPaths(): string[] {
  const setting = vscode.workspace.getConfiguration(SECTION).inspect<string[]>("questionPaths");
  const paths = vscode.workspace.isTrusted
    ? (vscode.workspace.getConfiguration(SECTION).get<string[]>("questionPaths") ?? [])
    : (setting?.globalValue ?? []);
  return paths.filter((p) => p.trim() !== "").map(absolute);
}

export function serverSettings(): ServerSettings {
  const config = vscode.workspace.getConfiguration(SECTION);
  return {
    questionPaths: questionPaths(),
    diagnostics: config.get<boolean>("diagnostics", true),
    codeLens: config.get<boolean>("codeLens", true),
    hover: config.get<boolean>("hover", true),
    exampleActions: config.get<boolean>("exampleActions", true),
    newPerDay: config.get<number>("newPerDay", 10),
    dailyMinutes: config.get<number>("dailyMinutes", 30),
    learningSteps: config.get<number[]>("learningSteps", [10, 30]),
    relearningSteps: config.get<number[]>("relearningSteps", [10]),
    ...dataDir(config),
    ...interviewDate(config),
  };
}

/** `interviewDate` only when set: an absent key means no interview plan. */
function interviewDate(config: vscode.WorkspaceConfiguration): { interviewDate?: string } {
  const value = config.get<string | null>("interviewDate");
  return value && value.trim() !== "" ? { interviewDate: value.trim() } : {};
}

/** `dataDir` only when set: an absent key lets the server use its default. */
function dataDir(config: vscode.WorkspaceConfiguration): { dataDir?: string } {
  const value = config.get<string | null>("dataDir");
  return value && value.trim() !== "" ? { dataDir: absolute(value.trim()) } : {};
}

/** The configured server path, or undefined to search PATH. */
export function configuredServerPath(): string | undefined {
  const value = vscode.workspace.getConfiguration().get<string | null>(SERVER_PATH);
  return value && value.trim() !== "" ? expandHome(value.trim()) : undefined;
}
