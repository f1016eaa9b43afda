-- End-to-end test of the plugin in real, headless Neovim against the real
-- server. tests/editors.rs runs it as
--   nvim --headless --clean --cmd "set rtp^=editors/nvim" -c "luafile editors/nvim/tests/e2e.lua"
-- with INTERVIEW_LS_BIN (the binary cargo built) and INTERVIEW_TEST_WORKSPACE
-- (a copy of editors/fixtures/fastapi-app) in the environment.
-- Each step prints "ok: …" or "skip: …" on stderr; the first failure prints
-- "FAIL: …" and exits with status 1. Every wait polls against a deadline.

local TIMEOUT_MS = 20000
local POLL_MS = 20

-- Features a step may skip while the server does not advertise them yet,
-- with a message saying so. A feature listed in REQUIRED fails instead.
local REQUIRED = { hover = true, commands = true, ["code actions"] = true }

local function say(line)
  io.stderr:write(line .. "\n")
end

local function wait_for(what, predicate)
  if not vim.wait(TIMEOUT_MS, predicate, POLL_MS) then
    error(("timed out after %d ms waiting for %s"):format(TIMEOUT_MS, what), 2)
  end
end

local function supported(feature, advertised, step)
  if advertised then
    return true
  end
  if REQUIRED[feature] then
    error(("the server does not advertise %s, needed for %s"):format(feature, step), 2)
  end
  say(("skip: %s (the server does not offer %s yet)"):format(step, feature))
  return false
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
end

--- Puts the cursor on the first character of `needle` in the current buffer.
local function cursor_at(needle)
  for row, line in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    local col = line:find(needle, 1, true)
    if col then
      vim.api.nvim_win_set_cursor(0, { row, col - 1 })
      return
    end
  end
  error(("%q is not in the fixture"):format(needle))
end

--- Replaces vim.ui.select until the next call, recording what it was asked.
local function capture_select(pick)
  local seen = {}
  local original = vim.ui.select
  vim.ui.select = function(items, opts, on_choice)
    vim.ui.select = original
    seen.items, seen.opts = items, opts
    on_choice(pick(items))
  end
  return seen
end

--- A vim.ui.select answer: the first item whose `key` is `value`.
local function pick_where(key, value)
  return function(items)
    for _, item in ipairs(items) do
      if item[key] == value then
        return item
      end
    end
  end
end

--- Runs `body(errors)` with vim.notify also recording every error and
--- warning in `errors`, then puts vim.notify back (even when `body` fails)
--- and raises the body's error, if any.
local function recording_errors(body)
  local errors = {}
  local notify = vim.notify
  vim.notify = function(message, level, opts)
    if level == vim.log.levels.ERROR or level == vim.log.levels.WARN then
      table.insert(errors, message)
    end
    notify(message, level, opts)
  end
  local ok, err = pcall(body, errors)
  vim.notify = notify
  assert(ok, err)
end

--- Waits for `predicate`, failing at once when `errors` (from
--- recording_errors) is not empty; `who` names what reported them.
local function wait_without_errors(what, errors, who, predicate)
  wait_for(what, function()
    assert(#errors == 0, who .. " reported: " .. table.concat(errors, "\n"))
    return predicate()
  end)
end

local function command_list(client)
  local provider = client.server_capabilities.executeCommandProvider
  return type(provider) == "table" and provider.commands or {}
end

--- Whether the server offers `command` (see `supported`).
local function command_supported(client, command, step)
  return supported("commands", vim.tbl_contains(command_list(client), command), step)
end

local steps = {}

function steps.attach(t)
  local bin = assert(os.getenv("INTERVIEW_LS_BIN"), "INTERVIEW_LS_BIN is not set")
  require("interview").setup({ cmd = { bin } })
  local config = require("interview.lsp").config()
  assert(vim.deep_equal(config.filetypes, { "python" }), "lsp/interview_ls.lua was not loaded from 'runtimepath'")
  vim.cmd.edit(vim.fs.joinpath(assert(os.getenv("INTERVIEW_TEST_WORKSPACE")), "main.py"))
  t.bufnr = vim.api.nvim_get_current_buf()
  wait_for("interview_ls to attach", function()
    local client = vim.lsp.get_clients({ bufnr = t.bufnr, name = "interview_ls" })[1]
    t.client = client and client.initialized and client or nil
    return t.client ~= nil
  end)
  assert(t.client.config.cmd[1] == bin, "the client started " .. t.client.config.cmd[1])
  say(("ok: attached; root %s, encoding %s"):format(t.client.root_dir, t.client.offset_encoding))
end

function steps.hover(t)
  if not supported("hover", t.client.server_capabilities.hoverProvider, "hover over Depends") then
    return
  end
  cursor_at("Depends(get_settings)")
  vim.lsp.buf.hover()
  local text
  wait_for("the hover window", function()
    for _, win in ipairs(vim.api.nvim_list_wins()) do
      if vim.api.nvim_win_get_config(win).relative ~= "" then
        text = buffer_text(vim.api.nvim_win_get_buf(win))
        return true
      end
    end
  end)
  assert(text:lower():find("dependency injection", 1, true), "hover text:\n" .. text)
  vim.cmd("fclose!")
  say("ok: hover over Depends shows the dependency-injection answer")
end

--- The lines of `text` as a list, for comparing whole buffers.
local function lines_of(text)
  return vim.split(text, "\n", { plain = true })
end

--- Asserts that `after` keeps every line of `before`, imports the snippet's
--- names on the fixture's one `from fastapi import` line (merged, not
--- repeated), and contains `code`, a line of the snippet's own code.
local function assert_inserted(before, after, fastapi_import, code)
  for _, line in ipairs(before) do
    if not line:find("^from fastapi import ") then
      assert(after:find(line, 1, true), "the insert lost the line: " .. line .. "\n" .. after)
    end
  end
  assert(after:find(code, 1, true), ("no %q in:\n%s"):format(code, after))
  local _, imports = ("\n" .. after):gsub("\nfrom fastapi import ", "")
  assert(imports == 1, ("%d `from fastapi import` lines, not one merged line:\n%s"):format(imports, after))
  assert(
    vim.tbl_contains(lines_of(after), fastapi_import),
    ("the imports were not merged into %q:\n%s"):format(fastapi_import, after)
  )
