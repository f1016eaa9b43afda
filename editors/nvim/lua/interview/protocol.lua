-- The server's workspace/executeCommand names and argument shapes, mirrored
-- from src/server/protocol.rs (and editors/vscode/src/protocol.ts). Keep the
-- three in step: a renamed command here fails silently in the editor.

local M = {}

M.commands = {
  -- { difficulty?, framework?, topic?, dialog? } → the question; unless
  -- dialog = false the server then asks it with window/showMessageRequest.
  random = "interview.random",
  show = "interview.show", -- { id, open? } → the question; opens its answer page
  grade = "interview.grade", -- { id, rating = "again"|"hard"|"good"|"easy" } → next review
  search = "interview.search", -- { query, limit? } → [{ id, title, difficulty, frameworks, topics, score }]
  stats = "interview.stats", -- { open? } → { stats = { overall = { dueToday, seen, total, … }, … }, markdown, page }
  reset = "interview.reset", -- { id? } → { reset = count }
  topics = "interview.topics", -- {} → [{ topic, count }]
  snippets = "interview.snippets", -- {} → [{ id, title, framework, scope, questionId }]
  insert_snippet = "interview.insertSnippet", -- { id, uri, position } → workspace/applyEdit
}

M.difficulties = { "easy", "medium", "hard" }

return M
