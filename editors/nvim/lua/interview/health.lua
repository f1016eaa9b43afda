-- :checkhealth interview — answers "why does nothing happen?" by checking
-- exactly what the client would start: the configured `cmd` (else PATH),
-- its --version, and the bank it loads with the configured question folders.

local lsp = require("interview.lsp")
local settings = require("interview.settings")

local M = {}

-- `interview-ls check` on the built-in bank takes well under a second; the
-- margin covers a cold disk and large user banks.
local TIMEOUT_MS = 10000

--- Runs a command and returns its exit code, stdout and stderr.
local function run(cmd)
  if vim.system then
    local done = vim.system(cmd, { text = true }):wait(TIMEOUT_MS)
    return done.code, done.stdout or "", done.stderr or ""
  end
  -- Neovim 0.9 has no vim.system; system() returns stdout and stderr together.
  local output = vim.fn.system(cmd)
  return vim.v.shell_error, output, output
end

local function question_paths(config)
  local options = settings.section(config.init_options or {})
  return type(options) == "table" and type(options.questionPaths) == "table" and options.questionPaths or {}
end

function M.check()
  vim.health.start("interview-ls")
  local version = vim.version()
  local summary = ("Neovim %d.%d.%d"):format(version.major, version.minor, version.patch)
  if vim.fn.has("nvim-0.11") == 1 then
    vim.health.ok(summary .. ": native vim.lsp.config/vim.lsp.enable")
  else
    vim.health.ok(summary .. ": vim.lsp.start from a FileType autocmd")
  end

  local config = lsp.config()
  local problems = settings.problems(config.init_options)
  if #problems == 0 then
    vim.health.ok("settings: no unknown or mistyped keys")
  end
  for _, problem in ipairs(problems) do
    vim.health.warn("settings: " .. problem.message, "Fix it in require(\"interview\").setup({ settings = { … } })")
  end

  local cmd = config.cmd
  if type(cmd) ~= "table" or type(cmd[1]) ~= "string" then
    vim.health.error("no `cmd` is configured for " .. lsp.name)
    return
  end
  local binary = vim.fn.exepath(cmd[1])
  if binary == "" then
    vim.health.error(("`%s` is not an executable file and is not on PATH"):format(cmd[1]), {
      "Install the server: cargo install --locked --path . (from the interview-ls repository)",
      'Or point the plugin at it: require("interview").setup({ cmd = { "/path/to/interview-ls" } })',
    })
    return
  end

  local code, stdout, stderr = run({ binary, "--version" })
  if code ~= 0 then
    vim.health.error(("%s --version failed (exit %d): %s"):format(binary, code, vim.trim(stderr)))
    return
  end
  vim.health.ok(("%s (%s)"):format(vim.trim(stdout), binary))

  local check = { binary }
  for _, folder in ipairs(question_paths(config)) do
    vim.list_extend(check, { "--questions", folder })
  end
  table.insert(check, "check")
  code, stdout, stderr = run(check)
  -- `check` prints its summary on stderr and one line per bank error on stdout.
  local bank = vim.trim(stderr):match("[^\n]*$")
  if code == 0 then
    vim.health.ok("bank: " .. bank)
  else
    vim.health.error("bank: " .. bank, vim.split(vim.trim(stdout), "\n", { trimempty = true }))
  end

  local client = lsp.client()
  if client then
    vim.health.ok(("running as client %d, root %s"):format(client.id, client.config.root_dir or "(none)"))
  else
    vim.health.info("not running: it starts when a Python buffer opens")
  end

  M.check_progress(config)
  M.check_visibility(config, client)
end

--- Where progress is kept, and whether the file reads.
function M.check_progress(config)
  local progress = require("interview.progress")
  local dir, source = progress.data_dir(config.init_options)
  local path = progress.path(config.init_options)
  local saved, problem = progress.read(config.init_options)
  if problem then
    vim.health.warn("progress: " .. problem)
  elseif saved then
    local cards = type(saved.cards) == "table" and vim.tbl_count(saved.cards) or 0
    vim.health.ok(("progress: %s (%d questions practised; folder from %s)"):format(path, cards, source))
  else
    vim.health.info(("progress: none yet; the first grade creates %s (folder from %s)"):format(path, source))
  end
  return dir
end

--- Whether a display option (`signs`, `virtual_text`, …) shows `severity`.
local function shows(option, severity)
  if not option then
    return false
  end
  local filter = type(option) == "table" and option.severity or nil
  if filter == nil then
    return true
  end
  if type(filter) == "number" then
    return filter == severity
  end
  if type(filter) == "table" and (filter.min or filter.max) then
    -- Lower numbers are more severe: ERROR = 1 … HINT = 4.
    return severity <= (filter.min or vim.diagnostic.severity.HINT) and severity >= (filter.max or vim.diagnostic.severity.ERROR)
  end
  return type(filter) == "table" and vim.tbl_contains(filter, severity)
end

--- Tips are Warnings (security) and Information (advice): are they drawn
--- with the user's vim.diagnostic.config()? Are code lenses refreshed?
function M.check_visibility(config, client)
  local options = settings.section(config.init_options or {})
  options = type(options) == "table" and options or {}
  local severity = vim.diagnostic.severity
  if options.diagnostics == false then
    vim.health.info("diagnostics: turned off by the `diagnostics` setting")
  elseif vim.diagnostic.is_enabled and not vim.diagnostic.is_enabled() then
    vim.health.warn("diagnostics: disabled in this Neovim (vim.diagnostic.enable(false)), so no tip is shown")
  else
    local display = vim.diagnostic.config() or {}
    local ways = { "virtual_text", "virtual_lines", "signs", "underline", "float" }
    local function shown_by(level)
      local by = {}
      for _, way in ipairs(ways) do
        if way ~= "float" and shows(display[way], level) then
          table.insert(by, way)
        end
      end
      return by
    end
    local warnings, infos = shown_by(severity.WARN), shown_by(severity.INFO)
    if #warnings == 0 and #infos == 0 then
      vim.health.warn(
        "diagnostics: vim.diagnostic.config() shows no Warning or Information diagnostic, so the tips are invisible",
        "Enable signs, underline or virtual_text for WARN and INFO, e.g. vim.diagnostic.config({ virtual_text = true })"
      )
    elseif #infos == 0 then
      vim.health.warn(
        "diagnostics: security tips (Warning) show with " .. table.concat(warnings, ", ")
          .. ", but advice tips (Information) are filtered out by a severity setting",
        "Let INFO through, e.g. vim.diagnostic.config({ signs = { severity = { min = vim.diagnostic.severity.INFO } } })"
      )
    else
      vim.health.ok("diagnostics: tips show with " .. table.concat(infos, ", "))
    end
  end

  if options.codeLens == false then
    vim.health.info("code lenses: turned off by the `codeLens` setting")
    return
  end
  if not client then
    vim.health.ok("code lenses: refreshed by the plugin when a Python buffer attaches, on BufEnter and after edits")
    return
  end
  local buffers = vim.lsp.get_buffers_by_client_id(client.id)
  local lenses = 0
  for _, bufnr in ipairs(buffers) do
    lenses = lenses + #vim.lsp.codelens.get(bufnr)
  end
  vim.health.ok(
    ("code lenses: %d shown in %d attached buffers (refreshed on attach, BufEnter and after edits)"):format(
      lenses,
      #buffers
    )
  )
end

return M
