// Starts code-server (VS Code for the web) on a free loopback port with a
// fresh user-data folder, the extension installed, and the settings the test
// needs, and stops it again.
import { spawn, execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as net from "node:net";
import * as path from "node:path";
import { poll } from "./poll.mjs";

const BIN = path.join(import.meta.dirname, "node_modules", ".bin", "code-server");

function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
    probe.on("error", reject);
  });
}

function writeJson(file, value) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, JSON.stringify(value, null, 2));
}

export async function startCodeServer({ scratch, vsix, server, logFile }) {
  const userData = path.join(scratch, "user-data");
  const common = ["--user-data-dir", userData, "--extensions-dir", path.join(scratch, "extensions"),
    "--config", path.join(scratch, "config.yaml")];
  execFileSync(BIN, [...common, "--install-extension", vsix], { stdio: "inherit" });

  // code-server is a remote window: machine-scoped settings such as
  // interviewLs.server.path are read from Machine/settings.json, and are
  // ignored in User/settings.json.
  writeJson(path.join(userData, "Machine", "settings.json"), { "interviewLs.server.path": server });
  // Everything that would put a dialog or a tab over the editor.
  writeJson(path.join(userData, "User", "settings.json"), {
    "workbench.startupEditor": "none",
    // The empty secondary side bar (chat) would take a third of the width the practice panel needs.
    "workbench.secondarySideBar.defaultVisibility": "hidden",
    "workbench.tips.enabled": false,
    "workbench.welcomePage.walkthroughs.openOnInstall": false,
    "security.workspace.trust.enabled": false,
    "extensions.autoCheckUpdates": false,
    "extensions.autoUpdate": false,
    "extensions.ignoreRecommendations": true,
    "telemetry.telemetryLevel": "off",
    "chat.disableAIFeatures": true,
    "update.mode": "none",
  });

  const port = await freePort();
  const log = fs.openSync(logFile, "w");
  const child = spawn(BIN, [...common, "--auth", "none", "--bind-addr", `127.0.0.1:${port}`,
    "--disable-telemetry", "--disable-update-check", "--disable-workspace-trust",
    "--disable-getting-started-override"], { stdio: ["ignore", log, log] });
  const url = `http://127.0.0.1:${port}`;
  await poll(`code-server on ${url}`, 60000, async () => {
    if (child.exitCode !== null) {
      throw new Error(`code-server exited with ${child.exitCode}; see ${logFile}`);
    }
    const response = await fetch(`${url}/healthz`).catch(() => undefined);
    return response?.ok;
  });
  return { url, stop: () => child.kill() };
}
