// Bundles the extension and vscode-languageclient into one CommonJS file,
// and the practice panel's page into one script and stylesheet,
// so the .vsix ships without node_modules and loads fast.
// `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from "esbuild";

const production = process.argv.includes("--production");
const watch = process.argv.includes("--watch");

const options = {
  entryPoints: ["src/extension.ts"],
  bundle: true,
  outfile: "dist/extension.js",
  platform: "node",
  format: "cjs",
  // The oldest VS Code we support (1.91, see engines) runs Node 20.
  target: "node20",
  external: ["vscode"],
  sourcemap: !production,
  minify: production,
  logLevel: "info",
};

// The practice panel's page: its script and stylesheet (markdown-it, highlight.js), loaded by the webview.
const webview = {
  entryPoints: ["src/practice/webview/main.ts"],
  bundle: true,
  outfile: "dist/webview.js",
  platform: "browser",
  format: "iife",
  // Webviews run in VS Code's Chromium, as new as its Electron.
  target: "es2022",
  sourcemap: !production,
  minify: production,
  logLevel: "info",
};

if (watch) {
  await Promise.all([options, webview].map(async (o) => (await esbuild.context(o)).watch()));
} else {
  await Promise.all([options, webview].map((o) => esbuild.build(o)));
}
