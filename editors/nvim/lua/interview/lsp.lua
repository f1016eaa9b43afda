-- Starting the client and talking to it, on every supported Neovim.
--
-- 0.11+ uses the native vim.lsp.config/vim.lsp.enable with
-- lsp/interview_ls.lua. 0.9 and 0.10 have neither, so there a FileType
-- autocmd calls vim.lsp.start with the same table, which reuses a running
-- client with the same name and root. Keeping both paths in this one file
-- means the rest of the plugin never asks which Neovim it runs on.

local settings = require("interview.settings")
local examples = require("interview.examples")

local M = {}

-- vim.loop on Neovim 0.9.
local uv = vim.uv or vim.loop

M.name = "interview_ls"

-- What setup() asked for, kept for the 0.9/0.10 path (0.11 stores it in
-- vim.lsp.config itself).
local overrides = {}

-- Added to the configuration by the plugin (not by lsp/interview_ls.lua, so
-- that file stays usable on its own).
local plugin_config = {
  handlers = {
    ["window/logMessage"] = settings.log_message_handler,
    -- The server's answer, stats and explanation pages open in the page
    -- split, never in the user's window.
    ["window/showDocument"] = function(...)
      return require("interview.pages").show_document_handler(...)
    end,
  },
  -- Commands the client runs itself when a code lens (or another server
  -- command object) asks for them.
  commands = {
    -- A lens "3 interview questions" practises exactly those questions.
    ["interview.random"] = function(command, ctx)
      require("interview.lens").run(command, ctx)
    end,
    -- "Insert example…": the file's examples in vim.ui.select.
    [examples.PICK_EXAMPLE] = function(command)
      examples.run(command)
    end,
  },
  -- Tells the server the plugin runs "Insert example…" itself.
  capabilities = examples.capabilities(),
}

local function native()
  return vim.fn.has("nvim-0.11") == 1
end

local function base_config()
  local file = vim.api.nvim_get_runtime_file("lsp/" .. M.name .. ".lua", false)[1]
  if not file then
    error("interview: lsp/" .. M.name .. ".lua is not on 'runtimepath'")
  end
  return dofile(file)
end

--- `value` as something vim.json.encode turns into an object: a table with
--- no keys encodes as `[]`, so it becomes vim.empty_dict().
---@param value? table
---@return table
function M.object(value)
  if value == nil or next(value) == nil then
    return vim.empty_dict()
  end
  return value
end

---@param opts table Fields to merge over lsp/interview_ls.lua; nil fields are ignored.
function M.configure(opts)
  if opts.init_options ~= nil then
    opts.init_options = M.object(opts.init_options)
  end
  overrides = vim.tbl_deep_extend("force", overrides, opts)
  if native() then
    vim.lsp.config(M.name, opts)
  end
end

--- The configuration the client is (or will be) started with.
---@return table
function M.config()
  if native() then
    return vim.lsp.config[M.name] or {}
  end
  return vim.tbl_deep_extend("force", base_config(), plugin_config, overrides)
end

--- The configured server program when it cannot be run (not an executable
--- file and not on PATH), else nil. A `cmd` function is not checked.
---@return string?
function M.missing_binary()
  local cmd = M.config().cmd
  if type(cmd) == "table" and type(cmd[1]) == "string" and vim.fn.executable(cmd[1]) == 0 then
    return cmd[1]
  end
end

-- Whether the user was told that the binary is missing (once per session).
local told_missing = false

local function warn_if_missing()
  local missing = M.missing_binary()
  if not missing or told_missing then
    return missing
  end
  told_missing = true
  -- Short enough for one line: :checkhealth says how to install it.
  vim.notify(
    ("interview-ls cannot start: `%s` is not an executable on PATH; see :checkhealth interview"):format(missing),
    vim.log.levels.WARN
  )
  return missing
end

local function start(bufnr)
  if warn_if_missing() then
    return
  end
  local config = vim.deepcopy(M.config())
  local path = vim.api.nvim_buf_get_name(bufnr)
  local marker = path ~= ""
    and vim.fs.find(config.root_markers or {}, { upward = true, path = vim.fs.dirname(path) })[1]
  config.name = M.name
  config.root_dir = marker and vim.fs.dirname(marker) or nil
  config.root_markers, config.filetypes = nil, nil
  vim.lsp.start(config, { bufnr = bufnr })
end

local function attachable(bufnr)
  return vim.bo[bufnr].buftype == ""
end

--- The absolute, resolved folders of the `questionPaths` setting.
function M.question_folders()
  local options = settings.section(M.config().init_options or {})
  local folders = {}
  if type(options) == "table" and type(options.questionPaths) == "table" then
    for _, folder in ipairs(options.questionPaths) do
      if type(folder) == "string" and folder ~= "" then
        local full = vim.fn.fnamemodify(vim.fn.expand(folder), ":p")
        local folder = (uv.fs_realpath(full) or full):gsub("/$", "")
        table.insert(folders, folder)
      end
    end
  end
  return folders
end

--- The question folder `bufnr`'s file is in, if it is a bank file there.
local function bank_folder(bufnr)
  local path = vim.api.nvim_buf_get_name(bufnr)
  if path == "" or not path:match("%.md$") then
    return nil
  end
  path = uv.fs_realpath(path) or vim.fn.fnamemodify(path, ":p")
  for _, folder in ipairs(M.question_folders()) do
    if vim.startswith(path, folder .. "/") then
      return folder
    end
  end
