// The practice panel and the Interview view, as a person uses them: start a
// session from the command palette, read the question in the panel, reveal
// the answer, grade Good with a click, see the next card, the updated tree
// counts and the grade in progress.json and review-log.jsonl on disk, then
// open a question from the tree in the panel.
import * as fs from "node:fs";
import * as path from "node:path";
import { poll } from "./poll.mjs";

export function practiceSteps({ page, shot: screenshot, fail, waitMs, dataDir, palette }) {
  /** A screenshot with the pointer parked on the status bar, so no tooltip covers the panel. */
  const shot = async (name) => {
    await page.mouse.move(600, page.viewportSize().height - 8);
    await screenshot(name);
  };
  // The panel's page sits two frames deep: VS Code's webview host, then our document.
  const panel = page.frameLocator("iframe.webview.ready").frameLocator("#active-frame");
  const sidebarRow = (text) => page.locator(".sidebar .monaco-list-row", { hasText: text });
  const topicRow = (topic) =>
    page.locator(".sidebar .monaco-list-row").filter({ has: page.locator(".label-name", { hasText: new RegExp(`^\\s*${topic}\\s*$`) }) });

  async function openView() {
    await page.locator('.activitybar .action-label[aria-label^="Interview"]').first().click();
    // Wider than the default side bar, so the screenshots show each question's difficulty and status.
    const sidebar = await page.locator(".part.sidebar").boundingBox();
    await page.mouse.move(sidebar.x + sidebar.width + 1, sidebar.y + sidebar.height / 2);
    await page.mouse.down();
    await page.mouse.move(sidebar.x + sidebar.width + 200, sidebar.y + sidebar.height / 2, { steps: 5 });
    await page.mouse.up();
    // Topics come from interview.list, each with its counts.
    await poll("the Interview view's topics", waitMs, () => sidebarRow(/\d+ due · \d+\/\d+ seen/).count());
  }

  async function topicText(topic) {
    const row = topicRow(topic);
    await poll(`the topic ${topic} in the Interview view`, waitMs, () => row.count());
    return (await row.first().innerText()).replace(/\s+/g, " ").trim();
  }

  /** The card on screen: its id, title, topics and the counts above it. */
  async function card() {
    const article = panel.locator("article.card[data-id]");
    await poll("a question in the practice panel", waitMs, () => article.count());
    return {
      id: await article.getAttribute("data-id"),
      title: await article.locator(".title").innerText(),
      topics: (await article.getAttribute("data-topics")).split(" "),
      counts: await panel.locator(".counts").innerText(),
    };
  }

  function newCount(counts) {
    const match = /(\d+)\s*new/.exec(counts);
    return match ? Number(match[1]) : fail(`no new count in ${JSON.stringify(counts)}`);
  }

  async function practise() {
    await openView();
    await palette("Interview: Start Practice");
    const first = await card();
    const topic = first.topics[0];
    const before = await topicText(topic);
    await shot("practice-question");
    if (await panel.locator("section.answer").count()) fail("the answer shows before Show answer");
    console.log(`ok: the practice panel asks ${JSON.stringify(first.title)} (${first.counts.replace(/\s+/g, " ")})`);

    await panel.locator("button.reveal").click();
    const answer = panel.locator("section.answer .markdown");
    await poll("the answer after Show answer", waitMs, () => answer.count());
    const answerText = await answer.innerText();
    if (answerText.length < 200) fail(`the answer is ${JSON.stringify(answerText)}`);
    if (await panel.locator("pre.code").count()) {
      const tokens = await panel.locator("pre.code .hljs-keyword, pre.code .hljs-string").count();
      if (!tokens) fail("the answer's code blocks are not highlighted");
    }
    // The key points as a self-check: ticking two proposes a grade; the others are logged as missed.
    const boxes = panel.locator(".points input[type=checkbox]");
    const points = await boxes.count();
    if (points < 3) fail(`${points} key points to tick`);
    await boxes.nth(0).check();
    await boxes.nth(1).check();
    const proposal = (await panel.locator(".proposal").innerText()).trim();
    if (!new RegExp(`^2 of ${points} key points said: (Again|Hard|Good|Easy) proposed$`).test(proposal)) {
      fail(`after ticking two points the panel says ${JSON.stringify(proposal)}`);
    }
    const good = panel.locator(".grades button", { hasText: "Good" });
    const goodText = (await good.innerText()).replace(/\s+/g, " ");
    if (!/^Good \d+(m|h|d|mo|y)\b/.test(goodText)) fail(`the Good button says ${JSON.stringify(goodText)}, no interval`);
    await shot("practice-answer");
    const code = panel.locator("pre.code").first();
    if (await code.count()) {
      await code.scrollIntoViewIfNeeded();
      await shot("practice-answer-code");
      await panel.locator("article.card .title").scrollIntoViewIfNeeded();
    }
    console.log(`ok: Show answer reveals ${answerText.length} characters of answer; ${JSON.stringify(proposal)}; grades ${(await panel.locator(".grades").innerText()).replace(/\s+/g, " ")}`);

    await good.click();
    const notice = panel.locator(".notice");
    await poll("the next card after Good", waitMs, async () => {
      const id = await panel.locator("article.card[data-id]").getAttribute("data-id", { timeout: 1000 }).catch(() => null);
      return id && id !== first.id && (await notice.count());
    });
    const next = await card();
    const said = await notice.innerText();
    if (!/^Good\b/.test(said)) fail(`after Good the panel says ${JSON.stringify(said)}`);
    if (newCount(next.counts) !== newCount(first.counts) - 1) fail(`counts went from ${first.counts} to ${next.counts}`);
    await shot("practice-next");
    console.log(`ok: Good → ${JSON.stringify(said)}; next card ${JSON.stringify(next.title)} (${next.counts.replace(/\s+/g, " ")})`);

    checkProgress(first.id, points - 2);
    await undoAndRegradeWithKeys(first, next);

    // The tree refreshes after the grade: the topic has one more seen, the question is learning.
    const seen = (text) => Number(/(\d+)\/\d+ seen/.exec(text)?.[1]);
    const after = await poll(`the ${topic} counts after the grade`, waitMs, async () => {
      const text = await topicText(topic);
      return seen(text) === seen(before) + 1 && text;
    });
    console.log(`ok: the Interview view's ${topic} went from ${JSON.stringify(before)} to ${JSON.stringify(after)}`);
    return { graded: first, topic };
  }

  /**
   * The keys: `u` takes the grade back (the card returns, progress.json
   * forgets it), then Space and `3` grade it Good again.
   */
  async function undoAndRegradeWithKeys(first, next) {
    await panel.locator("article.card .title").click(); // keyboard focus into the panel's page
    await page.keyboard.press("u");
    await poll("the graded card back after u", waitMs, async () =>
      (await panel.locator("article.card[data-id]").getAttribute("data-id", { timeout: 1000 }).catch(() => null)) === first.id);
    const undone = await panel.locator(".notice").innerText();
    const progress = JSON.parse(fs.readFileSync(path.join(dataDir, "progress.json"), "utf8"));
    if (progress.cards?.[first.id]) fail(`after undo progress.json still holds ${first.id}: ${JSON.stringify(progress.cards[first.id])}`);
    console.log(`ok: u → ${JSON.stringify(undone)}; progress.json no longer holds ${first.id}`);
    await panel.locator("article.card .title").click();
    await page.keyboard.press("Space");
    await poll("the answer after Space", waitMs, () => panel.locator("section.answer").count());
    await page.keyboard.press("3");
    await poll("the next card after 3", waitMs, async () =>
      (await panel.locator("article.card[data-id]").getAttribute("data-id", { timeout: 1000 }).catch(() => null)) === next.id);
    checkProgress(first.id, 0);
    console.log("ok: Space shows the answer and 3 grades it Good again");
  }

  /** The card is learning after Good, and the log's last line is that grade with its seconds and `missed` points. */
  function checkProgress(id, missed) {
    const progress = JSON.parse(fs.readFileSync(path.join(dataDir, "progress.json"), "utf8"));
    const saved = progress.cards?.[id];
    if (saved?.state !== "learning" || saved.lastRating !== "good") {
      fail(`progress.json holds ${JSON.stringify(saved)} for ${id}, not a learning card graded good`);
    }
    const log = fs.readFileSync(path.join(dataDir, "review-log.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
    const entry = log.at(-1);
    if (entry?.id !== id || entry.rating !== "good" || !(entry.seconds > 0) || (entry.missed ?? []).length !== missed) {
      fail(`the review log ends with ${JSON.stringify(entry)}, not ${id} graded good with its seconds and ${missed} points missed`);
    }
    console.log(`ok: progress.json has ${id} learning, due ${saved.due}; the review log took ${entry.seconds} s, ${missed} key points missed`);
  }

  async function openFromTree({ graded, topic }) {
    await topicRow(topic).first().click();
    const gradedRow = sidebarRow(graded.title.slice(0, 40));
    await poll(`${JSON.stringify(graded.title)} under ${topic}`, waitMs, async () =>
      (await gradedRow.count()) && /learning/.test(await gradedRow.first().innerText()));
    const other = sidebarRow(/ · new\s*$/).first();
    await poll(`a new question under ${topic}`, waitMs, () => other.count());
    const title = (await other.locator(".label-name").innerText()).trim();
    await shot("tree");
    console.log(`ok: under ${topic} the graded question reads ${JSON.stringify((await gradedRow.first().innerText()).replace(/\s+/g, " "))}`);
    await other.click();
    await poll(`${JSON.stringify(title)} opened in the panel`, waitMs, async () => {
      const shown = await panel.locator("article.card .title").innerText({ timeout: 1000 }).catch(() => "");
      return shown === title;
    });
    if (!(await panel.locator("article.card", { hasText: "Opened by hand" }).count())) fail("the opened question is not marked as opened by hand");
    await shot("practice-opened");
    console.log(`ok: clicking ${JSON.stringify(title)} in the tree opens it in the practice panel`);
  }

  /** ▶ on a topic practises that topic; the filter stays when the panel is closed and opened again. */
  async function practiseTopic(topic) {
    const row = topicRow(topic).first();
    await row.hover();
    await row.locator('.action-label[aria-label="Practise This Topic"]').click();
    const filter = panel.locator(".bar button", { hasText: `Filter: ${topic}` });
    await poll(`the panel filtered to ${topic}`, waitMs, () => filter.count());
    const shown = await card();
    if (!shown.topics.includes(topic)) fail(`practising ${topic} shows ${shown.id} on ${shown.topics.join(", ")}`);
    console.log(`ok: Practise This Topic on ${topic} → ${JSON.stringify(shown.title)}`);
    const tab = page.locator(".tab", { hasText: "Interview Practice" });
    await tab.click();
    await palette("View: Close Editor");
    await poll("the practice panel closed", waitMs, async () => !(await tab.count()));
    await palette("Interview: Start Practice");
    await poll(`the filter ${topic} remembered`, waitMs, () => filter.count());
    await shot("practice-topic");
    console.log(`ok: closed and reopened, the panel still practises ${topic}`);
  }

  /** `s` skips card after card until the session is done for now, and says when the next review is. */
  async function skipToDone() {
    const done = panel.locator("article.card.done");
    const shownId = () => panel.locator("article.card[data-id]").getAttribute("data-id", { timeout: 1000 }).catch(() => null);
    let skipped = 0;
    for (; skipped < 40 && !(await done.count()); skipped++) {
      const id = await shownId();
      await panel.locator("article.card .title").click();
      await page.keyboard.press("s");
      await poll(`the card after skipping ${id}`, waitMs, async () => (await done.count()) || (await shownId()) !== id);
    }
    if (!(await done.count())) fail(`still not done after ${skipped} skips`);
    const message = await done.locator(".title").innerText();
    if (!/^Done for now/.test(message)) fail(`the session ends with ${JSON.stringify(message)}`);
    await shot("practice-done");
    const progress = JSON.parse(fs.readFileSync(path.join(dataDir, "progress.json"), "utf8"));
    const buried = Object.keys(progress.buried ?? {}).length;
    if (buried < skipped) fail(`${skipped} skips but ${buried} buried in progress.json`);
    console.log(`ok: ${skipped} skips with s, then ${JSON.stringify((await done.innerText()).replace(/\s+/g, " "))}`);
  }

  return async () => {
    const practised = await practise();
    await openFromTree(practised);
    await practiseTopic(practised.topic);
    await skipToDone();
  };
}
