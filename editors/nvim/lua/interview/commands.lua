-- The :Interview* user commands for searching and inserting, and the
-- filter parsing and completion every filtered command shares (the study
-- commands are in session_commands.lua). Each one asks the server through
-- workspace/executeCommand and shows results with vim.ui.select and
-- vim.ui.input, so Telescope, fzf-lua or dressing.nvim take over the
-- pickers when installed.

local lsp = require("interview.lsp")
local protocol = require("interview.protocol")

local M = {}

local function describe(question)
  return ("[%s] %s"):format(question.difficulty or "?", question.title or question.id)
end

local function error_message(message)
  vim.notify(message, vim.log.levels.ERROR)
end

--- Parses the filter arguments of :InterviewRandom, :InterviewPractice and
--- :InterviewList, in any order: a difficulty, a
--- framework (either case) and `topic=NAME`. Returns the filter object for
--- interview.random, or nil and what is wrong.
---@param fargs string[]
---@return table? filters
---@return string? problem
function M.parse_filters(fargs)
  local filters = {}
  local function set(key, value, word)
    if filters[key] and filters[key] ~= value then
      return ("%s given twice (%s and %s)"):format(key, filters[key], word)
    end
    filters[key] = value
  end
  for _, word in ipairs(fargs) do
    local lower = word:lower()
    local topic = word:match("^topic=(.*)$")
    local problem
    if vim.tbl_contains(protocol.difficulties, lower) then
      problem = set("difficulty", lower, word)
    elseif vim.tbl_contains(protocol.frameworks, lower) then
      problem = set("framework", lower, word)
    elseif topic and topic ~= "" then
      problem = set("topic", topic, word)
    else
      problem = ("unknown filter %q: expected a difficulty (%s), a framework (%s) or topic=NAME"):format(
        word,
        table.concat(protocol.difficulties, ", "),
        table.concat(protocol.frameworks, ", ")
      )
    end
    if problem then
      return nil, problem
    end
  end
  return filters
end

-- The server's topics, fetched once per client for completion.
local topics_cache = {}

--- The bank's topic names, or {} when the server is not running.
local function topics()
  local client = lsp.client()
  if not client or not client.initialized then
    return {}
  end
  if not topics_cache[client.id] then
    local params = { command = protocol.commands.topics, arguments = { vim.empty_dict() } }
    local response
    if vim.fn.has("nvim-0.11") == 1 then
      response = client:request_sync("workspace/executeCommand", params, 1000, 0)
    else
      response = client.request_sync("workspace/executeCommand", params, 1000, 0)
    end
    if not response or type(response.result) ~= "table" then
      return {} -- asked again at the next <Tab>
    end
    topics_cache[client.id] = vim.tbl_map(function(row)
      return row.topic
    end, response.result)
  end
  return topics_cache[client.id]
end

--- Completion for `:InterviewRandom`: the difficulties and frameworks not
--- given yet, and `topic=` with the bank's topics.
function M.complete_filters(arglead, cmdline)
  -- The words before the one being completed, without the command name.
  local words = vim.split(cmdline, "%s+", { trimempty = true })
  table.remove(words, 1)
  if arglead ~= "" then
    table.remove(words)
  end
  local filters = {}
  for _, word in ipairs(words) do
    filters = vim.tbl_extend("force", filters, M.parse_filters({ word }) or {})
  end
  local candidates = {}
  if not filters.difficulty then
    vim.list_extend(candidates, protocol.difficulties)
  end
  if not filters.framework then
    vim.list_extend(candidates, protocol.frameworks)
  end
  if not filters.topic then
    if vim.startswith(arglead, "topic=") then
      for _, topic in ipairs(topics()) do
        table.insert(candidates, "topic=" .. topic)
      end
    else
      table.insert(candidates, "topic=")
    end
  end
  return vim.tbl_filter(function(candidate)
    return vim.startswith(candidate, arglead)
  end, candidates)
end

local function pick_question(query)
  lsp.exec(protocol.commands.search, { query = query }, function(results)
    if type(results) ~= "table" or #results == 0 then
      vim.notify(("interview-ls: no question matches %q"):format(query), vim.log.levels.INFO)
      return
    end
    vim.ui.select(results, { prompt = "Interview questions", format_item = describe }, function(choice)
      if choice then
        lsp.exec(protocol.commands.show, { id = choice.id })
      end
    end)
  end)
end

function M.search(args)
  if args.args ~= "" then
    pick_question(args.args)
    return
  end
  -- Asked only once the server is known to be there to answer.
  lsp.with_client(function()
    vim.ui.input({ prompt = "Search interview questions: " }, function(query)
      if query and vim.trim(query) ~= "" then
        pick_question(vim.trim(query))
      end
    end)
  end)
end

function M.insert()
  require("interview.examples").insert()
end

return M
