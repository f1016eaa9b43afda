-- Checking the user's settings against the ones the server knows
-- (protocol.settings), and telling the user about a mistake once: when
-- setup() gets it, or when the server reports a key set some other way
-- (vim.lsp.config), whichever comes first.

local protocol = require("interview.protocol")

local M = {}

local islist = vim.islist or vim.tbl_islist

--- A check that `value` is a list whose items all have Lua type `item_type`.
local function list_of(item_type)
  return function(value)
    if type(value) ~= "table" or not islist(value) then
      return false
    end
    for _, item in ipairs(value) do
      if type(item) ~= item_type then
        return false
      end
    end
    return true
  end
end

local kinds = {
  ["list of folder paths"] = list_of("string"),
  boolean = function(value)
    return type(value) == "boolean"
  end,
  string = function(value)
    return type(value) == "string"
  end,
  number = function(value)
    return type(value) == "number"
  end,
  ["string (YYYY-MM-DD)"] = function(value)
    return type(value) == "string" and (value == "" or value:match("^%d%d%d%d%-%d%d%-%d%d$") ~= nil)
  end,
  ["list of minutes"] = list_of("number"),
}

local function known_names()
  return table.concat(
    vim.tbl_map(function(setting)
      return setting.name
    end, protocol.settings),
    ", "
  )
end

--- Whether `name` is a setting the server knows.
---@param name any
function M.is_known(name)
  for _, setting in ipairs(protocol.settings) do
    if setting.name == name then
      return true
    end
  end
  return false
end

--- The table the settings are in: under a section key such as
--- `interviewLs` when there is one, else `options` itself.
---@param options any
function M.section(options)
  if type(options) ~= "table" then
    return options
  end
  for _, key in ipairs(protocol.setting_sections) do
    if options[key] ~= nil then
      return options[key]
    end
  end
  return options
end

--- What is wrong with `options` (what the plugin sends as
--- initializationOptions), as { key, message } pairs sorted by key.
---@param options any
---@return { key: string, message: string }[]
function M.problems(options)
  local settings = M.section(options)
  if settings == nil then
    return {}
  end
  if type(settings) ~= "table" or (next(settings) ~= nil and islist(settings)) then
    return { { key = "", message = ("settings must be a table of names to values, got %s"):format(vim.inspect(settings)) } }
  end
  local by_name = {}
  for _, setting in ipairs(protocol.settings) do
    by_name[setting.name] = setting
  end
  local problems = {} ---@type { key: string, message: string }[]
  for key, value in pairs(settings) do
    local setting = by_name[key]
    if not setting then
      table.insert(problems, {
        key = tostring(key),
        message = ("unknown setting `%s` (known: %s)"):format(tostring(key), known_names()),
      })
    elseif not kinds[setting.kind](value) then
      table.insert(problems, {
        key = key,
        message = ("setting `%s` must be a %s, got %s"):format(key, setting.kind, vim.inspect(value)),
      })
    end
  end
  table.sort(problems, function(a, b)
    return a.key < b.key
  end)
  return problems
end

-- Keys already told about, so each mistake is reported once per session.
local told = {}

--- Tells the user, in one warning, about the problems not told before.
---@param problems { key: string, message: string }[]
function M.warn(problems)
  local fresh = {}
  for _, problem in ipairs(problems) do
    if not told[problem.key] then
      told[problem.key] = true
      table.insert(fresh, problem.message)
    end
  end
  if #fresh > 0 then
    vim.notify("interview-ls: " .. table.concat(fresh, "\n"), vim.log.levels.WARN)
  end
end

--- A window/logMessage handler for the client: a settings warning from the
--- server (a key set through vim.lsp.config rather than setup()) is also
--- shown to the user, once; everything still goes to the LSP log.
function M.log_message_handler(err, params, ctx, config)
  local message = type(params) == "table" and params.message
  if type(message) == "string" and params.type == vim.lsp.protocol.MessageType.Warning and message:find("setting", 1, true) then
    M.warn({ { key = message:match("`([^`]*)`") or message, message = message } })
  end
  return vim.lsp.handlers["window/logMessage"](err, params, ctx, config)
end

return M
