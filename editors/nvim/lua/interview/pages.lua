-- Answer, stats, plan and explanation pages: one read-only scratch buffer,
-- reused for every page, in a split beside the code. The server opens its
-- pages with window/showDocument; the plugin's handler shows them here
-- instead of in the user's window.

local ui = require("interview.ui")

local M = {}

local NAME = "interview://page"

--- Shows `lines` in the page split, scrolled to the top.
---@param lines string[]
---@param title? string What the page is, for the window bar.
---@return integer bufnr
function M.show(lines, title)
  local bufnr = ui.buffer("page", NAME)
  ui.set_lines(bufnr, lines)
  vim.b[bufnr].interview_title = title
  local win = ui.show(bufnr, "split")
  -- The title's start says what the page is: cut its end, not its start.
  local keys = " · q close"
  local room = vim.api.nvim_win_get_width(win) - vim.fn.strdisplaywidth(keys) - 1
  title = title or "interview-ls"
  if vim.fn.strdisplaywidth(title) > room then
    title = vim.fn.strcharpart(title, 0, math.max(room - 1, 1)) .. "…"
  end
  vim.wo[win].winbar = "%#Title#" .. title:gsub("%%", "%%%%") .. "%*" .. keys
  vim.api.nvim_win_set_cursor(win, { 1, 0 })
  vim.keymap.set("n", "q", function()
    ui.close(bufnr)
  end, { buffer = bufnr, nowait = true, desc = "Close the interview page" })
  return bufnr
end

--- The page's title: its first Markdown heading, else the file name.
local function title_of(lines, path)
  for _, line in ipairs(lines) do
    local heading = line:match("^#%s+(.+)$")
    if heading then
      return heading
    end
  end
  return vim.fn.fnamemodify(path, ":t")
end

--- `params` with its selection kept inside the document's buffer: the
--- server moves the cursor to code it inserted, and the text may have
--- changed (an undo) before the request arrives; Neovim's handler fails on a
--- line past the end.
local function clamped(params)
  local selection = type(params) == "table" and params.selection
  if type(selection) ~= "table" or type(params.uri) ~= "string" then
    return params
  end
  local bufnr = vim.uri_to_bufnr(params.uri)
  if not vim.api.nvim_buf_is_loaded(bufnr) then
    return params
  end
  local last = vim.api.nvim_buf_line_count(bufnr) - 1
  params = vim.deepcopy(params)
  for _, key in ipairs({ "start", "end" }) do
    local position = params.selection[key]
    if type(position) == "table" and type(position.line) == "number" and position.line > last then
      params.selection[key] = { line = last, character = 0 }
    end
  end
  return params
end

--- A window/showDocument handler for the interview_ls client: the server's
--- pages (Markdown files it wrote to its cache) open in the page split; any
--- other document goes to Neovim's own handler.
function M.show_document_handler(err, params, ctx, config)
  local uri = type(params) == "table" and params.uri
  if err or params.external or type(uri) ~= "string" or not uri:match("^file:") or not uri:match("%.md$") then
    return vim.lsp.handlers["window/showDocument"](err, clamped(params), ctx, config)
  end
  local path = vim.uri_to_fname(uri)
  local ok, lines = pcall(vim.fn.readfile, path)
  if not ok then
    return { success = false }
  end
  M.show(lines, title_of(lines, path))
  return { success = true }
end

return M
