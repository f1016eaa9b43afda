-- :InterviewPractice — a study session in a split beside the code, like an
-- Anki card: the question, <Space> reveals the answer, 1–4 grade it (each
-- grade's interval in the window bar), u undoes, s skips, q closes. Every
-- key is one request to the server (interview.next/grade/skip/undo), which
-- answers with the session's next step; nothing here is modal, so the
-- editor never waits on a prompt and no grade hangs on one.

local lsp = require("interview.lsp")
local protocol = require("interview.protocol")
local ui = require("interview.ui")

local M = {}

-- vim.loop on Neovim 0.9.
local uv = vim.uv or vim.loop

local NAME = "interview://practice"

local RATINGS = { "again", "hard", "good", "easy" }
local POINTS_HEADER = "**Key points** (`x` ticks the ones you said):"
local RATING_LABELS = { again = "Again", hard = "Hard", good = "Good", easy = "Easy" }
local FRAMEWORK_NAMES = { fastapi = "FastAPI", flask = "Flask", general = "General" }

-- The one session on screen.
local state = {
  session = {}, -- interview.next's argument: the filters of this session
  view = nil, -- interview.next's answer (a card or done), or a chosen question as a card
  revealed = false,
  shown_at = nil, -- hrtime() when the card appeared, for `seconds`
  busy = false, -- a request is in flight: keys wait for its answer
  note = nil, -- what the last action did ("Good: next review in 3 days.")
  ticked = {}, -- key points said, as a set of 0-based indexes
  checked = false, -- whether the checklist was used (only then is `said` sent)
  point_lines = {}, -- buffer line → key point index, for `x`
}

--- For tests and the statusline: the current step as the server sent it.
function M.state()
  return state
end

local proposed, echo

local function label(question)
  local frameworks = vim.tbl_map(function(f)
    return FRAMEWORK_NAMES[f] or f
  end, question.frameworks or {})
  return table.concat(vim.list_extend({ question.difficulty or "?" }, frameworks), " · ")
end

local function escape_bar(text)
  return (tostring(text):gsub("%%", "%%%%"))
end

--- The grade keys with their intervals: `1 Again 10m · 2 Hard 30m · …`.
local function grade_keys(view)
  local intervals = {}
  for _, preview in ipairs(view.previews or {}) do
    intervals[preview.rating] = preview.interval
  end
  local keys = {}
  for i, rating in ipairs(RATINGS) do
    local interval = intervals[rating]
    table.insert(keys, ("%d %s%s"):format(i, RATING_LABELS[rating], interval and (" " .. escape_bar(interval)) or ""))
  end
  return table.concat(keys, " · ")
end

local function winbar(view)
  if not view or view.status ~= "card" then
    return "u undo · q close"
  end
  if not state.revealed then
    return "<Space> show answer · u undo · s skip · q close"
  end
  -- In a narrow window the other keys are cut before any grade is.
  return grade_keys(view) .. "%< · u undo · s skip · q close"
end

local function plan_line(plan)
  if type(plan) ~= "table" then
    return nil
  end
  local line = ("Interview on %s: %d cards, expected recall %d%%"):format(
    plan.interviewDate or "?",
    plan.cards or 0,
    math.floor((plan.expectedRecall or 0) * 100 + 0.5)
  )
  if plan.feasible == false and plan.shortfall then
    line = line .. " — " .. plan.shortfall
  end
  return line
end

--- The grade the server proposes for the points ticked, as `3 Good`;
--- nil before any point is ticked.
proposed = function(view)
  local proposals = view.proposals
  if not state.checked or type(proposals) ~= "table" then
    return nil
  end
  local rating = proposals[vim.tbl_count(state.ticked) + 1]
  for i, name in ipairs(RATINGS) do
    if name == rating then
      return ("%d %s"):format(i, RATING_LABELS[rating])
    end
  end
end

local function card_lines(view)
  local question = view.question or {}
  local lines = {
    "# " .. (question.title or view.id),
    "",
    ("*%s* · `%s`%s"):format(label(question), view.id, view.state and (" · " .. view.state) or ""),
  }
  if view.message then
    vim.list_extend(lines, { "", "> " .. view.message })
  end
  local plan = plan_line(view.plan)
  if plan then
    vim.list_extend(lines, { "", "> " .. plan })
  end
  if state.note then
    vim.list_extend(lines, { "", "*" .. state.note .. "*" })
  end
  table.insert(lines, "")
  if not state.revealed then
    vim.list_extend(lines, { "Think of your answer, then press <Space> to show it." })
    return lines
  end
  vim.list_extend(lines, { "**In short:** " .. (question.short or ""), "" })
  -- What an interviewer listens for: a checklist to tick (`x`) the points
  -- you said; the server proposes a grade for how many.
  if type(question.points) == "table" and #question.points > 0 then
    table.insert(lines, POINTS_HEADER)
    for i, point in ipairs(question.points) do
      table.insert(lines, ("- [%s] %s"):format(state.ticked[i - 1] and "x" or " ", point))
    end
    local proposal = proposed(view)
    if proposal then
      vim.list_extend(lines, {
        "",
        ("*You said %d of %d: that suggests %s.*"):format(
          vim.tbl_count(state.ticked),
          #question.points,
          proposal
        ),
      })
    end
    table.insert(lines, "")
  end
  table.insert(lines, question.answer or "")
  if type(question.aliases) == "table" and #question.aliases > 0 then
    vim.list_extend(lines, { "", "---", "Also asked as:" })
    for _, alias in ipairs(question.aliases) do
      table.insert(lines, "- " .. alias)
    end
  end
  return lines
end

local function done_lines(view)
  local lines = { "# " .. (view.message or "Done for now."), "" }
  if state.note then
    vim.list_extend(lines, { "*" .. state.note .. "*", "" })
  end
  if (view.newWaiting or 0) > 0 then
    table.insert(lines, ("%d new cards wait for tomorrow (the daily limit, `newPerDay`)."):format(view.newWaiting))
    table.insert(lines, "")
  end
  vim.list_extend(lines, {
    "Browse every question with `:InterviewList`, see your progress with `:InterviewStats`,",
    "or plan backwards from your interview with `:InterviewPlan {date}`.",
  })
  return lines
end

local function buffer()
  local bufnr = ui.buffer("practice", NAME)
  if not vim.b[bufnr].interview_keys then
    vim.b[bufnr].interview_keys = true
    local function map(lhs, fn, desc)
      vim.keymap.set("n", lhs, fn, { buffer = bufnr, nowait = true, desc = desc })
    end
    map("<Space>", M.reveal, "Show the answer")
    for i, rating in ipairs(RATINGS) do
      map(tostring(i), function()
        M.grade(rating)
      end, "Grade: " .. RATING_LABELS[rating])
    end
    map("x", M.tick, "Tick (or untick) the key point under the cursor")
    map("u", M.undo, "Undo the last grade or skip")
    map("s", M.skip, "Skip this card until tomorrow")
    map("q", M.close, "Close the practice window")
  end
  return bufnr
end

--- Draws the current step into the practice buffer and its window bar;
--- the cursor goes to the top unless `keep_cursor`.
local function render(keep_cursor)
  local bufnr = buffer()
  local view = state.view
  ui.set_lines(bufnr, view and view.status == "card" and card_lines(view) or done_lines(view or {}))
  -- Which line holds which key point, read from the buffer as drawn (bank
  -- text above may span several lines).
  state.point_lines = {}
  local drawn = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  for row, line in ipairs(drawn) do
    if line == POINTS_HEADER then
      local index = 0
      while drawn[row + 1 + index] and drawn[row + 1 + index]:match("^%- %[[ x]%] ") do
        state.point_lines[row + 1 + index] = index
        index = index + 1
      end
      break
    end
  end
  local win = ui.window_of(bufnr)
  if win then
    vim.wo[win].winbar = winbar(view)
    if not keep_cursor then
      vim.api.nvim_win_set_cursor(win, { 1, 0 })
    end
  end
end

--- Shows `view` (interview.next's answer) as the current step.
local function show_view(view)
  state.view = view
  state.revealed = false
  state.ticked, state.checked = {}, false
  state.shown_at = uv.hrtime()
  render()
end

local function session_argument()
  return lsp.object(vim.deepcopy(state.session))
end

--- Sends a session request; `on_result` gets the answer. Keys pressed while
--- it is in flight are ignored, so a grade is sent once.
local function request(command, argument, on_result)
  if state.busy then
    return
  end
  state.busy = true
  lsp.exec(command, argument, function(result)
    state.busy = false
    on_result(result)
    require("interview.status").refresh()
  end, function()
    state.busy = false
  end)
end

--- Opens the practice window (focused) and shows the session's next card.
---@param session? table interview.next's argument: difficulty, framework, topic, keywords, …
function M.start(session)
  lsp.with_client(function()
    state.session = session or {}
    state.note = nil
    state.busy = false
    request(protocol.commands.next, state.session, function(view)
      ui.show(buffer(), ui.options.practice)
      show_view(view)
    end)
  end)
end

--- Opens the practice window on one chosen question (from :InterviewList,
--- :InterviewRandom or a lens); after it is graded the session `session`
--- continues.
---@param question table A question as the server sends it (with its answer).
---@param session? table
---@param card? table Its card, or nil when never graded.
---@param note? string Why this question, shown above it.
function M.open_question(question, session, card, note)
  state.session = session or {}
  state.note = note
  state.busy = false
  ui.show(buffer(), ui.options.practice)
  show_view({
    status = "card",
    id = question.id,
    state = type(card) == "table" and card.state or "new",
    question = question,
  })
end

function M.reveal()
  if not state.view or state.view.status ~= "card" or state.revealed then
    return
  end
  state.revealed = true
  render()
end

--- Ticks or unticks the key point on the cursor's line.
function M.tick()
  if not state.revealed then
    return
  end
  local index = state.point_lines[vim.api.nvim_win_get_cursor(0)[1]]
  if not index then
    echo("interview-ls: put the cursor on a key point to tick it")
    return
  end
  state.checked = true
  state.ticked[index] = not state.ticked[index] or nil
  render(true)
end

echo = function(message)
  vim.api.nvim_echo({ { message } }, false, {})
end

---@param rating "again"|"hard"|"good"|"easy"
function M.grade(rating)
  local view = state.view
  if not view or view.status ~= "card" then
    return
  end
  if not state.revealed then
    echo("interview-ls: show the answer first (<Space>), then grade it")
    return
  end
  local seconds = math.floor((uv.hrtime() - state.shown_at) / 1e8 + 0.5) / 10
  local said = nil
  if state.checked then
    -- Empty when every tick was taken back: "none of them" (an empty Lua
    -- table is sent as the JSON list `[]`).
    said = vim.tbl_keys(state.ticked)
    table.sort(said)
  end
  request(protocol.commands.grade, {
    id = view.id,
    rating = rating,
    seconds = seconds,
    said = said,
    session = session_argument(),
  }, function(result)
    state.note = result.message
    show_view(result.next)
  end)
end

function M.skip()
  local view = state.view
  if not view or view.status ~= "card" then
    return
  end
  request(protocol.commands.skip, { id = view.id, session = session_argument() }, function(result)
    state.note = result.message
    show_view(result.next)
  end)
end

function M.undo()
  request(protocol.commands.undo, { session = session_argument() }, function(result)
    state.note = result.message
    show_view(result.next)
  end)
end

--- Closes the window; the session's place is kept by the server, so
--- :InterviewPractice picks up where it was.
function M.close()
  ui.close(buffer())
end

return M
