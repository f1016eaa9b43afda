-- Where the server keeps progress, read without the server, for
-- :checkhealth interview (which must work when the server does not start).
-- The folder follows the server's precedence
-- (src/practice/dirs.rs): the `dataDir` setting, then $INTERVIEW_LS_DATA,
-- then the platform's data folder. The file is only read, never written.

local settings = require("interview.settings")

local M = {}

-- vim.loop on Neovim 0.9.
local uv = vim.uv or vim.loop

-- vim.fs.joinpath is 0.10+.
local function join(...)
  return table.concat({ ... }, "/")
end

M.FILE_NAME = "progress.json"

local function nonempty(value)
  return type(value) == "string" and value ~= "" and value or nil
end

--- The platform data folder of the `directories` crate for "interview-ls".
local function platform_dir()
  local sysname = uv.os_uname().sysname
  if sysname == "Darwin" then
    return join(vim.env.HOME or "~", "Library", "Application Support", "interview-ls")
  elseif sysname:find("Windows") then
    return join(vim.env.APPDATA or "", "interview-ls", "data")
  end
  local data = nonempty(vim.env.XDG_DATA_HOME) or join(vim.env.HOME or "~", ".local", "share")
  return join(data, "interview-ls")
end

--- The data folder and where its choice came from.
---@param options? table The client's init_options.
---@return string dir, string source
function M.data_dir(options)
  local section = settings.section(options or {})
  local setting = type(section) == "table" and nonempty(section.dataDir)
  if setting then
    return vim.fn.fnamemodify(vim.fn.expand(setting), ":p"):gsub("/$", ""), "the `dataDir` setting"
  end
  local env = nonempty(vim.env.INTERVIEW_LS_DATA)
  if env then
    return vim.fn.fnamemodify(env, ":p"):gsub("/$", ""), "$INTERVIEW_LS_DATA"
  end
  return platform_dir(), "the platform's data folder"
end

--- The progress file's path.
---@param options? table
function M.path(options)
  return join((M.data_dir(options)), M.FILE_NAME)
end

--- The progress file decoded, nil when there is none, or nil and why it
--- cannot be read.
---@param options? table
---@return table? progress, string? problem
function M.read(options)
  local path = M.path(options)
  if vim.fn.filereadable(path) == 0 then
    return nil
  end
  local ok, lines = pcall(vim.fn.readfile, path)
  if not ok then
    return nil, ("cannot read %s: %s"):format(path, lines)
  end
  local decoded
  ok, decoded = pcall(vim.json.decode, table.concat(lines, "\n"))
  if not ok or type(decoded) ~= "table" then
    return nil, ("%s is not valid JSON; the server moves it aside at its next start"):format(path)
  end
  return decoded
end

return M
