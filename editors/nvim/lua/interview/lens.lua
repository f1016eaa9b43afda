-- Code lenses ("3 interview questions" above route handlers): Neovim draws
-- them only after vim.lsp.codelens.refresh(), so the plugin refreshes them
-- when the client attaches, when the buffer is entered and after edits. A
-- lens runs `interview.random {keywords}`; the client handles that command
-- itself (lsp.lua's client commands) and opens a practice session on exactly
-- the questions the lens counted.

local M = {}

local function refresh(bufnr)
  if vim.api.nvim_buf_is_valid(bufnr) and vim.api.nvim_buf_is_loaded(bufnr) then
    vim.lsp.codelens.refresh({ bufnr = bufnr })
  end
end

--- Keeps `bufnr`'s lenses current while the client serves it.
---@param client table
---@param bufnr integer
function M.attach(client, bufnr)
  if not client.server_capabilities.codeLensProvider or vim.b[bufnr].interview_lenses then
    return
  end
  vim.b[bufnr].interview_lenses = true
  local group = vim.api.nvim_create_augroup("interview_lens_" .. bufnr, { clear = true })
  vim.api.nvim_create_autocmd({ "BufEnter", "InsertLeave", "TextChanged" }, {
    group = group,
    buffer = bufnr,
    callback = function()
      refresh(bufnr)
    end,
  })
  vim.api.nvim_create_autocmd("LspDetach", {
    group = group,
    buffer = bufnr,
    callback = function(event)
      if event.data.client_id == client.id then
        vim.b[bufnr].interview_lenses = nil
        pcall(vim.api.nvim_del_augroup_by_id, group)
      end
    end,
  })
  refresh(bufnr)
end

--- Runs a lens's command: practise the questions it counted.
---@param command table { command = "interview.random", arguments = { { keywords = … } } }
function M.run(command)
  local argument = type(command.arguments) == "table" and command.arguments[1] or {}
  local session = {}
  for _, key in ipairs({ "keywords", "difficulty", "framework", "topic" }) do
    session[key] = type(argument) == "table" and argument[key] or nil
  end
  require("interview.practice").start(session)
end

return M