end

--- Undoes the insert in one step and checks the buffer is as before.
local function undo_insert(bufnr, before, what)
  vim.api.nvim_buf_call(bufnr, function()
    vim.cmd("silent undo")
  end)
  local now = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  assert(vim.deep_equal(now, before), what .. " is not one undoable change; after one undo:\n" .. table.concat(now, "\n"))
end

-- The example the code action inserts at `Depends`, and what it must bring:
-- its imports joined to the fixture's `from fastapi import Depends, FastAPI`.
local ACTION_TITLE = "Insert example: SQLAlchemy session dependency (FastAPI)"
local ACTION_IMPORT = "from fastapi import Depends, FastAPI, HTTPException, status"
local ACTION_CODE = "def get_session() -> Iterator[Session]:"

function steps.insert_example(t)
  local step = "Insert example code action"
  if not supported("code actions", t.client.server_capabilities.codeActionProvider, step) then
    return
  end
  cursor_at("Depends(get_settings)")
  -- What the server offers here, asked directly, so a missing action fails
  -- with the list instead of a timeout.
  local params = vim.lsp.util.make_range_params(0, t.client.offset_encoding)
  params.context = { diagnostics = {}, only = { "refactor" } }
  local response = assert(t.client:request_sync("textDocument/codeAction", params, TIMEOUT_MS, t.bufnr))
  assert(not response.err, vim.inspect(response.err))
  local titles = {}
  for _, action in ipairs(response.result or {}) do
    table.insert(titles, action.title)
  end
  assert(
    vim.tbl_contains(titles, ACTION_TITLE),
    ("%q is not offered at Depends; offered:\n%s"):format(ACTION_TITLE, table.concat(titles, "\n"))
  )

  -- Through the user's path: vim.lsp.buf.code_action, which resolves the
  -- action's edit with codeAction/resolve and applies it.
  local before = vim.api.nvim_buf_get_lines(t.bufnr, 0, -1, false)
  recording_errors(function(errors)
    vim.lsp.buf.code_action({
      filter = function(action)
        return action.title == ACTION_TITLE
      end,
      apply = true,
    })
    wait_without_errors("the example to be inserted", errors, "the editor", function()
      return buffer_text(t.bufnr):find(ACTION_CODE, 1, true) ~= nil
    end)
  end)
  local after = buffer_text(t.bufnr)
  assert_inserted(before, after, ACTION_IMPORT, ACTION_CODE)
  say(("ok: %q inserted %d lines, imports merged into %q"):format(
    ACTION_TITLE,
    vim.api.nvim_buf_line_count(t.bufnr) - #before,
    ACTION_IMPORT
  ))
  undo_insert(t.bufnr, before, "the code action")
end

-- The example :InterviewInsert picks, and what it must bring.
local COMMAND_SNIPPET = "fastapi-health-check"
local COMMAND_IMPORT = "from fastapi import Depends, FastAPI, Response, status"
local COMMAND_CODE = "async def check_database() -> None:"

