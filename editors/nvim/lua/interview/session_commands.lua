-- The study commands: :InterviewPractice, :InterviewList, :InterviewShow,
-- :InterviewReset and :InterviewPlan, plus completion for question ids.
-- Filters are parsed as for :InterviewRandom (commands.parse_filters).

local commands = require("interview.commands")
local lsp = require("interview.lsp")
local protocol = require("interview.protocol")
local settings = require("interview.settings")

local M = {}

local function error_message(message)
  vim.notify(message, vim.log.levels.ERROR)
end

--- The filters of a command's arguments, or nil after telling what is wrong.
local function filters_of(name, args)
  local filters, problem = commands.parse_filters(args.fargs)
  if not filters then
    error_message(name .. ": " .. problem)
  end
  return filters
end

function M.practice(args)
  local filters = filters_of("InterviewPractice", args)
  if filters then
    require("interview.practice").start(filters)
  end
end

function M.list(args)
  local filters = filters_of("InterviewList", args)
  if filters then
    require("interview.list").pick(filters)
  end
end

-- Why :InterviewRandom picked its question (interview.random's `pick`).
local PICKED = {
  due = "Due for review.",
  new = "A new question.",
  ahead = "Nothing is due: the question due soonest, ahead of schedule.",
}

--- :InterviewRandom: one question by the filters (due first, then new) in
--- the practice split; after its grade the session of those filters goes on.
function M.random(args)
  local filters = filters_of("InterviewRandom", args)
  if not filters then
    return
  end
  local argument = vim.tbl_extend("force", filters, { dialog = false })
  lsp.exec(protocol.commands.random, argument, function(result)
    local why = PICKED[result.pick]
    require("interview.practice").open_question(result.question, filters, result.card, why)
  end)
end

function M.show(args)
  lsp.with_client(function()
    local id = vim.trim(args.args)
    if id == "" then
      error_message("InterviewShow: give a question id, e.g. :InterviewShow di-dependency-injection (<Tab> completes)")
      return
    end
    -- The server writes the answer page and opens it (window/showDocument),
    -- which the plugin shows in the page split.
    lsp.exec(protocol.commands.show, { id = id })
  end)
end

local function reset(argument)
  lsp.exec(protocol.commands.reset, argument, function(result)
    require("interview.status").refresh()
    if argument.id then
      vim.notify(
        (result.reset or 0) > 0 and ("interview-ls: progress of %s reset; it is new again"):format(argument.id)
          or ("interview-ls: %s had no progress to reset"):format(argument.id),
        vim.log.levels.INFO
      )
    end
    -- Resetting everything is announced by the server (with the backup's path).
  end)
end

--- :InterviewReset [ID]: one question at once; everything after a yes.
function M.reset(args)
  local id = vim.trim(args.args)
  if id ~= "" then
    reset({ id = id })
    return
  end
  lsp.with_client(function()
    local yes = "Reset all progress (the old file is kept)"
    vim.ui.select({ yes, "Cancel" }, {
      prompt = "Forget the progress of every question?",
      kind = "interview_confirm",
    }, function(choice)
      if choice == yes then
        reset({})
      end
    end)
  end)
end

--- :InterviewStats: the stats page in the page split.
function M.stats()
  lsp.exec(protocol.commands.stats, { open = false }, function(result)
    if type(result) == "table" and type(result.markdown) == "string" then
      require("interview.pages").show(vim.split(result.markdown, "\n"), "Interview practice statistics")
    end
  end)
end

--- :InterviewPlan [DATE] [MINUTES]: the plan's text in the page split.
function M.plan(args)
  lsp.with_client(function()
    M.plan_for(args)
  end)
end

function M.plan_for(args)
  local argument = {}
  for _, word in ipairs(args.fargs) do
    if word:match("^%d+%.?%d*$") and not argument.minutes then
      argument.minutes = tonumber(word)
    elseif not argument["until"] and not word:match("^%d+%.?%d*$") then
      argument["until"] = word
    else
      error_message(("InterviewPlan: unexpected %q: expected [DATE] [MINUTES], e.g. :InterviewPlan thu 30"):format(word))
      return
    end
  end
  if not argument["until"] then
    local options = settings.section(lsp.config().init_options or {})
    if type(options) ~= "table" or type(options.interviewDate) ~= "string" or options.interviewDate == "" then
      error_message("InterviewPlan: give the interview date (e.g. :InterviewPlan thu 30) or set `interviewDate`")
      return
    end
  end
  lsp.exec(protocol.commands.plan, argument, function(result)
    if type(result) == "table" and type(result.text) == "string" then
      require("interview.pages").show(vim.split(result.text, "\n"), "Interview plan")
    end
  end)
end

-- Question ids for completion, asked once per client.
local ids_cache = {}

--- The bank's ids, or {} when the server is not running.
local function question_ids()
  local client = lsp.client()
  if not client or not client.initialized then
    return {}
  end
  if not ids_cache[client.id] then
    local params = { command = protocol.commands.list, arguments = { vim.empty_dict() } }
    local response
    if vim.fn.has("nvim-0.11") == 1 then
      response = client:request_sync("workspace/executeCommand", params, 2000, 0)
    else
      response = client.request_sync("workspace/executeCommand", params, 2000, 0)
    end
    if not response or type(response.result) ~= "table" or type(response.result.questions) ~= "table" then
      return {} -- asked again at the next <Tab>
    end
    ids_cache[client.id] = vim.tbl_map(function(q)
      return q.id
    end, response.result.questions)
  end
  return ids_cache[client.id]
end

function M.complete_ids(arglead)
  return vim.tbl_filter(function(id)
    return vim.startswith(id, arglead)
  end, question_ids())
end

return M
