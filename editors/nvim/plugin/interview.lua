-- Loaded once at startup: enables the client and defines the user commands.
-- The work happens in lua/interview/, required only when a command runs or a
-- Python buffer opens, so startup stays cheap.

if vim.g.loaded_interview == 1 then
  return
end
vim.g.loaded_interview = 1

if vim.fn.has("nvim-0.9") == 0 then
  vim.notify("interview.nvim needs Neovim 0.9 or newer", vim.log.levels.WARN)
  return
end

require("interview.lsp").enable()

local function command(name, fn, opts)
  vim.api.nvim_create_user_command(name, function(args)
    require("interview.commands")[fn](args)
  end, opts)
end

-- The study commands live in interview.session_commands.
local function study(name, fn, opts)
  vim.api.nvim_create_user_command(name, function(args)
    require("interview.session_commands")[fn](args)
  end, opts)
end

local function complete_filters(arglead, cmdline)
  return require("interview.commands").complete_filters(arglead, cmdline)
end

local function complete_ids(arglead)
  return require("interview.session_commands").complete_ids(arglead)
end

local FILTERS = "(filters: easy|medium|hard, flask|fastapi|general, topic=NAME)"

study("InterviewPractice", "practice", {
  nargs = "*",
  desc = "Practise today's cards in a split " .. FILTERS,
  complete = complete_filters,
})
study("InterviewList", "list", {
  nargs = "*",
  desc = "Pick a question from the list and practise it " .. FILTERS,
  complete = complete_filters,
})
study("InterviewRandom", "random", {
  nargs = "*",
  desc = "Practise one question, due ones first " .. FILTERS,
  complete = complete_filters,
})
study("InterviewShow", "show", { nargs = "?", desc = "Open a question's answer page by id", complete = complete_ids })
study("InterviewReset", "reset", {
  nargs = "?",
  desc = "Forget one question's progress, or everything (asks first)",
  complete = complete_ids,
})
study("InterviewStats", "stats", { nargs = 0, desc = "Show interview practice statistics" })
study("InterviewPlan", "plan", { nargs = "*", desc = "Plan backwards from the interview date: [DATE] [MINUTES]" })
command("InterviewSearch", "search", { nargs = "*", desc = "Search interview questions and open one" })
command("InterviewInsert", "insert", { nargs = 0, desc = "Insert an example snippet at the cursor" })
