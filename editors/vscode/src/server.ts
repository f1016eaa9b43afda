/**
 * Finding the `interview-ls` executable: the `interviewLs.server.path`
 * setting, else `PATH`. Checked before starting so the user gets one clear
 * message naming the setting, not a spawn error in the output channel.
 */

import * as fs from "node:fs/promises";
import * as path from "node:path";
import { configuredServerPath } from "./config";

export const SERVER_NAME = process.platform === "win32" ? "interview-ls.exe" : "interview-ls";

export type Found = { ok: true; command: string } | { ok: false; message: string };

async function isExecutable(file: string): Promise<boolean> {
  try {
    const stat = await fs.stat(file);
    await fs.access(file, fs.constants.X_OK);
    return stat.isFile();
  } catch {
    return false;
  }
}

export async function findServer(): Promise<Found> {
  const configured = configuredServerPath();
  if (configured !== undefined) {
    return (await isExecutable(configured))
      ? { ok: true, command: configured }
      : {
          ok: false,
          message: `The interview-ls server set in "interviewLs.server.path" (${configured}) is not an executable file.`,
        };
  }
  for (const dir of (process.env.PATH ?? "").split(path.delimiter)) {
    const candidate = path.join(dir, SERVER_NAME);
    if (dir !== "" && (await isExecutable(candidate))) {
      return { ok: true, command: candidate };
    }
  }
  return {
    ok: false,
    message:
      'Cannot find the interview-ls server on PATH. Install it with "cargo install --locked --path ." from the interview-ls repository, or set "interviewLs.server.path".',
  };
}
