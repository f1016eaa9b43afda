-- End-to-end test of the plugin in real, headless Neovim against the real
-- server. tests/editors.rs runs it as
--   nvim --headless --clean --cmd "set rtp^=editors/nvim" -c "luafile editors/nvim/tests/e2e.lua"
-- with INTERVIEW_LS_BIN (the binary cargo built), INTERVIEW_TEST_WORKSPACE
-- (a copy of editors/fixtures/fastapi-app) and INTERVIEW_TEST_SCENARIO in
-- the environment:
--   main             every :Interview* command, bare and in every argument
--                    form :help interview documents, plus hover, code
--                    actions, :help and :checkhealth;
--   missing-binary   `cmd` names no program: one warning, then each command
--                    says so;
--   unknown-setting  misspelt and mistyped settings: one warning each;
--   bank-file        a Markdown file inside `questionPaths` gets the server.
-- Everything the user would see is recorded from the start: vim.notify,
-- window/showMessage, window/logMessage, v:errmsg and :messages. After
-- every step the test fails on any error or warning the step did not
-- expect. Each step prints "ok: …" on stderr; the first failure prints
-- "FAIL: …" and exits with status 1. Every wait polls against a deadline.

local TIMEOUT_MS = 20000
local POLL_MS = 20

local SCENARIO = os.getenv("INTERVIEW_TEST_SCENARIO") or "main"
local BIN = assert(os.getenv("INTERVIEW_LS_BIN"), "INTERVIEW_LS_BIN is not set")
local WORKSPACE = assert(os.getenv("INTERVIEW_TEST_WORKSPACE"), "INTERVIEW_TEST_WORKSPACE is not set")
-- editors/nvim, from this file's path (editors/nvim/tests/e2e.lua).
local PLUGIN = vim.fs.dirname(vim.fs.dirname(vim.fn.fnamemodify(debug.getinfo(1, "S").source:sub(2), ":p")))
local HELP_FILE = vim.fs.joinpath(PLUGIN, "doc", "interview.txt")
local README = vim.fs.joinpath(vim.fs.dirname(PLUGIN), "README.md")

local WARN, ERROR = vim.log.levels.WARN, vim.log.levels.ERROR
local MESSAGE_TYPE = vim.lsp.protocol.MessageType

local lsp = require("interview.lsp")
local protocol = require("interview.protocol")

local function say(line)
  io.stderr:write(line .. "\n")
end

local function read(path)
  local file = assert(io.open(path, "r"))
  local text = file:read("*a")
  file:close()
  return text
end

local function buffer_text(bufnr)
  return table.concat(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false), "\n")
end

local function lines_of(text)
  return vim.split(text, "\n", { plain = true })
end

-- What the user would have seen --------------------------------------------

local seen = {
  notes = {}, -- every vim.notify call: { message, level }
  shown = {}, -- every window/showMessage: { type, message }
  logged = {}, -- every window/logMessage: { type, message }
  unexpected = {}, -- pickers and prompts no step asked for
}

vim.notify = function(message, level)
  table.insert(seen.notes, { message = tostring(message), level = level or vim.log.levels.INFO })
end

for _, method in ipairs({ "window/showMessage", "window/logMessage" }) do
  local list = method == "window/showMessage" and seen.shown or seen.logged
  local original = vim.lsp.handlers[method]
  vim.lsp.handlers[method] = function(err, params, ctx, config)
    table.insert(list, { type = params.type, message = params.message })
    return original(err, params, ctx, config)
  end
end

-- Where each list was last checked.
local marks = { notes = 0, shown = 0, logged = 0, unexpected = 0 }

local function since(key)
  local list, new = seen[key], {}
  for i = marks[key] + 1, #list do
    table.insert(new, list[i])
  end
  marks[key] = #list
  return new
end

local LEVEL_NAMES = { [WARN] = "WARN", [ERROR] = "ERROR" }

-- Lines of :messages that are errors or warnings (vim.notify is replaced
-- above, so only what bypasses it lands there).
local MESSAGE_PATTERNS = { "^E%d+:", "^W%d+:", "^Error", "%[Error%]", "%[Warning%]", "stack traceback" }

--- Every error and warning the user saw since the last call, as lines;
--- notes at WARN/ERROR come back separately so a step can expect some.
---@return string[] problems, table[] notes
local function collect()
  local problems, notes = {}, {}
  for _, note in ipairs(since("notes")) do
    if note.level >= WARN then
      table.insert(notes, note)
    end
  end
  for _, message in ipairs(since("shown")) do
    if message.type == MESSAGE_TYPE.Error or message.type == MESSAGE_TYPE.Warning then
      table.insert(problems, ("window/showMessage %s: %s"):format(MESSAGE_TYPE[message.type], message.message))
    end
  end
  for _, message in ipairs(since("logged")) do
    if message.type == MESSAGE_TYPE.Error or message.type == MESSAGE_TYPE.Warning then
      table.insert(problems, ("window/logMessage %s: %s"):format(MESSAGE_TYPE[message.type], message.message))
    end
  end
  for _, what in ipairs(since("unexpected")) do
    table.insert(problems, what)
  end
  if vim.v.errmsg ~= "" then
    table.insert(problems, "v:errmsg: " .. vim.v.errmsg)
    vim.v.errmsg = ""
  end
  local messages = vim.api.nvim_exec2("messages", { output = true }).output
  for _, line in ipairs(lines_of(messages)) do
    for _, pattern in ipairs(MESSAGE_PATTERNS) do
      if line:find(pattern) then
        table.insert(problems, ":messages: " .. line)
        break
      end
    end
  end
  vim.cmd("messages clear")
  return problems, notes
end

local function describe_notes(notes)
  return table.concat(
    vim.tbl_map(function(note)
      return ("vim.notify %s: %s"):format(LEVEL_NAMES[note.level] or note.level, note.message)
    end, notes),
    "\n"
  )
end

--- Fails unless the user saw no error or warning since the last check
--- apart from `expected`: one vim.notify at `level` per Lua pattern, in
--- order. Returns the expected notes' messages.
---@param step string
---@param level? integer
---@param expected? string[]
local function assert_quiet(step, level, expected)
  expected = expected or {}
  local problems, notes = collect()
  local ok = #problems == 0 and #notes == #expected
  for i, pattern in ipairs(expected) do
    ok = ok and notes[i].level == level and notes[i].message:find(pattern) ~= nil
  end
  if not ok then
    error(
      ("%s: expected %d %s notification(s) matching %s, and nothing else; the user saw:\n%s\n%s"):format(
        step,
        #expected,
        LEVEL_NAMES[level] or "",
        vim.inspect(expected),
        describe_notes(notes),
        table.concat(problems, "\n")
      ),
      2
    )
  end
  return vim.tbl_map(function(note)
    return note.message
  end, notes)
end

--- Waits for `predicate`; fails at once when an error or warning appears.
local function wait_for(what, predicate)
  local count = #seen.notes
  local failure
  local ok = vim.wait(TIMEOUT_MS, function()
    for i = count + 1, #seen.notes do
      if seen.notes[i].level >= WARN then
        failure = describe_notes({ seen.notes[i] })
        return true
      end
    end
    return predicate()
  end, POLL_MS)
  if failure then
    error(("while waiting for %s the user saw:\n%s"):format(what, failure), 2)
  end
  if not ok then
    error(("timed out after %d ms waiting for %s"):format(TIMEOUT_MS, what), 2)
  end
