-- :InterviewList [filters] — every question of the bank (with your
-- `questionPaths`) in a vim.ui.select picker, so telescope, fzf-lua, snacks
-- or mini.pick take over when they provide ui-select: status, difficulty
-- and title. Choosing one opens it in the practice split.
--
-- The list comes from `interview-ls list --json` with the same filters and
-- folders the server uses (the server has no listing command), run without
-- blocking; each status is read from the progress file (progress.lua).

local lsp = require("interview.lsp")
local progress = require("interview.progress")
local protocol = require("interview.protocol")

local M = {}

-- Widest status word, so titles line up.
local STATUS_WIDTH = #"learning"

--- One picker line: `due      medium  How does Depends work?`.
function M.format(item)
  return ("%-" .. STATUS_WIDTH .. "s  %-6s  %s"):format(item.status, item.difficulty or "?", item.title or item.id)
end

--- The `interview-ls list --json` command line for `filters`.
local function list_command(filters)
  local cmd = { lsp.config().cmd[1] }
  for _, folder in ipairs(lsp.question_folders()) do
    vim.list_extend(cmd, { "--questions", folder })
  end
  vim.list_extend(cmd, { "list", "--json" })
  for _, key in ipairs({ "difficulty", "framework", "topic" }) do
    if filters[key] then
      vim.list_extend(cmd, { "--" .. key, filters[key] })
    end
  end
  return cmd
end

--- Runs `cmd` and calls on_done(code, stdout, stderr) on the main loop.
local function run(cmd, on_done)
  if vim.system then
    vim.system(cmd, { text = true }, vim.schedule_wrap(function(done)
      on_done(done.code, done.stdout or "", done.stderr or "")
    end))
    return
  end
  local output = vim.fn.system(cmd) -- Neovim 0.9
  on_done(vim.v.shell_error, output, output)
end

--- Opens `id` in the practice split, its session being `filters`.
local function open(id, filters)
  lsp.exec(protocol.commands.show, { id = id, open = false }, function(result)
    require("interview.practice").open_question(result.question, filters, result.card)
  end)
end

--- The questions matching `filters`, with their status, to on_items(items).
---@param filters table
---@param on_items fun(items: table[])
function M.items(filters, on_items)
  run(list_command(filters), function(code, stdout, stderr)
    if code ~= 0 then
      -- The CLI's own message names the bad value and the closest good one.
      local message = vim.trim(stderr):gsub("^error: ", "")
      vim.notify("InterviewList: " .. message, vim.log.levels.ERROR)
      return
    end
    local ok, questions = pcall(vim.json.decode, stdout)
    if not ok or type(questions) ~= "table" then
      vim.notify("InterviewList: `interview-ls list --json` printed no list", vim.log.levels.ERROR)
      return
    end
    local saved, problem = progress.read(lsp.config().init_options)
    if problem then
      vim.notify("InterviewList: " .. problem, vim.log.levels.WARN)
    end
    local cards = type(saved) == "table" and type(saved.cards) == "table" and saved.cards or {}
    local now = os.date("!%Y-%m-%dT%H:%M:%SZ")
    for _, question in ipairs(questions) do
      question.status = progress.status(cards[question.id], now)
    end
    on_items(questions)
  end)
end

--- :InterviewList with parsed filters.
---@param filters table
function M.pick(filters)
  lsp.with_client(function()
    M.items(filters, function(items)
      if #items == 0 then
        vim.notify("interview-ls: no question matches these filters", vim.log.levels.INFO)
        return
      end
      vim.ui.select(items, { prompt = "Interview questions", format_item = M.format, kind = "interview_question" }, function(choice)
        if choice then
          open(choice.id, filters)
        end
      end)
    end)
  end)
end

return M
