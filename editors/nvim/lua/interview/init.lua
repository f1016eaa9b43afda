-- The plugin's one entry point for users: require("interview").setup({...}).
--
-- Calling setup() is optional; plugin/interview.lua already enables the
-- client with the defaults from lsp/interview_ls.lua. setup() only layers
-- the user's choices over them.

local M = {}

---@class interview.Settings
---@field questionPaths? string[] Extra bank folders, laid over the built-in bank.
---@field diagnostics? boolean Anti-pattern tips as diagnostics (default true).
---@field codeLens? boolean Question lenses above route handlers (default true).
---@field dataDir? string Where practice progress is stored.

---@class interview.Options
---@field cmd? string[] How to start the server; default { "interview-ls" } from PATH.
---@field settings? interview.Settings Sent as initializationOptions.
---@field practice? { layout?: "split"|"float" } Where :InterviewPractice opens (default "split").

---@param opts? interview.Options
function M.setup(opts)
  opts = opts or {}
  if opts.cmd ~= nil and (type(opts.cmd) ~= "table" or type(opts.cmd[1]) ~= "string") then
    error('interview.setup: `cmd` must be a list such as { "interview-ls" }', 2)
  end
  if opts.settings ~= nil and type(opts.settings) ~= "table" then
    error("interview.setup: `settings` must be a table", 2)
  end
  if opts.practice ~= nil then
    local layout = type(opts.practice) == "table" and opts.practice.layout or nil
    if type(opts.practice) ~= "table" or (layout ~= nil and layout ~= "split" and layout ~= "float") then
      error('interview.setup: `practice` must be { layout = "split" } or { layout = "float" }', 2)
    end
    require("interview.ui").options.practice = layout or "split"
  end
  -- A misspelt or mistyped setting is told once, and still sent: the
  -- server ignores it and logs why.
  local settings = require("interview.settings")
  local problems = settings.problems(opts.settings)
  for key in pairs(opts) do
    if key ~= "cmd" and key ~= "settings" and key ~= "practice" then
      local hint = settings.is_known(key) and ("; `%s` is a setting, so it goes under `settings`"):format(key) or ""
      table.insert(problems, {
        key = "setup." .. tostring(key),
        message = ("unknown option `%s` for setup() (known: cmd, settings, practice)%s"):format(tostring(key), hint),
      })
    end
  end
  settings.warn(problems)
  require("interview.lsp").configure({ cmd = opts.cmd, init_options = opts.settings })
end

--- For a statusline: "3 due" (reviews due now), "" until the server has
--- answered. Cheap: a cached string, refreshed in the background.
---@return string
function M.status()
  return require("interview.status").status()
end

return M
