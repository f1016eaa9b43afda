// End-to-end test of the packaged extension in real VS Code (code-server),
// driven through Debian's Chromium with playwright-core. It checks what a
// person sees: the hover at `Depends`, the Random Question notification with
// its actions, the reviews-due status item, snippets inserted by the
// "Insert example" code action and the "Interview: Insert Example…" command,
// the hover's Practise link opening its question in the practice panel, and
// a practice session in the panel with the Interview view (practice.mjs). Run by .ci/vscode-e2e.sh, which installs everything;
// screenshots go to $ARTIFACTS.
//
// Environment: INTERVIEW_LS_BIN, VSIX, SCRATCH (an empty folder), ARTIFACTS,
// INTERVIEW_LS_DATA (where the server keeps progress).
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { serverCapabilities } from "./capabilities.mjs";
import { startCodeServer } from "./codeServer.mjs";
import { poll } from "./poll.mjs";
import { practiceSteps } from "./practice.mjs";

const WAIT_MS = 60000;
const env = (name) => process.env[name] ?? fail(`${name} is not set`);
function fail(message) {
  throw new Error(message);
}

const server = env("INTERVIEW_LS_BIN");
const scratch = env("SCRATCH");
const artifacts = env("ARTIFACTS");
fs.mkdirSync(artifacts, { recursive: true });
const workspace = path.join(scratch, "fastapi-app");
fs.cpSync(path.join(import.meta.dirname, "../../../fixtures/fastapi-app"), workspace, { recursive: true });

// Every step is required: a server that does not advertise what a step
// needs fails the run, never skips the step.
const capabilities = await serverCapabilities(server);
const commands = capabilities.executeCommandProvider?.commands ?? [];
function mustOffer(feature, advertised, step) {
  if (!advertised) fail(`the server does not advertise ${feature}, needed for ${step}`);
}

const codeServer = await startCodeServer({
  scratch,
  vsix: env("VSIX"),
  server,
  logFile: path.join(artifacts, "code-server.log"),
});
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  // The flags Debian's Chromium needs as root on a machine with no outside network.
  args: ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run"],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
const shot = (name) => page.screenshot({ path: path.join(artifacts, `${name}.png`) });

/** Runs a command from the command palette by its title. */
async function palette(title) {
  await page.keyboard.press("F1");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(`>${title}`);
  const entry = page.locator(".quick-input-list .monaco-list-row", { hasText: title });
  await poll(`${title} in the command palette`, WAIT_MS, () => entry.count());
  await entry.first().click();
}

const editorText = () => page.locator(".monaco-editor .view-lines").first().innerText();

async function openFile(name) {
  await page.keyboard.press("Control+P");
  const input = page.locator(".quick-input-widget input");
  await input.waitFor({ timeout: WAIT_MS });
  await input.fill(name);
  await poll(`${name} in quick open`, WAIT_MS, () =>
    page.locator(".quick-input-list .monaco-list-row", { hasText: name }).count());
  await page.keyboard.press("Enter");
  await poll(`${name} in the editor`, WAIT_MS, async () => (await editorText()).includes("Depends(get_settings)"));
}

/**
 * The screen point of a character inside `Depends` on the
 * `Depends(get_settings)` line, measured with a DOM Range: how Monaco splits
 * a line into token spans depends on the grammar, the text does not.
 */
async function dependsPoint() {
  const point = await page.evaluate(() => {
    const line = [...document.querySelectorAll(".view-line")].find((l) => l.textContent.includes("Depends(get_settings)"));
    if (!line) return null;
    let offset = line.textContent.indexOf("Depends(get_settings)") + 3;
    const walker = document.createTreeWalker(line, NodeFilter.SHOW_TEXT);
    for (let node = walker.nextNode(); node; node = walker.nextNode()) {
      if (offset < node.length) {
        const range = document.createRange();
        range.setStart(node, offset);
        range.setEnd(node, offset + 1);
        const box = range.getBoundingClientRect();
        return { x: box.x + box.width / 2, y: box.y + box.height / 2 };
      }
      offset -= node.length;
    }
    return null;
  });
  return point ?? fail("Depends(get_settings) is not on screen");
}

async function hover() {
  // The client may still be starting when the file opens, and an empty
  // hover is not retried by VS Code, so move away and back until it shows.
  const text = await poll("the hover over Depends", WAIT_MS, async () => {
    const { x, y } = await dependsPoint();
    await page.mouse.move(5, 5);
    await page.mouse.move(x, y);
    const shown = page.locator(".monaco-hover:visible .hover-contents, .monaco-hover:visible .rendered-markdown");
    const found = await poll("a hover", 3000, () => shown.count()).catch(() => 0);
    const all = found ? (await shown.allInnerTexts()).join("\n") : "";
    return /dependency injection/i.test(all) && all;
  });
  await shot("hover");
  console.log(`ok: hover over Depends shows ${JSON.stringify(text.slice(0, 80))}…`);
  await page.keyboard.press("Escape");
}

