/**
 * The practice panel's page. It draws what the extension sends (checked by
 * `toWebview`) and sends back only the messages `fromWebview` accepts. Keys:
 * Space reveals the answer, 1–4 grade, Enter takes the proposed grade, u
 * undoes, s skips, f changes the filter.
 * Text goes in with textContent; only markdown-it's output (raw HTML off) is
 * set as HTML.
 */

import type { Preview, Rating } from "../../protocol";
import { type FromWebview, type PanelHeader, type PanelView, RATINGS, type ToWebview, toWebview } from "../messages";
import { renderInline, renderMarkdown } from "./markdown";
import "./style.css";

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): unknown;
  setState(state: unknown): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const app = document.getElementById("app") as HTMLElement;

const LABELS: Record<Rating, string> = { again: "Again", hard: "Hard", good: "Good", easy: "Easy" };

let current: Extract<ToWebview, { type: "show" }> | undefined;
/** The card whose answer is shown; kept in the webview's state so it survives the panel being hidden. */
let revealedId: string | null = (() => {
  const state = vscode.getState() as { revealedId?: unknown } | undefined;
  return typeof state?.revealedId === "string" ? state.revealedId : null;
})();

type Child = Node | string | null | undefined | false;

function el(tag: string, props: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(props)) {
    if (key === "class") node.className = value;
    else node.setAttribute(key, value);
  }
  for (const child of children) {
    if (child) node.append(child);
  }
  return node;
}

function markdown(className: string, text: string): HTMLElement {
  const node = el("div", { class: `markdown ${className}` });
  node.innerHTML = renderMarkdown(text);
  return node;
}

/** The key points ticked as said on the card on screen; `touched` once the user used the checklist. */
let ticked = new Set<number>();
let touched = false;

/** The key points as a checklist: what an interviewer listens for. Ticking them proposes a grade. */
function pointList(points: string[]): HTMLElement {
  const list = el("ol", { class: "markdown checklist" });
  points.forEach((point, index) => {
    const box = el("input", { type: "checkbox", "aria-label": `Said point ${index + 1}` }) as HTMLInputElement;
    box.checked = ticked.has(index);
    box.addEventListener("change", () => {
      touched = true;
      if (box.checked) ticked.add(index);
      else ticked.delete(index);
      showProposal();
    });
    const text = el("span");
    text.innerHTML = renderInline(point);
    list.append(el("li", {}, el("label", {}, box, text)));
  });
  return list;
}

/** The grade the ticked points propose (`proposals[k]`), or Good before the checklist is used. */
function proposed(view: Extract<PanelView, { kind: "card" }>): Rating {
  return (touched && view.proposals[ticked.size]) || "good";
}

/** Marks the proposed grade after a tick, without redrawing the answer the user is reading. */
function showProposal(): void {
  if (current?.view.kind !== "card") return;
  const view = current.view;
  const rating = proposed(view);
  app.querySelectorAll<HTMLButtonElement>(".grades button").forEach((b) => {
    b.classList.toggle("primary", b.dataset.rating === rating);
    b.classList.toggle("secondary", b.dataset.rating !== rating);
  });
  const note = app.querySelector(".proposal");
  if (note) {
    note.textContent = touched ? `${ticked.size} of ${view.question.points.length} key points said: ${LABELS[rating]} proposed` : "";
  }
}

function gradeMessage(id: string, rating: Rating, points: number): FromWebview {
  return touched && points > 0 ? { type: "grade", id, rating, said: [...ticked].sort((a, b) => a - b) } : { type: "grade", id, rating };
}

function button(label: string, message: FromWebview, options: { key?: string; primary?: boolean; hint?: string; disabled?: boolean } = {}) {
  const node = el(
    "button",
    { class: options.primary ? "primary" : "secondary", type: "button", "data-message": message.type },
    el("span", { class: "label" }, label),
    options.hint ? el("span", { class: "hint" }, options.hint) : null,
    options.key ? el("kbd", {}, options.key) : null,
  ) as HTMLButtonElement;
  node.disabled = options.disabled ?? false;
  if (options.key) node.title = `${label} (${options.key})`;
  node.addEventListener("click", () => send(message.type === "grade" ? gradeMessage(message.id, message.rating, pointCount()) : message));
  return node;
}

