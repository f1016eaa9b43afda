-- Starting the client and talking to it, on every supported Neovim.
--
-- 0.11+ uses the native vim.lsp.config/vim.lsp.enable with
-- lsp/interview_ls.lua. 0.9 and 0.10 have neither, so there a FileType
-- autocmd calls vim.lsp.start with the same table, which reuses a running
-- client with the same name and root. Keeping both paths in this one file
-- means the rest of the plugin never asks which Neovim it runs on.

local M = {}

M.name = "interview_ls"

-- What setup() asked for, kept for the 0.9/0.10 path (0.11 stores it in
-- vim.lsp.config itself).
local overrides = {}

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

---@param opts table Fields to merge over lsp/interview_ls.lua; nil fields are ignored.
function M.configure(opts)
  overrides = vim.tbl_deep_extend("force", overrides, opts)
  if native() then
    vim.lsp.config(M.name, opts)
  end
end

--- The configuration the client is (or will be) started with.
---@return table
function M.config()
  if native() then
    return vim.lsp.config[M.name]
  end
  return vim.tbl_deep_extend("force", base_config(), overrides)
end

local function start(bufnr)
  local config = vim.deepcopy(M.config())
  local path = vim.api.nvim_buf_get_name(bufnr)
  local marker = path ~= ""
    and vim.fs.find(config.root_markers or {}, { upward = true, path = vim.fs.dirname(path) })[1]
  config.name = M.name
  config.root_dir = marker and vim.fs.dirname(marker) or nil
  config.root_markers, config.filetypes = nil, nil
  vim.lsp.start(config, { bufnr = bufnr })
end

function M.enable()
  if native() then
    vim.lsp.enable(M.name)
    return
  end
  vim.api.nvim_create_autocmd("FileType", {
    group = vim.api.nvim_create_augroup("interview_ls", { clear = true }),
    pattern = base_config().filetypes,
    callback = function(event)
      start(event.buf)
    end,
  })
end

--- The running client for a buffer, else any running interview-ls client:
--- practice commands make sense from any buffer once the server is up.
---@param bufnr? integer
function M.client(bufnr)
  local get = vim.lsp.get_clients or vim.lsp.get_active_clients
  return get({ name = M.name, bufnr = bufnr or 0 })[1] or get({ name = M.name })[1]
end

--- Runs a server command and calls on_result(result) with its JSON result.
---@param command string One of require("interview.protocol").commands.
---@param argument? table The command's single argument object.
---@param on_result? fun(result: any)
function M.exec(command, argument, on_result)
  local client = M.client()
  if not client then
    vim.notify(
      "interview-ls is not running: open a Python file first (see :checkhealth interview)",
      vim.log.levels.ERROR
    )
    return
  end
  local arguments = argument and { argument } or nil
  local function handler(err, result)
    if err then
      vim.notify(("interview-ls: %s failed: %s"):format(command, err.message), vim.log.levels.ERROR)
    elseif on_result then
      on_result(result)
    end
  end
  if client.exec_cmd then
    -- 0.11+: checks the command is one the server advertised.
    client:exec_cmd({ title = command, command = command, arguments = arguments }, { bufnr = 0 }, handler)
  else
    client.request("workspace/executeCommand", { command = command, arguments = arguments }, handler, 0)
  end
end

return M