async function randomQuestion() {
  await page.locator(".monaco-editor .view-lines").first().click();
  await palette("Interview: Random Question");
  // fade-in-done: the toast has finished sliding in, so the screenshot shows it whole.
  const toast = page.locator(".notification-toast.notification-fade-in-done", { hasText: "Show answer" });
  await poll("the question notification", WAIT_MS, () => toast.count());
  const buttons = await toast.first().locator(".monaco-button").allInnerTexts();
  const message = await toast.first().locator(".notification-list-item-message").innerText();
  await shot("random-question");
  if (!buttons.includes("Show answer")) fail(`notification buttons: ${buttons.join(", ")}`);
  console.log(`ok: Random Question asks ${JSON.stringify(message)} with ${buttons.join(" · ")}`);
  const close = toast.first().locator(".monaco-button", { hasText: /^Close$/ });
  if (await close.count()) await close.click();
}

async function statusItem() {
  const item = page.locator(".statusbar-item", { has: page.locator(".codicon-mortar-board") });
  await poll("the reviews-due status item", WAIT_MS, () => item.count());
  const text = await item.first().innerText();
  if (!/\d+/.test(text)) fail(`status item text: ${text}`);
  console.log(`ok: status bar shows ${text.trim()} reviews due`);
}

// What the code action inserts at `Depends`, and what it must bring: its
// imports joined to the fixture's `from fastapi import Depends, FastAPI`.
const ACTION_TITLE = "Insert example: SQLAlchemy session dependency (FastAPI)";
const ACTION_IMPORT = "from fastapi import Depends, FastAPI, HTTPException, status";
const ACTION_CODE = "def get_session() -> Iterator[Session]:";
// What the "Interview: Insert Example…" command inserts at the end of the file.
const COMMAND_SNIPPET = "fastapi-health-check";
const COMMAND_TITLE = "Health and readiness endpoints (FastAPI)";
const COMMAND_IMPORT = "from fastapi import Depends, FastAPI, Response, status";
const COMMAND_CODE = "async def check_database() -> None:";

const mainPy = path.join(workspace, "main.py");
const original = fs.readFileSync(mainPy, "utf8");
/** Monaco renders spaces as no-break spaces. */
const visibleText = async () => (await editorText()).replace(/\u00a0/g, " ");

/** Fails at once on an error toast (the extension's "Could not insert …"), instead of timing out. */
async function noErrorToast() {
  const errors = page.locator(".notification-toast", { has: page.locator(".codicon-error, .codicon-warning") });
  if (await errors.count()) {
    await shot("error-toast");
    fail(`the editor shows: ${(await errors.allInnerTexts()).join(" | ")}`);
  }
}

/**
 * Saves the editor and returns the file's text once `done(text)` holds. The
 * whole file, not just the lines Monaco happens to render, is what the
 * checks below need, and the saved file is exactly the editor's text.
 */
async function savedText(what, done) {
  return poll(what, WAIT_MS, async () => {
    await noErrorToast();
    await page.keyboard.press("Control+S");
    const text = fs.readFileSync(mainPy, "utf8");
    return done(text) && text;
  });
}

/** The checks both inserts share: nothing lost, the code there, one merged fastapi import. */
function checkInserted(text, fastapiImport, code) {
  const lines = text.split("\n");
  for (const line of original.split("\n")) {
    if (!line.startsWith("from fastapi import ") && !lines.includes(line)) fail(`the insert lost ${JSON.stringify(line)}:\n${text}`);
  }
  if (!text.includes(code)) fail(`no ${JSON.stringify(code)} in:\n${text}`);
  const imports = lines.filter((l) => l.startsWith("from fastapi import "));
  if (imports.length !== 1 || imports[0] !== fastapiImport) {
    fail(`fastapi imports ${JSON.stringify(imports)}, not merged into ${JSON.stringify(fastapiImport)}:\n${text}`);
  }
}

/** The screen shows the merged import at the top of the file. */
async function importShown(fastapiImport) {
  await page.keyboard.press("Control+Home");
  await poll(`${fastapiImport} on screen`, WAIT_MS, async () => (await visibleText()).includes(fastapiImport));
}

/** Undoes the insert with one Ctrl+Z, saves, and checks the file is as it was. */
async function undoInsert(what) {
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Z");
  await poll(`${what} undone in one step`, WAIT_MS, async () => {
    await page.keyboard.press("Control+S");
    return fs.readFileSync(mainPy, "utf8") === original;
  }).catch(() => fail(`one undo did not restore main.py after ${what}:\n${fs.readFileSync(mainPy, "utf8")}`));
}

