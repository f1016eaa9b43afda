// Type-aware linting for the extension sources; the bundle and dependencies are not ours to lint.
import js from "@eslint/js";
import tseslint from "typescript-eslint";

export default tseslint.config(
  { ignores: ["dist/", "node_modules/", "test/e2e/node_modules/", "*.vsix"] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked.map((config) => ({ ...config, files: ["src/**/*.ts"] })),
  {
    files: ["src/**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Unhandled promise rejections in an extension host are silent; make every one explicit.
      "@typescript-eslint/no-floating-promises": "error",
      eqeqeq: "error",
    },
  },
  {
    files: ["**/*.mjs"],
    // Node scripts (the build and the e2e test); listed here rather than pulling in the `globals` package.
    languageOptions: {
      globals: Object.fromEntries(
        ["process", "console", "URL", "Buffer", "fetch", "setTimeout", "clearTimeout"].map((name) => [name, "readonly"]),
      ),
    },
  },
  {
    // The functions passed to page.evaluate run in the browser page.
    files: ["test/e2e/e2e.mjs"],
    languageOptions: { globals: { document: "readonly", NodeFilter: "readonly" } },
  },
);
