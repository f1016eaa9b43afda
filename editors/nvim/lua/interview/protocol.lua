-- The server's workspace/executeCommand names and argument shapes, mirrored
-- from src/server/protocol.rs (and editors/vscode/src/protocol.ts). Keep the
-- three in step: a renamed command here fails silently in the editor.

local M = {}

M.commands = {
  random = "interview.random", -- { difficulty?, topic? } → question JSON; asks via showMessageRequest
  show = "interview.show", -- { id } → question JSON with answer
  grade = "interview.grade", -- { id, rating } → next review
  search = "interview.search", -- { query, limit? } → [question summary]
  stats = "interview.stats", -- {} → { due, ... }
  reset = "interview.reset", -- {} → progress cleared
  topics = "interview.topics", -- {} → [topic]
  snippets = "interview.snippets", -- {} → [{ id, title, ... }]
  insert_snippet = "interview.insertSnippet", -- { id, uri, position } → workspace/applyEdit
}

M.difficulties = { "easy", "medium", "hard" }

return M