async function insertExample() {
  const rows = page.locator(".action-widget .monaco-list-row");
  await poll("the code action menu with Insert example actions", WAIT_MS, async () => {
    const { x, y } = await dependsPoint();
    await page.mouse.click(x, y);
    await page.keyboard.press("Control+.");
    const shown = await poll("the code action menu", 3000, () => rows.filter({ hasText: /Insert example: / }).count())
      .catch(() => 0);
    if (!shown) await page.keyboard.press("Escape");
    return shown;
  });
  const action = rows.filter({ hasText: ACTION_TITLE });
  if (!(await action.count())) {
    const listed = (await rows.allInnerTexts()).join("\n");
    await shot("code-actions");
    await page.keyboard.press("Escape");
    fail(`${JSON.stringify(ACTION_TITLE)} is not in the code action menu:\n${listed}`);
  }
  // A few examples about the cursor, then the picker with the file's whole list.
  const entries = await rows.filter({ hasText: /Insert example/ }).count();
  if (entries > 4) fail(`${entries} Insert example entries in the code action menu, not at most 4`);
  if (!(await rows.filter({ hasText: "Insert example…" }).count())) fail("no Insert example… entry in the code action menu");
  await shot("code-actions");
  await action.first().click();
  // Applied by interview.insertSnippet (workspace/applyEdit); Monaco shows it before anything is saved.
  await importShown(ACTION_IMPORT);
  await shot("insert-example");
  const text = await savedText("the inserted example in main.py", (t) => t.includes(ACTION_CODE));
  checkInserted(text, ACTION_IMPORT, ACTION_CODE);
  console.log(`ok: ${JSON.stringify(ACTION_TITLE)} inserted ${text.split("\n").length - original.split("\n").length} lines, ` +
    `imports merged into ${JSON.stringify(ACTION_IMPORT)}`);
  await undoInsert("the code action");
}

async function insertExampleCommand() {
  // At the end of the file, where a module-level example goes after the handler.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+End");
  await palette("Interview: Insert Example");
  const input = page.locator(".quick-input-widget input");
  // The quick pick of snippets, fed by interview.snippets.
  await poll("the Insert example quick pick", WAIT_MS, async () => {
    await noErrorToast();
    return page.locator(".quick-input-widget .quick-input-title", { hasText: "Insert example" }).isVisible();
  });
  await input.fill(COMMAND_SNIPPET);
  const row = page.locator(".quick-input-list .monaco-list-row", { hasText: COMMAND_TITLE });
  await poll(`${COMMAND_TITLE} in the quick pick`, WAIT_MS, () => row.count());
  await shot("insert-example-pick");
  await row.first().click();
  await importShown(COMMAND_IMPORT);
  await shot("insert-example-command");
  const text = await savedText("the example inserted by the command", (t) => t.includes(COMMAND_CODE));
  checkInserted(text, COMMAND_IMPORT, COMMAND_CODE);
  const handlerEnd = original.trimEnd().split("\n").at(-1);
  if (!text.includes(`${handlerEnd}\n\n\n`)) fail(`not inserted after the handler:\n${text}`);
  console.log(`ok: Interview: Insert Example… inserted ${JSON.stringify(COMMAND_TITLE)}, ` +
    `imports merged into ${JSON.stringify(COMMAND_IMPORT)}`);
  await undoInsert("Insert Example…");
}

/** The hover's last line links to its question in the practice panel (a trusted command link). */
async function hoverLink() {
  await page.locator(".monaco-editor .view-lines").first().click();
  const link = page.locator('.monaco-hover:visible a[data-href^="command:interviewLs.openQuestion"]');
  await poll("the Practise link in the hover over Depends", WAIT_MS, async () => {
    const { x, y } = await dependsPoint();
    await page.mouse.move(5, 5);
    await page.mouse.move(x, y);
    return poll("a hover with a link", 3000, () => link.count()).catch(() => 0);
  });
  const href = await link.first().getAttribute("data-href");
  const id = JSON.parse(decodeURIComponent(href.slice(href.indexOf("?") + 1)))[0];
  await link.first().scrollIntoViewIfNeeded();
  await shot("hover-link");
  await link.first().click();
  const card = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame").locator(`article.card[data-id="${id}"]`);
  await poll(`${id} in the practice panel after the hover link`, WAIT_MS, () => card.count());
  console.log(`ok: the hover's ${JSON.stringify(await link.first().innerText().catch(() => "Practise"))} link opens ${id} in the practice panel`);
}

let failed = false;
try {
  await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: WAIT_MS });
  await openFile("main.py");
  console.log("ok: main.py is open in code-server");
  mustOffer("hover", capabilities.hoverProvider, "hover over Depends");
  await hover();
  mustOffer("commands", commands.includes("interview.random"), "Random Question");
  await randomQuestion();
  mustOffer("commands", commands.includes("interview.stats"), "reviews-due status item");
  await statusItem();
  mustOffer("code actions", capabilities.codeActionProvider, "Insert example code action");
  await insertExample();
  const inserts = commands.includes("interview.snippets") && commands.includes("interview.insertSnippet");
  mustOffer("commands", inserts, "Interview: Insert Example…");
  await insertExampleCommand();
  const practice = ["interview.next", "interview.grade", "interview.list", "interview.show"];
  mustOffer("commands", practice.every((c) => commands.includes(c)), "the practice panel and the Interview view");
  await hoverLink();
  await practiceSteps({ page, shot, fail, waitMs: WAIT_MS, dataDir: env("INTERVIEW_LS_DATA"), palette })();
} catch (err) {
  failed = true;
  console.error(`FAIL: ${err.stack ?? err}`);
  await shot("failure").catch(() => {});
} finally {
  await browser.close();
  codeServer.stop();
}
process.exitCode = failed ? 1 : 0;
