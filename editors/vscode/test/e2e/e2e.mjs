// End-to-end test of the packaged extension in real VS Code (code-server),
// driven through Debian's Chromium with playwright-core. It checks what a
// person sees: the hover at `Depends`, the Random Question notification with
// its actions, the reviews-due status item, and a snippet inserted by the
// "Insert example" code action. Run by .ci/vscode-e2e.sh, which installs
// everything; screenshots go to $ARTIFACTS.
//
// Environment: INTERVIEW_LS_BIN, VSIX, SCRATCH (an empty folder), ARTIFACTS.
import * as fs from "node:fs";
import * as path from "node:path";
import { chromium } from "playwright-core";
import { serverCapabilities } from "./capabilities.mjs";
import { startCodeServer } from "./codeServer.mjs";
import { poll } from "./poll.mjs";

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

// Features a step may skip while the server does not offer them yet; a
// feature in REQUIRED fails instead.
const REQUIRED = new Set(["hover", "commands"]);
const capabilities = await serverCapabilities(server);
const commands = capabilities.executeCommandProvider?.commands ?? [];
function offered(feature, advertised, step) {
  if (advertised) return true;
  if (REQUIRED.has(feature)) fail(`the server does not advertise ${feature}, needed for ${step}`);
  console.log(`skip: ${step} (the server does not offer ${feature} yet)`);
  return false;
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
  // Through the keybinding, so the contributed shortcut is tested too.
  await page.locator(".monaco-editor .view-lines").first().click();
  await page.keyboard.press("Control+Alt+Q");
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

async function insertExample() {
  const before = (await editorText()).split("\n").length;
  const action = page.locator(".action-widget .monaco-list-row", { hasText: /Insert example: / });
  await poll("an Insert example code action", WAIT_MS, async () => {
    const { x, y } = await dependsPoint();
    await page.mouse.click(x, y);
    await page.keyboard.press("Control+.");
    const shown = await poll("the code action menu", 3000, () => action.count()).catch(() => 0);
    if (!shown) await page.keyboard.press("Escape");
    return shown;
  });
  const title = await action.first().innerText();
  await action.first().click();
  await poll("the inserted example", WAIT_MS, async () => (await editorText()).split("\n").length > before);
  await shot("insert-example");
  console.log(`ok: ${JSON.stringify(title.trim())} inserted ${(await editorText()).split("\n").length - before} lines`);
}

let failed = false;
try {
  await page.goto(`${codeServer.url}/?folder=${encodeURIComponent(workspace)}`);
  await page.locator(".monaco-workbench").waitFor({ timeout: WAIT_MS });
  await openFile("main.py");
  console.log("ok: main.py is open in code-server");
  if (offered("hover", capabilities.hoverProvider, "hover over Depends")) await hover();
  if (offered("commands", commands.includes("interview.random"), "Random Question")) await randomQuestion();
  if (offered("commands", commands.includes("interview.stats"), "reviews-due status item")) await statusItem();
  if (offered("code actions", capabilities.codeActionProvider, "Insert example code action")) await insertExample();
} catch (err) {
  failed = true;
  console.error(`FAIL: ${err.stack ?? err}`);
  await shot("failure").catch(() => {});
} finally {
  await browser.close();
  codeServer.stop();
}
process.exitCode = failed ? 1 : 0;
