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

command("InterviewRandom", "random", {
  nargs = "*",
  desc = "Ask a random interview question (filters: easy|medium|hard, flask|fastapi|general, topic=NAME)",
  complete = function(arglead, cmdline)
    return require("interview.commands").complete_filters(arglead, cmdline)
  end,
})
command("InterviewSearch", "search", { nargs = "*", desc = "Search interview questions and open one" })
command("InterviewStats", "stats", { nargs = 0, desc = "Show interview practice statistics" })
command("InterviewInsert", "insert", { nargs = 0, desc = "Insert an example snippet at the cursor" })