end

--- Bank Markdown files inside `questionPaths` get the server too (its bank
--- diagnostics and live re-index), through the client already running when
--- there is one.
local function attach_bank_file(bufnr)
  local folder = attachable(bufnr) and bank_folder(bufnr)
  if not folder or warn_if_missing() then
    return
  end
  local running = M.client()
  local config = vim.deepcopy(M.config())
  config.name = M.name
  config.root_dir = running and running.config.root_dir or folder
  config.root_markers, config.filetypes = nil, nil
  vim.lsp.start(config, {
    bufnr = bufnr,
    reuse_client = function(client)
      return client.name == M.name
    end,
  })
end

function M.enable()
  local group = vim.api.nvim_create_augroup("interview_ls", { clear = true })
  local filetypes = base_config().filetypes
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = "markdown",
    callback = function(event)
      -- Scheduled: on 0.11 vim.lsp.enable's own FileType callback detaches
      -- clients whose `filetypes` lack the buffer's, and it runs after this.
      vim.schedule(function()
        if vim.api.nvim_buf_is_valid(event.buf) then
          attach_bank_file(event.buf)
        end
      end)
    end,
  })
  vim.api.nvim_create_autocmd("LspAttach", {
    group = group,
    callback = function(event)
      local client = vim.lsp.get_client_by_id(event.data.client_id)
      if client and client.name == M.name then
        require("interview.lens").attach(client, event.buf)
        require("interview.status").start()
      end
    end,
  })
  if native() then
    vim.lsp.config(M.name, plugin_config)
    vim.lsp.enable(M.name)
    -- vim.lsp.enable only logs a missing binary to the LSP log.
    vim.api.nvim_create_autocmd("FileType", {
      group = group,
      pattern = filetypes,
      callback = function(event)
        if attachable(event.buf) then
          warn_if_missing()
        end
      end,
    })
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = filetypes,
    callback = function(event)
      if attachable(event.buf) then
        start(event.buf)
      end
    end,
  })
end

--- The running client for a buffer, else any running interview-ls client:
--- practice commands make sense from any buffer once the server is up.
---@param bufnr? integer
function M.client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  -- 0.11 leaves a client that is still initialising out unless asked
  -- (older versions ignore the field); with_client() waits for it.
  return get({ name = M.name, bufnr = bufnr or 0, _uninitialized = true })[1]
    or get({ name = M.name, _uninitialized = true })[1]
end

--- Whether a buffer the client starts for (a Python file) is open.
local function startable_buffer_open()
  local filetypes = M.config().filetypes or {}
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if
      vim.api.nvim_buf_is_loaded(bufnr)
      and attachable(bufnr)
      and vim.tbl_contains(filetypes, vim.bo[bufnr].filetype)
    then
      return true
    end
  end
  return false
end

--- Why there is no client, as the message a command shows.
local function not_running()
  local missing = M.missing_binary()
  if missing then
    return ("cannot run interview-ls: `%s` is not an executable on PATH; see :checkhealth interview"):format(missing)
  end
  if not startable_buffer_open() then
    return "interview-ls is not running: open a Python file first (see :checkhealth interview)"
  end
  return "interview-ls is not running although a Python file is open: it failed to start or has stopped "
    .. "(see the LSP log, named by :checkhealth vim.lsp, and :checkhealth interview)"
end

-- How long a command waits for a client that is still starting (as with
-- `nvim main.py +InterviewRandom`); initialising takes milliseconds.
local START_TIMEOUT_MS = 10000

--- Calls fn(client) with the initialised client, or tells the user why
--- there is none.
---@param fn fun(client: table)
function M.with_client(fn)
  local client = M.client()
  if client and not client.initialized then
    vim.wait(START_TIMEOUT_MS, function()
      return client.initialized or vim.lsp.get_client_by_id(client.id) == nil
    end, 20)
    client = M.client()
  end
  if not client or not client.initialized then
    vim.notify(not_running(), vim.log.levels.ERROR)
    return
  end
  fn(client)
end

--- Runs a server command and calls on_result(result) with its JSON result.
---@param command string One of require("interview.protocol").commands.
---@param argument? table The command's argument object; nil or {} sends `{}`.
---@param on_result? fun(result: any)
---@param on_error? fun(err?: table) Called after the error is shown, or when nothing could be sent.
function M.exec(command, argument, on_result, on_error)
  local sent = false
  M.with_client(function(client)
    sent = true
    local params = { command = command, arguments = { M.object(argument) } }
    local function handler(err, result)
      if err then
        vim.notify(("interview-ls: %s failed: %s"):format(command, err.message), vim.log.levels.ERROR)
        if on_error then
          on_error(err)
        end
      elseif on_result then
        on_result(result)
      end
    end
    -- A plain request, not client:exec_cmd: the client handles some of the
    -- server's commands itself when a code lens runs them (see
    -- client_commands), and these requests must reach the server.
    if vim.fn.has("nvim-0.11") == 1 then
      client:request("workspace/executeCommand", params, handler, 0)
    else
      client.request("workspace/executeCommand", params, handler, 0)
    end
  end)
  if not sent and on_error then
    on_error(nil)
  end
end

return M
