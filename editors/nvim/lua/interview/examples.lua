-- Inserting examples: the "Insert example…" code action and :InterviewInsert.
--
-- The server offers a few examples about the cursor in the code-action
-- menu, then "Insert example…", whose command (interviewLs.pickExample)
-- carries every example that fits the file, best first: a FastAPI file
-- never lists Flask examples. The plugin runs that command itself, with
-- vim.ui.select, and inserts the choice with interview.insertSnippet; the
-- server applies it as one undo step and moves the cursor onto it.
-- :InterviewInsert asks the server for the same list at the cursor.

local protocol = require("interview.protocol")

local M = {}

--- The client-side command behind "Insert example…"; declared to the
--- server in `experimental.commands.commands` so it offers the entry.
M.PICK_EXAMPLE = "interviewLs.pickExample"

--- The client capabilities that declare the command (the defaults
--- included: Neovim 0.9 replaces rather than merges them).
---@return table
function M.capabilities()
  return vim.tbl_deep_extend("force", vim.lsp.protocol.make_client_capabilities(), {
    experimental = { commands = { commands = { M.PICK_EXAMPLE } } },
  })
end

local function warn(message)
  vim.notify("interview-ls: " .. message, vim.log.levels.WARN)
end

--- How an example reads in the picker: its title and framework.
---@param example table
---@return string
function M.format(example)
  return ("%s · %s"):format(example.title or example.id, example.framework or "?")
end

--- Inserts one example at `position` of the document `uri`.
local function insert_one(example, uri, position)
  require("interview.lsp").exec(protocol.commands.insert_snippet, {
    id = example.id,
    uri = uri,
    position = position,
  }, function(result)
    if type(result) == "table" and result.applied == false then
      warn(("could not insert %q: %s"):format(example.title or example.id, result.failureReason or "the edit was not applied"))
    end
  end)
end

--- The picker over `examples`, then the insertion of the one chosen.
---@param examples table[] { id, title, framework, scope, questionId }
---@param uri string
---@param position table
function M.pick(examples, uri, position)
  if type(examples) ~= "table" or #examples == 0 then
    warn("no example fits here")
    return
  end
  vim.ui.select(examples, { prompt = "Insert example", format_item = M.format, kind = "interview.example" }, function(choice)
    if choice then
      insert_one(choice, uri, position)
    end
  end)
end

--- Runs the server's "Insert example…" command object (client.commands).
function M.run(command)
  local args = type(command) == "table" and type(command.arguments) == "table" and command.arguments[1] or nil
  if type(args) ~= "table" then
    warn(M.PICK_EXAMPLE .. " needs { uri, position, examples }")
    return
  end
  M.pick(args.examples, args.uri, args.position)
end

--- :InterviewInsert: the examples for the file at the cursor, from the
--- same code action; in a file without Flask or FastAPI (or with example
--- actions turned off) every example, and the server asks before putting
--- one of the other framework into a file.
function M.insert()
  local lsp = require("interview.lsp")
  lsp.with_client(function(client)
    local win = vim.api.nvim_get_current_win()
    local bufnr = vim.api.nvim_get_current_buf()
    if not vim.lsp.buf_is_attached(bufnr, client.id) then
      vim.notify(
        "InterviewInsert: this buffer is not a Python file interview-ls has open; go to the file to insert into",
        vim.log.levels.ERROR
      )
      return
    end
    -- Taken now: the picker may move focus before a choice is made.
    local params = vim.lsp.util.make_range_params(win, client.offset_encoding)
    params.context = { diagnostics = {}, only = { "refactor" }, triggerKind = 1 }
    local uri, position = params.textDocument.uri, params.range.start
    local function handler(err, actions)
      for _, action in ipairs(not err and type(actions) == "table" and actions or {}) do
        local command = type(action.command) == "table" and action.command or nil
        if command and command.command == M.PICK_EXAMPLE then
          return M.run(command)
        end
      end
      lsp.exec(protocol.commands.snippets, nil, function(snippets)
        M.pick(snippets, uri, position)
      end)
    end
    if vim.fn.has("nvim-0.11") == 1 then
      client:request("textDocument/codeAction", params, handler, bufnr)
    else
      client.request("textDocument/codeAction", params, handler, bufnr)
    end
  end)
end

return M
