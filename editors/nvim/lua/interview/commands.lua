-- The :Interview* user commands. Each one asks the server through
-- workspace/executeCommand and shows results with vim.ui.select and
-- vim.ui.input, so Telescope, fzf-lua or dressing.nvim take over the
-- pickers when installed. The server drives the practice flow itself with
-- window/showMessageRequest, which Neovim also routes through vim.ui.select.

local lsp = require("interview.lsp")
local protocol = require("interview.protocol")

local M = {}

local function describe(question)
  return ("[%s] %s"):format(question.difficulty or "?", question.title or question.id)
end

function M.random(args)
  local difficulty = args.fargs[1]
  if difficulty and not vim.tbl_contains(protocol.difficulties, difficulty) then
    vim.notify(
      ("InterviewRandom: unknown difficulty %q (one of %s)"):format(difficulty, table.concat(protocol.difficulties, ", ")),
      vim.log.levels.ERROR
    )
    return
  end
  lsp.exec(protocol.commands.random, { difficulty = difficulty })
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
  vim.ui.input({ prompt = "Search interview questions: " }, function(query)
    if query and query ~= "" then
      pick_question(query)
    end
  end)
end

--- One line per figure; the server also opens its full stats page.
local function stats_lines(stats)
  local overall = stats.overall or {}
  local lines = {
    ("due today: %d"):format(overall.dueToday or 0),
    ("seen: %d of %d questions"):format(overall.seen or 0, overall.total or 0),
    ("streak: %d days, %d graded today"):format(stats.streak or 0, stats.gradedToday or 0),
  }
  if type(overall.retention) == "number" then
    table.insert(lines, ("retention: %d%%"):format(math.floor(overall.retention * 100 + 0.5)))
  end
  return lines
end

function M.stats()
  lsp.exec(protocol.commands.stats, { open = true }, function(result)
    if type(result) == "table" and type(result.stats) == "table" then
      vim.notify("Interview practice\n" .. table.concat(stats_lines(result.stats), "\n"), vim.log.levels.INFO)
    end
  end)
end

function M.insert()
  local client = lsp.client()
  local win = vim.api.nvim_get_current_win()
  local bufnr = vim.api.nvim_get_current_buf()
  if not client then
    lsp.exec(protocol.commands.snippets) -- reports that the server is not running
    return
  end
  -- Taken now: the picker may move focus before a choice is made.
  local position = vim.lsp.util.make_position_params(win, client.offset_encoding).position
  lsp.exec(protocol.commands.snippets, nil, function(snippets)
    if type(snippets) ~= "table" or #snippets == 0 then
      vim.notify("interview-ls: the bank has no snippets", vim.log.levels.INFO)
      return
    end
    vim.ui.select(snippets, {
      prompt = "Insert example",
      format_item = function(snippet)
        return snippet.title or snippet.id
      end,
    }, function(choice)
      if choice then
        -- The server applies the edit with workspace/applyEdit (one undo step)
        -- and answers whether the editor took it.
        lsp.exec(protocol.commands.insert_snippet, {
          id = choice.id,
          uri = vim.uri_from_bufnr(bufnr),
          position = position,
        }, function(result)
          if type(result) == "table" and result.applied == false then
            vim.notify(
              ("interview-ls: could not insert %q: %s"):format(
                choice.title or choice.id,
                result.failureReason or "the edit was not applied"
              ),
              vim.log.levels.WARN
            )
          end
        end)
      end
    end)
  end)
end

return M
