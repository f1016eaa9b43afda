-- The server's workspace/executeCommand names, argument shapes and
-- settings, mirrored from src/server/protocol.rs and src/server/config.rs
-- (and editors/vscode/src/protocol.ts). Keep them in step: a renamed
-- command here fails silently in the editor.
--
-- Every command takes one JSON object. A Lua table with no keys encodes as
-- `[]`, so lsp.exec() sends vim.empty_dict() for an empty argument.

local M = {}

M.commands = {
  -- { difficulty?, framework?, topic?, keywords?, dialog? } → the question; unless
  -- dialog = false the server then asks it with window/showMessageRequest.
  random = "interview.random",
  show = "interview.show", -- { id, open? } → the question; opens its answer page
  -- { id, rating = "again"|"hard"|"good"|"easy", seconds?, said?, session? } → { message, counts, next }
  grade = "interview.grade",
  -- { difficulty?, framework?, topic?, keywords?, newPerDay?, until?, minutes? } → either
  -- status = "card" (id, counts, previews, question, proposals, message) or "done" (message, nextDue)
  next = "interview.next",
  skip = "interview.skip", -- { id, session? } → { skipped, message, counts, next }
  undo = "interview.undo", -- { session? } → { undone, message, counts, next }
  plan = "interview.plan", -- { until?, minutes?, difficulty?, framework?, topic? } → { text, whatIf, … }
  -- { difficulty?, framework?, topic? } → { questions = [{ id, title, difficulty, standing, due, … }],
  -- topics = [{ topic, total, new, learning, due, learned }], counts, message = "3 due · 10 new · 0 learning" }
  list = "interview.list",
  search = "interview.search", -- { query, limit? } → [{ id, title, difficulty, frameworks, topics, score }]
  stats = "interview.stats", -- { open? } → { stats = { overall = { dueToday, seen, total, … }, … }, markdown, page }
  reset = "interview.reset", -- { id? } → { reset = count }
  topics = "interview.topics", -- {} → [{ topic, description, count }]
  snippets = "interview.snippets", -- {} → [{ id, title, framework, scope, questionId }]
  insert_snippet = "interview.insertSnippet", -- { id, uri, position } → workspace/applyEdit
}

M.difficulties = { "easy", "medium", "hard" }
M.frameworks = { "flask", "fastapi", "general" }

-- The settings the server reads from initializationOptions, in the order
-- its warnings list them, with the Lua value each one takes.
M.settings = {
  { name = "questionPaths", kind = "list of folder paths" },
  { name = "diagnostics", kind = "boolean" },
  { name = "codeLens", kind = "boolean" },
  { name = "dataDir", kind = "string" },
  { name = "hover", kind = "boolean" },
  { name = "exampleActions", kind = "boolean" },
  { name = "newPerDay", kind = "number" },
  { name = "interviewDate", kind = "string (YYYY-MM-DD)" },
  { name = "dailyMinutes", kind = "number" },
  { name = "learningSteps", kind = "list of minutes" },
  { name = "relearningSteps", kind = "list of minutes" },
}

-- Settings may also be nested under one of these keys.
M.setting_sections = { "interviewLs", "interview-ls", "interview_ls" }

return M