function pointCount(): number {
  return current?.view.kind === "card" ? current.view.question.points.length : 0;
}

function send(message: FromWebview): void {
  if (message.type === "grade" || message.type === "skip" || message.type === "undo") {
    // Whatever comes next, even the same question again (Again, undo), starts with its answer hidden and unticked.
    revealedId = null;
    ticked = new Set();
    touched = false;
    vscode.setState({ revealedId });
  }
  vscode.postMessage(message);
}

function countsBar(header: PanelHeader): HTMLElement {
  const counts = header.counts;
  return el(
    "header",
    { class: "bar" },
    counts
      ? el(
          "div",
          { class: "counts", "aria-label": "Left today" },
          el("span", { class: "count due" }, el("b", {}, String(counts.due)), " due"),
          el("span", { class: "count new" }, el("b", {}, String(counts.new)), " new"),
          el("span", { class: "count learning" }, el("b", {}, String(counts.learning)), " learning"),
        )
      : el("div", { class: "counts" }),
    button(`Filter: ${header.filter || "All questions"}`, { type: "filter" }, { key: "f" }),
  );
}

function planLine(header: PanelHeader): HTMLElement | null {
  const plan = header.plan;
  if (!plan) return null;
  const recall = `expected recall ${Math.round(plan.expectedRecall * 100)}%`;
  const text = `Interview ${plan.interviewDate} · ${plan.cards} cards · ${plan.minutesPerDay} min a day · ${recall}`;
  return el("div", { class: plan.feasible ? "plan" : "plan warning" }, text, plan.shortfall ? el("div", {}, plan.shortfall) : null);
}

function interval(previews: Preview[], rating: Rating): string | undefined {
  return previews.find((p) => p.rating === rating)?.interval;
}

function cardView(view: Extract<PanelView, { kind: "card" }>, header: PanelHeader): HTMLElement[] {
  const q = view.question;
  const revealed = revealedId === q.id;
  const state = view.early ? `${view.state}, early` : view.state;
  const meta = [q.difficulty, q.frameworks.join(", "), q.topics.join(", "), state].filter((s) => s !== "").join(" · ");
  const card = el(
    "article",
    { class: "card", "data-id": q.id, "data-topics": q.topics.join(" ") },
    el("div", { class: "meta" }, meta),
    el("h1", { class: "title" }, q.title),
    view.opened ? el("p", { class: "muted" }, "Opened by hand: grading it records a review, then the session goes on.") : null,
  );
  if (revealed) {
    card.append(
      el("section", { class: "short" }, el("h2", {}, "In short"), markdown("short-text", q.short)),
      q.points.length ? el("section", { class: "points" }, el("h2", {}, "Key points — tick what you said"), pointList(q.points)) : "",
      el("section", { class: "answer" }, el("h2", {}, "Answer"), markdown("answer-text", q.answer)),
    );
  }
  const actions = el("nav", { class: "actions", "aria-label": "Answer" });
  if (revealed) {
    const grades = el("div", { class: "grades" });
    const best = proposed(view);
    RATINGS.forEach((rating, i) => {
      const b = button(LABELS[rating], { type: "grade", id: q.id, rating }, { key: String(i + 1), hint: interval(view.previews, rating), primary: rating === best });
      b.dataset.rating = rating;
      grades.append(b);
    });
    if (q.points.length) actions.append(el("div", { class: "proposal muted", role: "status" }));
    actions.append(grades);
  } else {
    const reveal = el("button", { class: "primary reveal", type: "button" }, el("span", { class: "label" }, "Show answer"), el("kbd", {}, "Space"));
    reveal.addEventListener("click", () => revealAnswer());
    actions.append(reveal);
  }
  actions.append(
    el(
      "div",
      { class: "more" },
      button("Skip", { type: "skip", id: q.id }, { key: "s" }),
      button("Undo", { type: "undo" }, { key: "u", disabled: !header.canUndo }),
    ),
  );
  return [card, actions];
}

