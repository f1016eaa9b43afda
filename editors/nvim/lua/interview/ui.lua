-- The plugin's own windows: one scratch buffer per kind ("practice",
-- "page"), reused rather than piling up, shown in a split beside the
-- user's code (or a float) and never in the user's own window.

local M = {}

--- Options set by setup({ ui = … }); see :help interview.setup().
M.options = {
  -- "split" (beside the code: vertical on a wide screen, else below) or "float".
  practice = "split",
}

--- The scratch buffer of `kind`, created once: unlisted, not a file, kept
--- when hidden, read-only until ui.set_lines() writes it.
---@param kind string
---@param name string The buffer name, e.g. "interview://practice".
---@return integer bufnr
function M.buffer(kind, name)
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.b[bufnr].interview_kind == kind then
      return bufnr
    end
  end
  -- After :bdelete the buffer keeps its name but loses its variables,
  -- options and keys: wipe it and start afresh.
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_get_name(bufnr) == name then
      vim.api.nvim_buf_delete(bufnr, { force = true })
    end
  end
  local bufnr = vim.api.nvim_create_buf(false, true)
  vim.b[bufnr].interview_kind = kind
  vim.api.nvim_buf_set_name(bufnr, name)
  vim.bo[bufnr].bufhidden = "hide"
  vim.bo[bufnr].swapfile = false
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].readonly = true
  vim.bo[bufnr].filetype = "markdown"
  -- Tree-sitter highlighting (with code blocks injected) where the markdown
  -- parser is available; the regex syntax of ft=markdown otherwise.
  pcall(vim.treesitter.start, bufnr, "markdown")
  return bufnr
end

--- Replaces the buffer's text. Bank text is data: lines are split on every
--- line break, so nothing in it can fail nvim_buf_set_lines.
---@param bufnr integer
---@param lines string[]
function M.set_lines(bufnr, lines)
  local split = {}
  for _, line in ipairs(lines) do
    for _, part in ipairs(vim.split(line, "\r?\n")) do
      table.insert(split, part)
    end
  end
  vim.bo[bufnr].readonly = false
  vim.bo[bufnr].modifiable = true
  vim.api.nvim_buf_set_lines(bufnr, 0, -1, false, split)
  vim.bo[bufnr].modifiable = false
  vim.bo[bufnr].readonly = true
  vim.bo[bufnr].modified = false
end

--- The window of the current tab page showing `bufnr`, if any.
function M.window_of(bufnr)
  for _, win in ipairs(vim.api.nvim_tabpage_list_wins(0)) do
    if vim.api.nvim_win_get_buf(win) == bufnr then
      return win
    end
  end
end

local function reading_options(win)
  local wo = vim.wo[win]
  wo.wrap = true
  wo.linebreak = true
  wo.number = false
  wo.relativenumber = false
  wo.signcolumn = "no"
  wo.foldenable = false
  wo.spell = false
  wo.list = false
  wo.conceallevel = 2
end

local function open_float(bufnr)
  local width = math.min(100, math.floor(vim.o.columns * 0.8))
  local height = math.floor((vim.o.lines - vim.o.cmdheight) * 0.8)
  return vim.api.nvim_open_win(bufnr, true, {
    relative = "editor",
    width = width,
    height = height,
    row = math.floor((vim.o.lines - height) / 2) - 1,
    col = math.floor((vim.o.columns - width) / 2),
    border = "rounded",
    style = "minimal",
  })
end

--- Shows `bufnr` and focuses it: in its window if one shows it already,
--- else in a new split beside the current window (vertical when the screen
--- is wide enough for code and text side by side, else below), or a float.
--- The window the user was in keeps its buffer.
---@param bufnr integer
---@param layout? "split"|"float"
---@return integer win
function M.show(bufnr, layout)
  local win = M.window_of(bufnr)
  if win then
    vim.api.nvim_set_current_win(win)
    return win
  end
  if layout == "float" then
    win = open_float(bufnr)
  else
    -- Side by side only when both halves keep 75 columns: the window bar's
    -- keys and the answers' code blocks need about that much.
    local vertical = vim.o.columns >= 150
    local size = vertical and math.floor(vim.o.columns / 2) or math.max(10, math.floor(vim.o.lines * 0.5))
    if vim.fn.has("nvim-0.10") == 1 then
      win = vim.api.nvim_open_win(bufnr, true, { split = vertical and "right" or "below", win = 0 })
    else
      vim.cmd(("belowright %d%s"):format(size, vertical and "vsplit" or "split"))
      win = vim.api.nvim_get_current_win()
      vim.api.nvim_win_set_buf(win, bufnr)
    end
    if vertical then
      vim.api.nvim_win_set_width(win, size)
    else
      vim.api.nvim_win_set_height(win, size)
    end
  end
  reading_options(win)
  return win
end

--- Closes the window showing `bufnr` (the buffer stays for next time); the
--- last window of a tab page is left alone.
function M.close(bufnr)
  local win = M.window_of(bufnr)
  if win and #vim.api.nvim_tabpage_list_wins(0) > 1 then
    vim.api.nvim_win_close(win, true)
  end
end

return M
