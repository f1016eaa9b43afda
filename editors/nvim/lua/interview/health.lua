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
end

return M
