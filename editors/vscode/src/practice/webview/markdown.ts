/**
 * Bank Markdown to HTML for the practice panel: markdown-it with raw HTML
 * off (bank text is data, never markup), links only to http(s) and mailto,
 * no images (the panel loads nothing remote), and code blocks highlighted
 * by highlight.js with the languages the bank uses.
 */

import hljs from "highlight.js/lib/core";
import bash from "highlight.js/lib/languages/bash";
import dockerfile from "highlight.js/lib/languages/dockerfile";
import http from "highlight.js/lib/languages/http";
import ini from "highlight.js/lib/languages/ini";
import json from "highlight.js/lib/languages/json";
import nginx from "highlight.js/lib/languages/nginx";
import plaintext from "highlight.js/lib/languages/plaintext";
import python from "highlight.js/lib/languages/python";
import sql from "highlight.js/lib/languages/sql";
import yaml from "highlight.js/lib/languages/yaml";
import MarkdownIt from "markdown-it";

for (const [name, language] of Object.entries({ bash, dockerfile, http, ini, json, nginx, plaintext, python, sql, yaml })) {
  hljs.registerLanguage(name, language);
}
hljs.registerAliases(["toml"], { languageName: "ini" });
hljs.registerAliases(["text", "markdown"], { languageName: "plaintext" });

/**
 * The bank's runner lines (`# test: GET / -> 200`) drive its test suite and
 * mean nothing to a reader; the server's terminal renderer drops them too
 * (`snippet_code::is_test_line`).
 */
function isTestLine(line: string): boolean {
  return /^\s*#\s*test:/.test(line);
}

const md: MarkdownIt = new MarkdownIt({
  html: false,
  linkify: false,
  typographer: false,
  highlight(code, info) {
    // The info string may carry the bank's attributes (`python snippet id=… title="…"`): the first word is the language.
    const language = info.trim().split(/\s+/)[0]?.toLowerCase() ?? "";
    const shown = code
      .split("\n")
      .filter((line) => !isTestLine(line))
      .join("\n")
      .replace(/\n+$/, "\n");
    const lang = hljs.getLanguage(language) ? language : "plaintext";
    const html = hljs.highlight(shown, { language: lang, ignoreIllegals: true }).value;
    return `<pre class="code"><code class="hljs language-${md.utils.escapeHtml(lang)}">${html}</code></pre>`;
  },
});
md.disable("image");
md.validateLink = (url: string) => /^(https?:|mailto:)/i.test(url.trim());

export function renderMarkdown(text: string): string {
  return md.render(text);
}

/** One line of Markdown (the short answer) without a wrapping paragraph. */
export function renderInline(text: string): string {
  return md.renderInline(text);
}