function steps.insert_command(t)
  local step = ":InterviewInsert"
  local commands = command_list(t.client)
  local advertised = vim.tbl_contains(commands, "interview.snippets")
    and vim.tbl_contains(commands, "interview.insertSnippet")
  if not supported("commands", advertised, step) then
    return
  end
  -- At the end of the file: a module-level example goes after the handler.
  vim.api.nvim_set_current_buf(t.bufnr)
  vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(t.bufnr), 0 })
  local before = vim.api.nvim_buf_get_lines(t.bufnr, 0, -1, false)
  local seen = capture_select(pick_where("id", COMMAND_SNIPPET))
  recording_errors(function(errors)
    vim.cmd("InterviewInsert")
    wait_without_errors("the snippet picker", errors, "the plugin", function()
      return seen.items ~= nil
    end)
    local ids = vim.tbl_map(function(s)
      return s.id
    end, seen.items)
    assert(vim.tbl_contains(ids, COMMAND_SNIPPET), "the picker lists: " .. table.concat(ids, ", "))
    assert(seen.opts.format_item(seen.items[1]) == seen.items[1].title, "items are not shown by title")
    wait_without_errors("the example to be inserted", errors, "the plugin", function()
      return buffer_text(t.bufnr):find(COMMAND_CODE, 1, true) ~= nil
    end)
  end)
  local after = buffer_text(t.bufnr)
  assert_inserted(before, after, COMMAND_IMPORT, COMMAND_CODE)
  -- Inserted after the last handler, not inside it.
  local last = before[#before]
  assert(after:find(last .. "\n\n\n", 1, true), "not inserted after the handler:\n" .. after)
  say(("ok: %s offered %d examples and inserted %q (%d lines), imports merged into %q"):format(
    step,
    #seen.items,
    COMMAND_SNIPPET,
    vim.api.nvim_buf_line_count(t.bufnr) - #before,
    COMMAND_IMPORT
  ))
  undo_insert(t.bufnr, before, ":InterviewInsert")
end

function steps.random(t)
  local step = ":InterviewRandom medium"
  if not command_supported(t.client, "interview.random", step) then
    return
  end
  -- The server asks through window/showMessageRequest, which Neovim hands to
  -- vim.ui.select; answering "Close" ends the practice flow.
  local seen = capture_select(pick_where("title", "Close"))
  vim.cmd("InterviewRandom medium")
  wait_for("the question's message request", function()
    return seen.opts ~= nil
  end)
  local titles = vim.tbl_map(function(a)
    return a.title
  end, seen.items)
  assert(seen.opts.kind == "lsp_message", "not a message request: " .. vim.inspect(seen.opts))
  assert(seen.opts.prompt:find("medium", 1, true), "not a medium question: " .. seen.opts.prompt)
  assert(vim.tbl_contains(titles, "Show answer"), "actions: " .. table.concat(titles, ", "))
  say(("ok: %s asked %q with actions %s"):format(step, seen.opts.prompt, table.concat(titles, " · ")))
end

function steps.search(t)
  local step = ":InterviewSearch Depends"
  if not command_supported(t.client, "interview.search", step) then
    return
  end
  local seen = capture_select(function() end)
  vim.cmd("InterviewSearch Depends")
  wait_for("the search results picker", function()
    return seen.items ~= nil
  end)
  local shown = vim.tbl_map(seen.opts.format_item, seen.items)
  local listed = table.concat(shown, "\n")
  assert(listed:lower():find("dependency injection", 1, true), "results:\n" .. listed)
  say(("ok: %s listed %d questions, first %q"):format(step, #shown, shown[1]))
end

function steps.stats(t)
  local step = ":InterviewStats"
  if not command_supported(t.client, "interview.stats", step) then
    return
  end
  local shown
  local original = vim.notify
  vim.notify = function(message, level)
    shown = message
    original(message, level)
  end
  vim.cmd("InterviewStats")
  wait_for("the stats notification", function()
    return shown ~= nil
  end)
  vim.notify = original
  assert(shown:find("^Interview practice\n"), "notification: " .. shown)
  say("ok: " .. step .. " shows " .. shown:gsub("\n", "; "))
end

function steps.checkhealth()
  vim.cmd("checkhealth interview")
  local text = buffer_text(0)
  wait_for("the health report", function()
    text = buffer_text(0)
    return text:find("bank:", 1, true) ~= nil
  end)
  assert(not text:find("ERROR", 1, true), "checkhealth reported an error:\n" .. text)
  assert(text:find("interview%-ls %d+%.%d+%.%d+"), "no server version in:\n" .. text)
  assert(text:find("bank: %d+ questions"), "no bank summary in:\n" .. text)
  say("ok: :checkhealth interview passes")
end

local order = { "attach", "hover", "insert_example", "insert_command", "random", "search", "stats", "checkhealth" }
local state = {}
for _, name in ipairs(order) do
  local ok, err = xpcall(steps[name], debug.traceback, state)
  if not ok then
    say(("FAIL: %s: %s"):format(name, err))
    say("client log: " .. vim.lsp.get_log_path())
    vim.cmd("cquit 1")
  end
end
vim.cmd("qall!")
