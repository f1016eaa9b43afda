-- :InterviewList [filters] — every question matching the filters
-- (interview.list: the bank with your `questionPaths`, and where each
-- question stands) in a vim.ui.select picker, so telescope, fzf-lua, snacks
-- or mini.pick take over when they provide ui-select: status, difficulty
-- and title. Choosing one opens it in the practice split.

local lsp = require("interview.lsp")
local protocol = require("interview.protocol")

local M = {}

-- Widest status word, so titles line up.
local STATUS_WIDTH = #"learning"

--- One picker line: `due      medium  How does Depends work?`.
function M.format(item)
  return ("%-" .. STATUS_WIDTH .. "s  %-6s  %s"):format(item.standing or "?", item.difficulty or "?", item.title or item.id)
end

--- Opens `id` in the practice split, its session being `filters`.
local function open(id, filters)
  lsp.exec(protocol.commands.show, { id = id, open = false }, function(result)
    require("interview.practice").open_question(result.question, filters, result.card)
  end)
end

--- :InterviewList with parsed filters.
---@param filters table
function M.pick(filters)
  lsp.exec(protocol.commands.list, filters, function(result)
    local items = type(result) == "table" and result.questions or {}
    if #items == 0 then
      vim.notify("interview-ls: no question matches these filters", vim.log.levels.INFO)
      return
    end
    local prompt = ("Interview questions (%s)"):format(result.message or "")
    vim.ui.select(items, { prompt = prompt, format_item = M.format, kind = "interview_question" }, function(choice)
      if choice then
        open(choice.id, filters)
      end
    end)
  end)
end

return M