end

--- Lets pending callbacks and server messages arrive (for "nothing else
--- happens" checks).
local function settle(ms)
  vim.wait(ms or 300, function()
    return false
  end, POLL_MS)
end

-- Scripted pickers --------------------------------------------------------

local answers = { select = {}, input = {} }

--- Queues answers for the next vim.ui.select calls: each a function(items,
--- opts) returning the choice. A picker with no answer queued is a failure.
local function answer_select(...)
  vim.list_extend(answers.select, { ... })
end

local function answer_input(...)
  vim.list_extend(answers.input, { ... })
end

local pickers = {} -- every vim.ui.select call: { items, opts }

vim.ui.select = function(items, opts, on_choice)
  table.insert(pickers, { items = items, opts = opts })
  local answer = table.remove(answers.select, 1)
  if not answer then
    table.insert(seen.unexpected, "unexpected vim.ui.select: " .. tostring(opts.prompt))
    return on_choice(nil)
  end
  on_choice(answer(items, opts))
end

vim.ui.input = function(opts, on_confirm)
  local answer = table.remove(answers.input, 1)
  if not answer then
    table.insert(seen.unexpected, "unexpected vim.ui.input: " .. tostring(opts.prompt))
    return on_confirm(nil)
  end
  on_confirm(answer)
end

--- A vim.ui.select answer: the first item whose `key` is `value`.
local function pick_where(key, value)
  return function(items)
    for _, item in ipairs(items) do
      if item[key] == value then
        return item
      end
    end
    error(("no item with %s = %q among %s"):format(key, value, vim.inspect(items)))
  end
end

--- A vim.ui.select answer: the item equal to `value`.
local function pick_where_value(value)
  return function(items)
    assert(vim.tbl_contains(items, value), ("no %q among %s"):format(value, vim.inspect(items)))
    return value
  end
end

local function pick_first(items)
  return items[1]
end

local function all_answered()
  return #answers.select == 0 and #answers.input == 0
end

-- What the plugin sends ---------------------------------------------------

-- Every workspace/executeCommand the client sent, as { command, arguments,
-- encoded (the JSON on the wire), result, err, done }.
local executed = {}

--- Records the client's workspace/executeCommand requests and responses.
local function record_commands(client)
  local request = client.request
  client.request = function(self, method, params, handler, bufnr)
    if method ~= "workspace/executeCommand" then
      return request(self, method, params, handler, bufnr)
    end
    local record = { command = params.command, arguments = params.arguments, encoded = vim.json.encode(params) }
    table.insert(executed, record)
    return request(self, method, params, function(err, result, ...)
      record.err, record.result, record.done = err, result, true
      if handler then
        return handler(err, result, ...)
      end
    end, bufnr)
  end
end

--- Asserts every command argument went out as a JSON object, never `[]`.
local function assert_objects(record)
  local decoded = vim.json.decode(record.encoded)
  assert(type(decoded.arguments) == "table" and #decoded.arguments == 1, "arguments: " .. record.encoded)
  local json = vim.json.encode(record.arguments[1])
  assert(json:sub(1, 1) == "{", ("%s was sent %s, not an object: %s"):format(record.command, json, record.encoded))
end

--- Runs `command` and waits for the server's answer to the first command
--- it sends; returns that record.
local function run_command(command, wanted)
  local count = #executed
  vim.cmd(command)
  local record
  wait_for(("%s to send %s"):format(command, wanted), function()
    for i = count + 1, #executed do
      if executed[i].command == wanted then
        record = executed[i]
        return record.done
      end
    end
  end)
  assert(not record.err, ("%s: %s failed: %s"):format(command, wanted, vim.inspect(record.err)))
  assert_objects(record)
  return record
end

-- The documentation -------------------------------------------------------

--- Every `*tag*` defined in the help file.
local function help_tags()
  local tags = {}
  for tag in read(HELP_FILE):gmatch("%*([^%s*|]+)%*") do
    table.insert(tags, tag)
  end
  return tags
end

--- The command signatures of :help interview: name → the rest of its line,
--- e.g. InterviewRandom → "[{difficulty}] [{framework}] [topic={name}]".
local function help_signatures()
  local signatures = {}
  for _, line in ipairs(lines_of(read(HELP_FILE))) do
    local name, rest = line:match("^:(Interview%w+)(.*)$")
    if name then
      signatures[name] = vim.trim(rest)
    end
  end
  return signatures
end

--- The example command lines of :help interview (indented `:Interview…`).
local function help_examples()
  local examples = {}
  for _, line in ipairs(lines_of(read(HELP_FILE))) do
    local example = line:match("^%s+:(Interview%w+.-)%s*$")
    if example then
      table.insert(examples, example)
    end
  end
  return examples
end

local function defined_commands()
  local names = {}
  for name in pairs(vim.api.nvim_get_commands({})) do
    if name:find("^Interview") then
      table.insert(names, name)
    end
  end
  table.sort(names)
  return names
end

-- The plugin's windows ------------------------------------------------------

local practice_window, practice_keys

--- The window of the current tab page showing the plugin's buffer of `kind`
--- ("practice" or "page"), and that buffer.
local function plugin_window(kind)
  for _, win in ipairs(vim.api.nvim_tabpage_list_wins(0)) do
    local bufnr = vim.api.nvim_win_get_buf(win)
    if vim.b[bufnr].interview_kind == kind then
      return win, bufnr
    end
  end
end

practice_window = function()
  return plugin_window("practice")
end

--- Types `keys` in the practice window, as the user would (its buffer-local
--- mappings apply).
practice_keys = function(keys)
  local win = assert(practice_window(), "no practice window to type " .. keys .. " in")
  vim.api.nvim_set_current_win(win)
  vim.api.nvim_feedkeys(vim.keycode(keys), "x", false)
end

--- The page split's text; fails when there is none.
local function page_text()
  local win, bufnr = plugin_window("page")
  assert(win, "no page split is open")
  return buffer_text(bufnr), bufnr
end

--- The plugin's buffers are unlisted, read-only scratch buffers.
local function assert_scratch(bufnr)
  local bo = vim.bo[bufnr]
  assert(not bo.buflisted and bo.buftype == "nofile" and not bo.modifiable and bo.readonly, ("%s: listed %s, buftype %q, modifiable %s, readonly %s"):format(
    vim.api.nvim_buf_get_name(bufnr),
    tostring(bo.buflisted),
    bo.buftype,
    tostring(bo.modifiable),
    tostring(bo.readonly)
  ))
end

-- The steps -----------------------------------------------------------------

local steps = {}

-- What the steps share (the code buffer and window, the client, …).
local STATE = {}
local assert_page

--- setup() with the binary cargo built and no settings, as a user would.
function steps.setup()
  require("interview").setup({ cmd = { BIN } })
  local config = lsp.config()
  assert(vim.deep_equal(config.filetypes, { "python" }), "lsp/interview_ls.lua was not loaded from 'runtimepath'")
  assert(vim.json.encode(config.init_options) == "{}", "init_options encode as " .. vim.json.encode(config.init_options))
  assert_quiet("setup()")
  say("ok: setup() with no settings; init_options encode as {}")
end

--- With no Python buffer, every command says to open one (and nothing else).
function steps.not_running()
  for _, name in ipairs(defined_commands()) do
    vim.cmd(name)
    settle(50)
    assert_quiet(":" .. name .. " without a Python buffer", ERROR, { "open a Python file first" })
  end
  say("ok: with no Python buffer every command says to open a Python file first")
end

function steps.attach(t)
  vim.cmd.edit(vim.fs.joinpath(WORKSPACE, "main.py"))
  t.bufnr = vim.api.nvim_get_current_buf()
  t.code_win = vim.api.nvim_get_current_win()
  -- A command typed while the server is still starting (as with
  -- `nvim main.py +InterviewRandom`) waits for it.
  local starting = vim.lsp.get_clients({ name = "interview_ls", _uninitialized = true })[1]
  assert(starting and not starting.initialized, "the client is not starting")
  vim.cmd("InterviewRandom")
  local practice = require("interview.practice")
  wait_for("the question in the practice split", function()
    local view = practice.state().view
    return view and view.question and practice_window() ~= nil
  end)
  assert(
    vim.api.nvim_win_get_buf(t.code_win) == t.bufnr,
    "the code window no longer shows main.py but " .. vim.api.nvim_buf_get_name(vim.api.nvim_win_get_buf(t.code_win))
  )
  practice_keys("q")
  assert(practice_window() == nil, "q did not close the practice window")
  assert(vim.api.nvim_get_current_buf() == t.bufnr, "after q the cursor is not back in main.py")
  wait_for("interview_ls to attach", function()
    local client = vim.lsp.get_clients({ bufnr = t.bufnr, name = "interview_ls" })[1]
    t.client = client and client.initialized and client or nil
    return t.client ~= nil
  end)
  assert(t.client.config.cmd[1] == BIN, "the client started " .. t.client.config.cmd[1])
  record_commands(t.client)
  -- The server has had its say about the settings once it answers a request.
  assert(t.client:request_sync("workspace/symbol", { query = "" }, TIMEOUT_MS, t.bufnr))
  settle()
  assert_quiet("starting the server")
  say(("ok: :InterviewRandom run while the server started waited for it; attached, root %s, encoding %s"):format(
    t.client.root_dir,
    t.client.offset_encoding
  ))
end

--- :help interview and every tag in it work from the shipped doc/tags.
function steps.help()
  local tags = help_tags()
  for _, tag in ipairs(tags) do
    vim.cmd.help(tag)
    local name = vim.api.nvim_buf_get_name(0)
    assert(vim.endswith(name, "interview.txt"), (":help %s opened %s"):format(tag, name))
    vim.cmd.helpclose()
  end
  assert_quiet(":help")
  say(("ok: :help opens interview.txt for all %d tags: %s"):format(#tags, table.concat(tags, " ")))
end

--- The commands, the help and the README name the same commands, forms
--- and settings.
function steps.docs()
  local commands = defined_commands()
  local signatures = help_signatures()
  local tagged = {}
  for _, tag in ipairs(help_tags()) do
    local name = tag:match("^:(Interview%w+)$")
    if name then
      table.insert(tagged, name)
    end
  end
  table.sort(tagged)
  assert(vim.deep_equal(tagged, commands), ("help tags %s, commands %s"):format(vim.inspect(tagged), vim.inspect(commands)))
  local readme = read(README)
  local help = read(HELP_FILE)
  for _, name in ipairs(commands) do
    assert(signatures[name], ":help interview has no signature line for :" .. name)
    local form = vim.trim(":" .. name .. " " .. signatures[name])
    assert(readme:find("`" .. form .. "`", 1, true), ("editors/README.md does not show `%s`"):format(form))
  end
  for _, setting in ipairs(protocol.settings) do
    assert(readme:find("`" .. setting.name .. "`", 1, true), "editors/README.md lacks the setting " .. setting.name)
    assert(help:find("`" .. setting.name .. "`", 1, true), ":help interview lacks the setting " .. setting.name)
  end
  say(("ok: :help interview and editors/README.md document %s and every setting"):format(table.concat(commands, ", ")))
end

function steps.hover(t)
  vim.api.nvim_set_current_buf(t.bufnr)
  assert(t.client.server_capabilities.hoverProvider, "the server does not advertise hover")
  local row = vim.fn.search("Depends(get_settings)", "cw")
  assert(row > 0, "no Depends(get_settings) in the fixture")
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
  assert_quiet("hover")
  say("ok: hover over Depends shows the dependency-injection answer")
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
  vim.api.nvim_set_current_buf(t.bufnr)
  assert(t.client.server_capabilities.codeActionProvider, "the server does not advertise code actions")
  assert(vim.fn.search("Depends(get_settings)", "cw") > 0)
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
  -- A few examples about the cursor, then the picker the plugin runs.
  assert(#titles <= 4, ("%d example entries, not at most 4:\n%s"):format(#titles, table.concat(titles, "\n")))
  assert(titles[#titles] == "Insert example…", "no Insert example… entry last:\n" .. table.concat(titles, "\n"))

  -- Through the user's path: vim.lsp.buf.code_action, which runs the
  -- action's interview.insertSnippet; the server applies the edit and
  -- moves the cursor onto the inserted code.
  local before = vim.api.nvim_buf_get_lines(t.bufnr, 0, -1, false)
  vim.lsp.buf.code_action({
    filter = function(action)
      return action.title == ACTION_TITLE
    end,
    apply = true,
  })
  wait_for("the example to be inserted", function()
    return buffer_text(t.bufnr):find(ACTION_CODE, 1, true) ~= nil
  end)
  local after = buffer_text(t.bufnr)
  assert_inserted(before, after, ACTION_IMPORT, ACTION_CODE)
  local cursor_line
  wait_for("the cursor on the inserted code", function()
    local row = vim.api.nvim_win_get_cursor(0)[1]
    cursor_line = vim.api.nvim_buf_get_lines(t.bufnr, row - 1, row, false)[1]
    return cursor_line ~= "" and not vim.tbl_contains(before, cursor_line)
  end)
  undo_insert(t.bufnr, before, "the code action")
  assert_quiet("the Insert example code action")
  say(("ok: %q inserted %d lines, imports merged into %q"):format(
    ACTION_TITLE,
    #lines_of(after) - #before,
    ACTION_IMPORT
  ))
end

-- The example :InterviewInsert picks, and what it must bring.
local COMMAND_SNIPPET = "fastapi-health-check"
local COMMAND_IMPORT = "from fastapi import Depends, FastAPI, Response, status"
local COMMAND_CODE = "async def check_database() -> None:"

--- :InterviewInsert (it takes no argument).
function steps.insert_command(t)
  -- At the end of the file: a module-level example goes after the handler.
  vim.api.nvim_set_current_buf(t.bufnr)
  vim.api.nvim_win_set_cursor(0, { vim.api.nvim_buf_line_count(t.bufnr), 0 })
  local before = vim.api.nvim_buf_get_lines(t.bufnr, 0, -1, false)
  local first = #pickers + 1
  answer_select(pick_where("id", COMMAND_SNIPPET))
  local record = run_command("InterviewInsert", protocol.commands.insert_snippet)
  wait_for("the example to be inserted", function()
    return buffer_text(t.bufnr):find(COMMAND_CODE, 1, true) ~= nil
  end)
  assert(record.result.applied == true, vim.inspect(record.result))
  -- The file's examples, from the server's "Insert example…" action: a
  -- FastAPI file lists no Flask example.
  local picker = pickers[first]
  assert(picker.opts.prompt == "Insert example", "picker prompt: " .. tostring(picker.opts.prompt))
  for _, item in ipairs(picker.items) do
    assert(item.framework ~= "flask", "a Flask example offered in a FastAPI file: " .. vim.inspect(item))
  end
  local shown = picker.opts.format_item(picker.items[1])
  assert(shown == picker.items[1].title .. " · " .. picker.items[1].framework, "items are shown as " .. shown)
  local after = buffer_text(t.bufnr)
  assert_inserted(before, after, COMMAND_IMPORT, COMMAND_CODE)
  -- Inserted after the last handler, not inside it.
  assert(after:find(before[#before] .. "\n\n\n", 1, true), "not inserted after the handler:\n" .. after)
  local inserted = #lines_of(after) - #before
  undo_insert(t.bufnr, before, ":InterviewInsert")
  assert_quiet(":InterviewInsert")
  say(("ok: :InterviewInsert offered %d examples and inserted %q (%d lines), imports merged into %q"):format(
    #picker.items,
    COMMAND_SNIPPET,
    inserted,
    COMMAND_IMPORT
  ))
end

--- Reads progress.json from the test's data folder.
local function progress_file()
  local path = vim.fs.joinpath(assert(os.getenv("INTERVIEW_LS_DATA")), "progress.json")
  return vim.json.decode(read(path)), path
end

--- Bare :InterviewRandom: no dialog, the question in the practice split.
function steps.random_bare(t)
  local record = run_command("InterviewRandom", protocol.commands.random)
  assert(record.encoded:find('"arguments":[{"dialog":false}]', 1, true), "bare :InterviewRandom sent " .. record.encoded)
  local practice = require("interview.practice")
  wait_for("the question in the practice split", function()
    local view = practice.state().view
    return view and view.id == record.result.question.id
  end)
  local _, bufnr = practice_window()
  local text = buffer_text(bufnr)
  assert(text:find(record.result.question.title, 1, true), "the practice split does not show the question")
  local why = ({ due = "Due for review.", new = "A new question.", ahead = "ahead of schedule" })[record.result.pick]
  assert(why and text:find(why, 1, true), ("pick %s is not explained:\n%s"):format(tostring(record.result.pick), text))
  assert(vim.api.nvim_win_get_buf(t.code_win) == t.bufnr, "the code window lost main.py")
  practice_keys("q")
  assert_quiet(":InterviewRandom")
  say(("ok: :InterviewRandom sent {dialog = false} and showed %q in the practice split"):format(record.result.question.id))
end

--- Waits until the practice split shows a card other than `id` (or done).
local function wait_next_card(what, id)
  local practice = require("interview.practice")
  wait_for(what, function()
    local view = practice.state().view
    return not practice.state().busy and view and view.id ~= id
  end)
  return practice.state().view
end

--- :InterviewPractice: the session in a split beside the code, revealed and
--- graded with the buffer's keys, the grade on disk, then undo and skip.
function steps.practice(t)
  vim.api.nvim_set_current_win(t.code_win)
  local record = run_command("InterviewPractice fastapi", protocol.commands.next)
  assert(record.arguments[1].framework == "fastapi", "sent " .. record.encoded)
  local practice = require("interview.practice")
  wait_for("the first card", function()
    return practice.state().view == record.result and practice_window() ~= nil
  end)
  local view = record.result
  assert(view.status == "card", "no card to practise: " .. vim.inspect(view))
  -- The code stays where it was.
  assert(vim.api.nvim_win_is_valid(t.code_win), "the code window was closed")
  assert(vim.api.nvim_win_get_buf(t.code_win) == t.bufnr, "the code window no longer shows main.py")
  local win, bufnr = practice_window()
  assert(win ~= t.code_win, "the practice card replaced the code window")
  assert_scratch(bufnr)
  local front = buffer_text(bufnr)
  assert(front:find(view.question.title, 1, true), "the card lacks its question:\n" .. front)
  assert(front:find(view.message, 1, true), "the card lacks the counts " .. view.message .. ":\n" .. front)
  assert(not front:find(view.question.short, 1, true), "the answer shows before <Space>:\n" .. front)
  assert(vim.wo[win].winbar:find("<Space> show answer", 1, true), "winbar: " .. vim.wo[win].winbar)

  -- Grading before the answer is shown does nothing.
  local sent = #executed
  practice_keys("3")
  settle(100)
  assert(#executed == sent, "3 before <Space> sent a grade")
  vim.cmd("messages clear")

  practice_keys("<Space>")
  local back = buffer_text(bufnr)
  assert(back:find(view.question.short, 1, true), "<Space> did not reveal the short answer:\n" .. back)
  local bar = vim.wo[win].winbar
  for _, preview in ipairs(view.previews) do
    local label = preview.rating:sub(1, 1):upper() .. preview.rating:sub(2)
    assert(bar:find(label .. " " .. preview.interval, 1, true), ("winbar lacks %s %s: %s"):format(label, preview.interval, bar))
  end
  -- Esc is harmless: no prompt is waiting for it, the card stays.
  practice_keys("<Esc>")
  assert(practice.state().view == view and practice.state().revealed, "<Esc> changed the card")

  -- The key points are a checklist: `x` on the first ticks it, and the
  -- server's proposal for one point said is shown.
  assert(#view.question.points > 0 and type(view.proposals) == "table", "no key points or proposals: " .. vim.inspect(view))
  local first_point
  for row, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
    if line == "- [ ] " .. view.question.points[1] then
      first_point = row
    end
  end
  assert(first_point, "the first key point is not an unticked checklist line:\n" .. buffer_text(bufnr))
  vim.api.nvim_win_set_cursor(win, { first_point, 0 })
  practice_keys("x")
  local ticked = buffer_text(bufnr)
  assert(ticked:find("- [x] " .. view.question.points[1], 1, true), "x did not tick the point:\n" .. ticked)
  local proposal = ("You said 1 of %d: that suggests"):format(#view.question.points)
  assert(ticked:find(proposal, 1, true), "no proposal after ticking:\n" .. ticked)
  assert(vim.api.nvim_win_get_cursor(win)[1] == first_point, "ticking moved the cursor")

  practice_keys("3")
  local next_view = wait_next_card("the next card after grading Good", view.id)
  local grade
  for i = #executed, 1, -1 do
    if executed[i].command == protocol.commands.grade then
      grade = executed[i]
      break
    end
  end
  local sent_grade = grade.arguments[1]
  assert(sent_grade.id == view.id and sent_grade.rating == "good", "grade sent " .. grade.encoded)
  assert(type(sent_grade.seconds) == "number" and sent_grade.seconds >= 0, "no seconds in " .. grade.encoded)
  assert(grade.encoded:find('"said":[0]', 1, true), "the ticked point was not sent as said: " .. grade.encoded)
  assert(sent_grade.session.framework == "fastapi", "the grade lost the session: " .. grade.encoded)
  local saved, path = progress_file()
  local card = saved.cards[view.id]
  assert(card and card.lastRating == "good", ("%s has no Good grade in %s:\n%s"):format(view.id, path, read(path)))
  local shown = buffer_text(bufnr)
  assert(shown:find(grade.result.message, 1, true), "the grade's message is not shown:\n" .. shown)
  if next_view.status == "card" then
    assert(shown:find(next_view.question.title, 1, true), "the next card is not shown:\n" .. shown)
  end

  -- u takes the grade back (on disk too), s skips the card.
  practice_keys("u")
  wait_next_card("the card back after undo", next_view.id)
  assert(practice.state().view.id == view.id, "undo did not bring back " .. view.id)
  assert(progress_file().cards[view.id] == nil, "undo left the grade of " .. view.id .. " in progress.json")
  practice_keys("s")
  wait_next_card("the card after skip", view.id)
  assert(progress_file().buried[view.id], view.id .. " is not buried after s")

  -- The grade given again, for the steps after this one.
  practice_keys("<Space>")
  local again = practice.state().view
  practice_keys("3")
  wait_next_card("the card after the second grade", again.id)
  assert(progress_file().cards[again.id].lastRating == "good", again.id .. " not graded")
  t.graded = again.id

  practice_keys("q")
  assert(practice_window() == nil, "q did not close the practice split")
  assert(vim.api.nvim_get_current_win() == t.code_win, "q did not return to the code window")

  -- A practice buffer the user :bdelete'd comes back whole, keys included.
  vim.cmd("bdelete " .. bufnr)
  run_command("InterviewPractice fastapi", protocol.commands.next)
  wait_for("the practice split again", function()
    return practice_window() ~= nil and not practice.state().busy
  end)
  practice_keys("<Space>")
  assert(practice.state().revealed, "<Space> does nothing in the practice buffer after :bdelete")
  practice_keys("q")

  -- A session with nothing left says so, with the keys that still apply.
  vim.api.nvim_set_current_win(t.code_win)
  practice.start({ topic = "testing", newPerDay = 0 })
  wait_for("the done screen", function()
    local now = practice.state().view
    return now and now.status == "done" and practice_window() ~= nil
  end)
  local done_win, done_buf = practice_window()
  local done_text = buffer_text(done_buf)
  assert(done_text:find("^# Done for now"), "the done screen says:\n" .. done_text)
  assert(done_text:find(":InterviewList", 1, true), "the done screen names no Neovim command:\n" .. done_text)
  assert(vim.wo[done_win].winbar == "u undo · q close", "done winbar: " .. vim.wo[done_win].winbar)
  practice_keys("3")
  practice_keys("q")
  assert_quiet(":InterviewPractice")
  say(("ok: :InterviewPractice beside main.py: %q revealed with <Space>, graded 3 (%s, %.1f s) on disk; u undid it, s skipped it; %q graded; winbar %q"):format(
    view.id,
    grade.result.message,
    sent_grade.seconds,
    again.id,
    bar
  ))
end

--- The code lenses of the fixture, shown without the user asking, and one
--- run: it practises the questions it counts.
function steps.lenses(t)
  vim.api.nvim_set_current_win(t.code_win)
  local lenses
  wait_for("code lenses on main.py", function()
    lenses = vim.lsp.codelens.get(t.bufnr)
    return #lenses > 0 and lenses[1].command ~= nil
  end)
  local titles = {}
  for _, lens in ipairs(lenses) do
    assert(lens.command.title:find("^%d+ interview questions?$"), "lens: " .. vim.inspect(lens))
    table.insert(titles, ("line %d: %s"):format(lens.range.start.line + 1, lens.command.title))
  end
  -- Drawn as virtual text by Neovim's codelens namespace.
  local drawn = 0
  for _, ns in pairs(vim.api.nvim_get_namespaces()) do
    drawn = drawn + #vim.api.nvim_buf_get_extmarks(t.bufnr, ns, 0, -1, { details = true, type = "virt_text" })
  end
  assert(drawn > 0, "the lenses are not drawn")

  local lens = lenses[#lenses]
  vim.api.nvim_win_set_cursor(t.code_win, { lens.range.start.line + 1, 0 })
  local count = #executed
  vim.lsp.codelens.run()
  local record
  wait_for("the lens's practice session", function()
    for i = count + 1, #executed do
      if executed[i].command == protocol.commands.next and executed[i].done then
        record = executed[i]
        return true
      end
    end
  end)
  assert(
    vim.deep_equal(record.arguments[1].keywords, lens.command.arguments[1].keywords),
    ("the lens's session sent %s, the lens has %s"):format(record.encoded, vim.inspect(lens.command.arguments))
  )
  for i = count + 1, #executed do
    assert(executed[i].command ~= protocol.commands.random, "the lens asked a random question")
  end
  wait_for("the practice split", function()
    return practice_window() ~= nil
  end)
  assert(vim.api.nvim_win_get_buf(t.code_win) == t.bufnr, "the lens replaced the code window")
  practice_keys("q")
  assert_quiet("code lenses")
  say(("ok: code lenses shown (%s); running one practised its questions (%s)"):format(
    table.concat(titles, "; "),
    record.result.message
  ))
end

--- :InterviewList with a scripted vim.ui.select: status, difficulty and
--- title; the choice opens in the practice split.
function steps.list(t)
  vim.api.nvim_set_current_win(t.code_win)
  local first = #pickers + 1
  answer_select(pick_where("id", t.graded))
  vim.cmd("InterviewList fastapi")
  wait_for("the picker and the chosen question", function()
    local view = require("interview.practice").state().view
    return pickers[first] and view and view.id == t.graded and practice_window() ~= nil
  end)
  local picker = pickers[first]
  local chosen
  for _, item in ipairs(picker.items) do
    assert(vim.tbl_contains(item.frameworks, "fastapi"), item.id .. " is not a FastAPI question")
    if item.id == t.graded then
      chosen = item
    end
  end
  local line = picker.opts.format_item(chosen)
  assert(line:find("^learning%s+%a+%s+") and line:find(chosen.title, 1, true), "picker line: " .. line)
  local new_line = picker.opts.format_item(picker.items[1].id == t.graded and picker.items[2] or picker.items[1])
  assert(new_line:find("^new%s"), "an ungraded question's line: " .. new_line)
  local _, bufnr = practice_window()
  assert(buffer_text(bufnr):find(chosen.title, 1, true), "the practice split does not show the chosen question")
  assert(vim.api.nvim_win_get_buf(t.code_win) == t.bufnr, "the code window lost main.py")
  practice_keys("q")
  assert_quiet(":InterviewList")
  say(("ok: :InterviewList fastapi listed %d questions (%q); choosing opened it in the practice split"):format(
    #picker.items,
    line
  ))
end

--- The statusline function: "N due", cached.
function steps.statusline()
  local status = require("interview").status
  wait_for("the statusline text", function()
    return status():find("^%d+ due$") ~= nil
  end)
  say(("ok: require(\"interview\").status() → %q"):format(status()))
end

--- What the sample arguments of each documented placeholder are.
local function sample_arguments(t, placeholder)
  if placeholder == "{difficulty}" then
    return protocol.difficulties
  elseif placeholder == "{framework}" then
    return { "flask", "fastapi", "general", "FastAPI" }
  elseif placeholder == "topic={name}" then
    return { "topic=" .. t.topic }
  elseif placeholder == "{query}" then
    return { "Depends", "dependency injection" }
  elseif placeholder == "{id}" then
    return { "di-dependency-injection" }
  elseif placeholder == "{date}" then
    return { "tomorrow", os.date("%Y-%m-%d", os.time() + 3 * 86400) }
  elseif placeholder == "{minutes}" then
    return { "tomorrow 20" }
  end
  error(("the test has no sample for the documented argument %s; add one to sample_arguments"):format(placeholder))
end

--- Checks that the question :InterviewRandom got matches the words given.
local function assert_matches(words, argument, question)
  for _, word in ipairs(words) do
    local lower, topic = word:lower(), word:match("^topic=(.+)$")
    if vim.tbl_contains(protocol.difficulties, lower) then
      assert(argument.difficulty == lower and question.difficulty == lower, word .. ": " .. vim.inspect(question))
    elseif vim.tbl_contains(protocol.frameworks, lower) then
      assert(argument.framework == lower, word .. " sent " .. vim.inspect(argument))
      assert(vim.tbl_contains(question.frameworks, lower), word .. ": " .. vim.inspect(question.frameworks))
    elseif topic then
      assert(argument.topic == topic, word .. " sent " .. vim.inspect(argument))
      assert(vim.tbl_contains(question.topics, topic), word .. ": " .. vim.inspect(question.topics))
    else
      error("no check for " .. word)
    end
  end
end

--- :InterviewRandom with arguments: the question matches them.
local function random_with(args)
  local record = run_command("InterviewRandom " .. args, protocol.commands.random)
  assert(record.arguments[1].dialog == false, "sent " .. record.encoded)
  assert_matches(vim.split(args, "%s+", { trimempty = true }), record.arguments[1], record.result.question)
  wait_for("the question in the practice split", function()
    local view = require("interview.practice").state().view
    return view and view.id == record.result.question.id and practice_window() ~= nil
  end)
  practice_keys("q")
  settle(50)
  assert_quiet(":InterviewRandom " .. args)
  return record.result.question
end

--- The page split shows `title` as an unlisted read-only scratch buffer,
--- the code window still shows the code, and no second page buffer exists.
assert_page = function(title)
  local text, bufnr = page_text()
  assert(text:find(title, 1, true), ("the page is not about %q:\n%s"):format(title, text))
  assert_scratch(bufnr)
  local pages = 0
  for _, b in ipairs(vim.api.nvim_list_bufs()) do
    if vim.b[b].interview_kind == "page" then
      pages = pages + 1
    end
    assert(not vim.api.nvim_buf_get_name(b):match("%.md$") or vim.bo[b].buftype == "", "a page opened as a file buffer")
  end
  assert(pages == 1, pages .. " page buffers")
  assert(vim.api.nvim_win_get_buf(STATE.code_win) == STATE.bufnr, "a page replaced the code window")
end

--- :InterviewSearch: the results picker, then the chosen answer page.
local function search_with(args)
  local first = #pickers + 1
  local query = args
  if args == "" then
    query = "Depends"
    answer_input(query)
  end
  answer_select(pick_first)
  local command = vim.trim("InterviewSearch " .. args)
  local record = run_command(command, protocol.commands.search)
  assert(record.arguments[1].query == query, command .. " searched for " .. vim.inspect(record.arguments[1]))
  local shown
  wait_for("the chosen question to open", function()
    for _, r in ipairs(executed) do
      if r.command == protocol.commands.show and r.done then
        shown = r
      end
    end
    return shown and shown.arguments[1].id == record.result[1].id
  end)
  local picker = pickers[first]
  assert(picker.items == record.result, "the picker does not list the search results")
  assert_page(shown.result.question.title)
  assert_quiet(":" .. command)
  return ("%d results for %q, opened %s"):format(#record.result, query, shown.arguments[1].id)
end

--- Each :Interview* command bare, then with every argument form in :help
--- interview (each placeholder's samples, and every example line).
function steps.commands(t)
  -- One topic of the bank, from the server.
  local rows = t.client:request_sync("workspace/executeCommand", {
    command = protocol.commands.topics,
    arguments = { vim.empty_dict() },
  }, TIMEOUT_MS, t.bufnr).result
  for _, row in ipairs(rows) do
    if (row.count or 0) > 0 then
      t.topic = row.topic
      break
    end
  end
  assert(t.topic, "the server lists no topic with questions: " .. vim.inspect(rows))

  local ran = {}
  local function run(name, args)
    if name == "InterviewRandom" then
      if args == "" then
        return -- random_bare covers it
      end
      local question = random_with(args)
      say(("ok: :InterviewRandom %s asked %s (%s, %s)"):format(
        args,
        question.id,
        question.difficulty,
        table.concat(question.frameworks, "/")
      ))
    elseif name == "InterviewSearch" then
      say(("ok: :%s → %s"):format(vim.trim(name .. " " .. args), search_with(args)))
    elseif name == "InterviewStats" then
      assert(args == "", ":InterviewStats takes no argument")
      run_command("InterviewStats", protocol.commands.stats)
      assert_page("# Interview practice")
      local text = page_text()
      local summary = assert(text:match("\n([^\n]*questions seen[^\n]*)"), "no summary line in:\n" .. text):gsub("%*", "")
      assert(summary:find("streak 1 day", 1, true), "after grades today: " .. summary)
      assert_quiet(":InterviewStats")
      say("ok: :InterviewStats shows " .. summary)
    elseif name == "InterviewPractice" or name == "InterviewList" then
      local view = require("interview.practice").state().view
      if name == "InterviewList" then
        answer_select(pick_first)
      end
      local record = run_command(vim.trim(name .. " " .. args), name == "InterviewList" and protocol.commands.show or protocol.commands.next)
      wait_for(":" .. name .. "'s card", function()
        local now = require("interview.practice").state().view
        return now ~= view and practice_window() ~= nil
      end)
      local question = record.result.question
      if question then
        assert_matches(vim.split(args, "%s+", { trimempty = true }), {
          difficulty = question.difficulty,
          framework = args:lower():match("flask") or args:lower():match("fastapi") or args:lower():match("general"),
          topic = args:match("topic=(%S+)"),
        }, question)
      end
      assert(vim.api.nvim_win_get_buf(STATE.code_win) == STATE.bufnr, "the code window lost main.py")
      practice_keys("q")
      assert_quiet(":" .. name .. " " .. args)
      say(("ok: :%s %s → %s"):format(name, args, question and question.id or record.result.message))
    elseif name == "InterviewShow" then
      if args == "" then
        vim.cmd("InterviewShow")
        assert_quiet(":InterviewShow", ERROR, { "give a question id" })
      else
        local record = run_command("InterviewShow " .. args, protocol.commands.show)
        assert_page(record.result.question.title)
        assert_quiet(":InterviewShow " .. args)
        say(("ok: :InterviewShow %s opened its page in the page split"):format(args))
      end
    elseif name == "InterviewReset" then
      local id = args ~= "" and args or nil
      if id then
        run_command("InterviewReset " .. id, protocol.commands.reset)
        assert(progress_file().cards[id] == nil, id .. " still has progress")
        assert_quiet(":InterviewReset " .. id)
        say("ok: :InterviewReset " .. id)
      else
        -- Everything: asked first; Cancel keeps it all.
        local before = read(select(2, progress_file()))
        answer_select(pick_where_value("Cancel"))
        vim.cmd("InterviewReset")
        settle(200)
        assert(read(select(2, progress_file())) == before, "Cancel still reset the progress")
        assert_quiet(":InterviewReset, cancelled")
        say("ok: :InterviewReset asks first; Cancel keeps the progress")
      end
    elseif name == "InterviewPlan" then
      if args == "" then
        vim.cmd("InterviewPlan")
        assert_quiet(":InterviewPlan", ERROR, { "give the interview date" })
      else
        local record = run_command("InterviewPlan " .. args, protocol.commands.plan)
        assert_page(vim.split(record.result.text, "\n")[1])
        assert_quiet(":InterviewPlan " .. args)
        say(("ok: :InterviewPlan %s → %s"):format(args, vim.split(record.result.text, "\n")[1]))
      end
    elseif name == "InterviewInsert" then
      assert(args == "", ":InterviewInsert takes no argument")
      steps.insert_command(t)
    else
      error(("the test does not know how to run :%s; add it to steps.commands"):format(name))
    end
    ran[name] = true
  end

  local signatures = help_signatures()
  for _, name in ipairs(defined_commands()) do
    run(name, "")
    for placeholder in (signatures[name] or ""):gmatch("%[([^%]]+)%]") do
      for _, sample in ipairs(sample_arguments(t, placeholder)) do
        run(name, sample)
      end
    end
  end
  for _, example in ipairs(help_examples()) do
    local name, args = example:match("^(Interview%w+)%s*(.*)$")
    run(name, args)
  end
  for _, name in ipairs(defined_commands()) do
    assert(ran[name] or name == "InterviewRandom", ":" .. name .. " did not run")
  end
end

--- A bad filter names the good ones; completion offers them.
function steps.errors_and_completion(t)
  vim.cmd("InterviewRandom fastpi")
  assert_quiet(":InterviewRandom fastpi", ERROR, { 'unknown filter "fastpi": expected a difficulty %(easy, medium, hard%), a framework %(flask, fastapi, general%) or topic=NAME' })
  vim.cmd("InterviewRandom easy hard")
  assert_quiet(":InterviewRandom easy hard", ERROR, { "difficulty given twice" })
  -- Inserting needs a Python file; from any other buffer it says so at once.
  vim.cmd.edit(vim.fs.joinpath(WORKSPACE, "README.md"))
  vim.cmd("InterviewInsert")
  assert_quiet(":InterviewInsert in README.md", ERROR, { "this buffer is not a Python file" })
  vim.api.nvim_set_current_buf(t.bufnr)
  local words = vim.fn.getcompletion("InterviewRandom ", "cmdline")
  for _, word in ipairs({ "easy", "medium", "hard", "flask", "fastapi", "general", "topic=" }) do
    assert(vim.tbl_contains(words, word), "completion lacks " .. word .. ": " .. vim.inspect(words))
  end
  words = vim.fn.getcompletion("InterviewRandom medium ", "cmdline")
  assert(not vim.tbl_contains(words, "easy"), "completion offers a second difficulty: " .. vim.inspect(words))
  for _, name in ipairs({ "InterviewPractice", "InterviewList" }) do
    local same = vim.fn.getcompletion(name .. " medium ", "cmdline")
    assert(vim.tbl_contains(same, "fastapi") and not vim.tbl_contains(same, "easy"), name .. " completion: " .. vim.inspect(same))
  end
  for _, name in ipairs({ "InterviewShow", "InterviewReset" }) do
    local ids = vim.fn.getcompletion(name .. " di-dep", "cmdline")
    assert(vim.tbl_contains(ids, "di-dependency-injection"), name .. " id completion: " .. vim.inspect(ids))
  end
  words = vim.fn.getcompletion("InterviewRandom topic=", "cmdline")
  assert(vim.tbl_contains(words, "topic=" .. t.topic), "topic completion: " .. vim.inspect(words))
  assert_quiet("completion")
  say(("ok: bad filters and :InterviewInsert outside Python say why; completion offers %d topics"):format(#words))
end

function steps.checkhealth()
  vim.cmd("checkhealth interview")
  local text = buffer_text(0)
  wait_for("the health report", function()
    text = buffer_text(0)
    return text:find("running as client", 1, true) ~= nil
  end)
  assert(not text:find("ERROR", 1, true), "checkhealth reported an error:\n" .. text)
  assert(not text:find("WARNING", 1, true), "checkhealth reported a warning:\n" .. text)
  assert(text:find("interview%-ls %d+%.%d+%.%d+"), "no server version in:\n" .. text)
  assert(text:find("bank: %d+ questions"), "no bank summary in:\n" .. text)
  local data = assert(os.getenv("INTERVIEW_LS_DATA"))
  assert(text:find("progress: " .. vim.fs.joinpath(data, "progress.json"), 1, true), "no progress file in:\n" .. text)
  assert(text:find("diagnostics: tips show with signs", 1, true), "no diagnostics visibility in:\n" .. text)
  assert(text:find("code lenses: [1-9]%d* shown"), "no code lens count in:\n" .. text)
  vim.cmd("bwipeout")
  assert_quiet(":checkhealth interview")
  say("ok: :checkhealth interview passes")
end

--- Every command the client sent had one object argument, and the LSP log
--- of a default start has no settings warning (or any other).
function steps.wire_and_log()
  local commands = {}
  for _, record in ipairs(executed) do
    assert_objects(record)
    commands[record.command] = true
  end
  say(("ok: all %d commands sent (%s) had one object argument"):format(
    #executed,
    table.concat(vim.tbl_keys(commands), ", ")
  ))
  local path = vim.lsp.get_log_path()
  local log = vim.fn.filereadable(path) == 1 and read(path) or ""
  for _, line in ipairs(lines_of(log)) do
    assert(not line:lower():find("setting", 1, true), "the LSP log warns about settings: " .. line)
    assert(not line:find("^%[ERROR%]") and not line:find("^%[WARN%]"), "the LSP log has: " .. line)
  end
  say(("ok: the LSP log (%s) has no settings warning"):format(path))
end

-- Scenario: `cmd` names no program -------------------------------------------

function steps.missing_binary()
  local missing = vim.fs.joinpath(WORKSPACE, "no-such-dir", "interview-ls")
  require("interview").setup({ cmd = { missing } })
  assert_quiet("setup()")
  local pattern = vim.pesc(missing)

  vim.cmd("InterviewRandom")
  assert_quiet(":InterviewRandom without a binary", ERROR, { "cannot run interview%-ls: `" .. pattern .. "` is not an executable" })

  vim.cmd.edit(vim.fs.joinpath(WORKSPACE, "main.py"))
  settle()
  local told = assert_quiet("opening a Python file", WARN, { "interview%-ls cannot start: `" .. pattern .. "`" })
  -- Once: a second Python file says nothing more.
  vim.cmd.edit(vim.fs.joinpath(WORKSPACE, "second.py"))
  settle()
  assert_quiet("opening a second Python file")
  say("ok: opening a Python file warns once: " .. told[1])

  for _, name in ipairs(defined_commands()) do
    vim.cmd(name)
    settle(50)
    local message = assert_quiet(":" .. name, ERROR, { "cannot run interview%-ls: `" .. pattern .. "` is not an executable" })
    assert(not message[1]:find("open a Python file", 1, true), message[1])
  end
  say("ok: every command says the binary is missing, not to open a Python file")

  vim.cmd("checkhealth interview")
  local text = buffer_text(0)
  assert(text:find("is not an executable file and is not on PATH", 1, true), text)
  vim.cmd("bwipeout")
  assert_quiet(":checkhealth interview")
  say("ok: :checkhealth interview names the missing binary")
end

-- Scenario: misspelt and mistyped settings ---------------------------------

function steps.unknown_setting()
  local known = table.concat(
    vim.tbl_map(function(s)
      return s.name
    end, protocol.settings),
    ", "
  )
  require("interview").setup({ cmd = { BIN }, settings = { diagnostic = false, codeLens = "no" } })
  local told = assert_quiet("setup() with bad settings", WARN, {
    "setting `codeLens` must be a boolean, got \"no\"\nunknown setting `diagnostic` %(known: " .. vim.pesc(known) .. "%)",
  })
  say("ok: setup() warns once: " .. told[1]:gsub("\n", " / "))

  require("interview").setup({ cmd = { BIN }, settings = { diagnostic = false, codeLens = "no" } })
  assert_quiet("setup() again with the same settings")
  require("interview").setup({ questionPaths = { WORKSPACE } })
  told = assert_quiet("setup() with a setting outside `settings`", WARN, { "unknown option `questionPaths` for setup%(%)" })
  say("ok: a setting given to setup() directly: " .. told[1])

  -- A native-configuration user's typo reaches the user through the server.
  vim.lsp.config("interview_ls", { init_options = { questionPath = { WORKSPACE } } })
  vim.cmd.edit(vim.fs.joinpath(WORKSPACE, "main.py"))
  -- (Not wait_for, which stops at the warning this step expects.)
  local logged
  vim.wait(TIMEOUT_MS, function()
    logged = vim.tbl_filter(function(m)
      return m.message:find("setting", 1, true) ~= nil
    end, seen.logged)
    return #logged >= 3
  end, POLL_MS)
  settle()
  local all = vim.tbl_map(function(m)
    return m.message
  end, logged)
  local server_known = table.concat(all, "\n"):match("known: ([^)]*)%)")
  assert(server_known == known, ("the server knows %s, protocol.lua lists %s"):format(tostring(server_known), known))
  for _, key in ipairs({ "diagnostic", "codeLens", "questionPath" }) do
    assert(table.concat(all, "\n"):find("`" .. key .. "`", 1, true), "the server did not warn about " .. key)
  end
  since("logged")
  told = assert_quiet("starting the server", WARN, { "^interview%-ls: unknown setting `questionPath`" })
  say("ok: the server's warnings reach the user once, only for the key not told before: " .. told[1])

  vim.cmd("checkhealth interview")
  local text = buffer_text(0)
  for _, key in ipairs({ "diagnostic", "questionPath" }) do
    assert(text:find("unknown setting `" .. key .. "`", 1, true), "checkhealth does not warn about " .. key .. ":\n" .. text)
  end
  vim.cmd("bwipeout")
  assert_quiet(":checkhealth interview")
  say("ok: :checkhealth interview lists the unknown settings")
end

-- Scenario: a bank file inside `questionPaths` --------------------------------

function steps.bank_file()
  local bank = vim.fs.joinpath(WORKSPACE, "my-bank")
  vim.fn.mkdir(bank, "p")
  local file = vim.fs.joinpath(bank, "mine.md")
  vim.fn.writefile({
    "## What does status 418 mean?",
    "",
    "- id: my-teapot",
    "- difficulty: easyish",
    "- frameworks: fastapi",
    "- topics: http-rest",
    "",
    "**In short:** I am a teapot.",
    "",
    "A joke status code from RFC 2324.",
  }, file)
  require("interview").setup({ cmd = { BIN }, settings = { questionPaths = { bank } } })
  vim.cmd.edit(vim.fs.joinpath(WORKSPACE, "main.py"))
  local python = vim.api.nvim_get_current_buf()
  wait_for("interview_ls to attach to main.py", function()
    local client = vim.lsp.get_clients({ bufnr = python, name = "interview_ls" })[1]
    return client and client.initialized
  end)

  vim.cmd.edit(file)
  local md = vim.api.nvim_get_current_buf()
  wait_for("interview_ls to attach to the bank file", function()
    return #vim.lsp.get_clients({ bufnr = md, name = "interview_ls" }) == 1
  end)
  assert(#vim.lsp.get_clients({ name = "interview_ls" }) == 1, "the bank file started a second client")
  local diagnostics
  wait_for("the bank error as a diagnostic", function()
    diagnostics = vim.diagnostic.get(md)
    return #diagnostics > 0
  end)
  assert(diagnostics[1].lnum == 3 and diagnostics[1].message:find("easyish", 1, true), vim.inspect(diagnostics))
  -- Fixed as you type: the diagnostic goes.
  vim.api.nvim_buf_set_lines(md, 3, 4, false, { "- difficulty: easy" })
  wait_for("the diagnostic to clear after the fix", function()
    return #vim.diagnostic.get(md) == 0
  end)

  -- Markdown elsewhere gets no client.
  vim.cmd.edit(vim.fs.joinpath(WORKSPACE, "README.md"))
  local readme = vim.api.nvim_get_current_buf()
  settle()
  assert(#vim.lsp.get_clients({ bufnr = readme, name = "interview_ls" }) == 0, "README.md outside the bank got the server")
  -- The server logged the bank's error when it loaded the folder.
  since("logged")
  assert_quiet("bank file")
  say(("ok: the bank file %s got the running client and its error as a diagnostic (%q), cleared once fixed; README.md got none"):format(
    vim.fn.fnamemodify(file, ":t"),
    diagnostics[1].message
  ))
end

local scenarios = {
  main = {
    "setup",
    "not_running",
    "attach",
    "help",
    "docs",
    "hover",
    "insert_example",
    "random_bare",
    "practice",
    "lenses",
    "list",
    "statusline",
    "commands",
    "errors_and_completion",
    "checkhealth",
    "wire_and_log",
  },
  ["missing-binary"] = { "missing_binary" },
  ["unknown-setting"] = { "unknown_setting" },
  ["bank-file"] = { "bank_file" },
}

local order = assert(scenarios[SCENARIO], "unknown INTERVIEW_TEST_SCENARIO " .. SCENARIO)
local state = STATE
vim.v.errmsg = ""
for _, name in ipairs(order) do
  local ok, err = xpcall(steps[name], debug.traceback, state)
  if ok then
    ok, err = pcall(assert_quiet, "after " .. name)
  end
  if not ok then
    say(("FAIL: %s: %s"):format(name, err))
    say("client log: " .. vim.lsp.get_log_path())
    vim.cmd("cquit 1")
  end
end
say(("ok: scenario %s passed"):format(SCENARIO))
vim.cmd("qall!")
