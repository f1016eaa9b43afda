-- The interview-ls client configuration for Neovim's native LSP (0.11+).
--
-- Neovim finds this file on 'runtimepath' as `lsp/interview_ls.lua`, so with
-- the plugin on the runtimepath `vim.lsp.enable("interview_ls")` is all a
-- user of the native configuration needs. Options passed to
-- `require("interview").setup()` are merged over this table with
-- `vim.lsp.config()`.

---@type vim.lsp.Config
return {
  -- `interview-ls` with no subcommand serves LSP on stdio.
  cmd = { "interview-ls" },
  filetypes = { "python" },
  -- Questions are about a whole project's framework code, so attach at the
  -- project root; a lone file still gets a client (root_dir is optional).
  root_markers = { "pyproject.toml", "setup.py", "setup.cfg", "requirements.txt", ".git" },
  -- The server reads its settings from initializationOptions, either flat or
  -- under "interviewLs"; unknown keys come back as warnings in the LSP log
  -- (vim.lsp.get_log_path()), which the plugin also shows with vim.notify.
  -- An object even when empty: a Lua `{}` would be sent as the array `[]`.
  init_options = vim.empty_dict(),
  before_init = function(params)
    local options = params.initializationOptions
    if type(options) ~= "table" or next(options) == nil then
      params.initializationOptions = vim.empty_dict()
    end
  end,
}