function doneView(view: Extract<PanelView, { kind: "done" }>, header: PanelHeader): HTMLElement[] {
  const when = view.nextDue ? new Date(view.nextDue) : null;
  const valid = when && !Number.isNaN(when.getTime());
  return [
    el(
      "article",
      { class: "card done" },
      el("h1", { class: "title" }, view.message),
      valid
        ? el("p", {}, "Next review: ", el("time", { datetime: view.nextDue ?? "" }, when.toLocaleString(undefined, { dateStyle: "full", timeStyle: "short" })))
        : null,
      view.newWaiting > 0 ? el("p", { class: "muted" }, `${view.newWaiting} new questions wait for the next days' limit.`) : null,
    ),
    el(
      "nav",
      { class: "actions" },
      el(
        "div",
        { class: "more" },
        button("Check again", { type: "continue" }, { primary: true }),
        button("Change filter", { type: "filter" }, { key: "f" }),
        button("Undo", { type: "undo" }, { key: "u", disabled: !header.canUndo }),
      ),
    ),
  ];
}

function errorView(view: Extract<PanelView, { kind: "error" }>): HTMLElement[] {
  return [
    el("article", { class: "card error" }, el("p", { class: "error-text" }, view.message)),
    el("nav", { class: "actions" }, el("div", { class: "more" }, button("Try again", { type: "continue" }, { primary: true }), button("Change filter", { type: "filter" }, { key: "f" }))),
  ];
}

function render(): void {
  if (!current) return;
  const { header, view } = current;
  const body =
    view.kind === "card"
      ? cardView(view, header)
      : view.kind === "done"
        ? doneView(view, header)
        : view.kind === "error"
          ? errorView(view)
          : [el("p", { class: "muted" }, "Loading…")];
  app.replaceChildren(
    countsBar(header),
    planLine(header) ?? "",
    header.notice ? el("div", { class: "notice", role: "status" }, header.notice) : "",
    ...body,
  );
  document.body.classList.remove("busy");
}

function revealAnswer(): void {
  if (current?.view.kind !== "card" || revealedId === current.view.question.id) return;
  revealedId = current.view.question.id;
  vscode.setState({ revealedId });
  render();
  // Keyboard users go on with the keys; the grades stay at the bottom of the window.
  app.querySelector<HTMLButtonElement>(".grades button.primary")?.focus({ preventScroll: true });
}

window.addEventListener("message", (event: MessageEvent) => {
  const message = toWebview(event.data);
  if (!message) return;
  if (message.type === "busy") {
    document.body.classList.add("busy");
    return;
  }
  const previous = current?.view.kind === "card" ? current.view.question.id : null;
  current = message;
  if (message.view.kind !== "card" || message.view.question.id !== previous) {
    // Another question (e.g. opened from the tree): the ticks were for the one before.
    ticked = new Set();
    touched = false;
    window.scrollTo(0, 0);
  }
  render();
});

document.addEventListener("keydown", (event) => {
  if (event.ctrlKey || event.metaKey || event.altKey || !current || document.body.classList.contains("busy")) return;
  const key = event.key.toLowerCase();
  // Space on a key point's checkbox ticks it; Enter there still takes the proposed grade.
  const inField = event.target instanceof HTMLElement && ["INPUT", "TEXTAREA", "SELECT"].includes(event.target.tagName);
  if (inField && key !== "enter") return;
  const view = current.view;
  const card = view.kind === "card" ? view.question.id : null;
  if ((key === " " || key === "enter") && card && revealedId !== card) {
    event.preventDefault();
    revealAnswer();
  } else if (key === "enter" && card && revealedId === card && view.kind === "card" && !(event.target instanceof HTMLButtonElement)) {
    // Enter takes the proposed grade (Good until key points are ticked); on a button, Enter presses that button.
    event.preventDefault();
    send(gradeMessage(card, proposed(view), pointCount()));
  } else if (["1", "2", "3", "4"].includes(key) && card && revealedId === card) {
    event.preventDefault();
    send(gradeMessage(card, RATINGS[Number(key) - 1], pointCount()));
  } else if (key === "s" && card) {
    send({ type: "skip", id: card });
  } else if (key === "u" && current.header.canUndo) {
    send({ type: "undo" });
  } else if (key === "f") {
    send({ type: "filter" });
  }
});

send({ type: "ready" });
