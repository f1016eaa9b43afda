-- require("interview").status(): "3 due" for a statusline. The statusline
-- is drawn often, so status() only returns a cached string; the cache is
-- refreshed in the background (an async interview.next) when the client
-- attaches, after every grade, skip or undo, and once a minute.

local protocol = require("interview.protocol")

local M = {}

-- vim.loop on Neovim 0.9.
local uv = vim.uv or vim.loop

M.INTERVAL_MS = 60 * 1000

local cached = ""
local in_flight = false
local timer

--- The cached text: "3 due", or "" before the server has answered.
---@return string
function M.status()
  return cached
end

--- Asks the server for today's counts, unless a request is already out;
--- never waits and never tells the user anything (a statusline is quiet).
function M.refresh()
  local client = require("interview.lsp").client()
  if in_flight or not client or not client.initialized then
    return
  end
  in_flight = true
  local params = { command = protocol.commands.next, arguments = { vim.empty_dict() } }
  local function handler(err, result)
    in_flight = false
    if not err and type(result) == "table" and type(result.counts) == "table" then
      local text = ("%d due"):format(result.counts.due or 0)
      if text ~= cached then
        cached = text
        vim.cmd("redrawstatus")
      end
    end
  end
  local ok = pcall(function()
    if vim.fn.has("nvim-0.11") == 1 then
      client:request("workspace/executeCommand", params, handler)
    else
      client.request("workspace/executeCommand", params, handler)
    end
  end)
  if not ok then
    in_flight = false
  end
end

--- Starts the minute timer (once) and refreshes now.
function M.start()
  if not timer then
    timer = uv.new_timer()
    timer:start(M.INTERVAL_MS, M.INTERVAL_MS, vim.schedule_wrap(M.refresh))
  end
  M.refresh()
end

return M
