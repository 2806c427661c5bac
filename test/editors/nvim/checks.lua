-- Drives the dlm-weights language server from a real Neovim (0.7 API only),
-- configured by the README's Neovim 0.7–0.10 recipe. Run by
-- scripts/editors/run.mjs, which prepares the workspaces and reads the results:
--   DLMW_RECIPE   the recipe (Lua, extracted from README.md)
--   DLMW_WS       a workspace with configs (see run.mjs for its files)
--   DLMW_WS_IDLE  a workspace without any .dlm
--   DLMW_OUT      where the results go (JSON: [{ name, ok, detail }])
local ws = os.getenv('DLMW_WS')
local ws_idle = os.getenv('DLMW_WS_IDLE')
local WAIT = tonumber(os.getenv('DLMW_WAIT_MS') or '60000') -- hang guard per step, not a speed bound

local results = {}
local function record(name, ok, detail)
  table.insert(results, { name = name, ok = ok and true or false, detail = detail or '' })
end

local statuses = {}
vim.lsp.handlers['dlm/indexStatus'] = function(_, result) table.insert(statuses, result) end
local logs = {}
vim.lsp.handlers['window/logMessage'] = function(_, result) table.insert(logs, result.message) end

local function last_status(root)
  local uri = vim.uri_from_fname(root)
  for i = #statuses, 1, -1 do
    if statuses[i].folderUri == uri then return statuses[i] end
  end
end

local function wait_for(cond) return vim.wait(WAIT, cond, 50) end

local function hover(bufnr, line, character)
  local params = { textDocument = { uri = vim.uri_from_bufnr(bufnr) }, position = { line = line, character = character } }
  local replies = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', params, WAIT) or {}
  for _, r in pairs(replies) do
    if r.result and r.result.contents then return r.result.contents.value or '' end
  end
  return ''
end

local function has_code(bufnr, code)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.code == code then return d end
  end
end

local function has_error(bufnr)
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    if d.severity == vim.diagnostic.severity.ERROR then return d end
  end
end

local function open(path)
  vim.cmd('edit ' .. vim.fn.fnameescape(path))
  return vim.api.nvim_get_current_buf()
end

local function client_of(bufnr)
  local clients = vim.lsp.buf_get_clients(bufnr)
  for _, c in pairs(clients) do return c end
end

local function write(path, lines)
  vim.fn.mkdir(vim.fn.fnamemodify(path, ':h'), 'p')
  vim.fn.writefile(lines, path)
end

local function run()
  dofile(os.getenv('DLMW_RECIPE'))

  -- the recipe roots the server at the outermost .dlm holder, not at src/
  local src_cfg = ws .. '/src/.dlm/training.yaml'
  local src = open(src_cfg)
  local attached = wait_for(function() local c = client_of(src); return c ~= nil and c.initialized end)
  local client = client_of(src)
  if not attached or not client then
    record('the recipe starts the server on src/.dlm/training.yaml', false, 'no client attached')
    return
  end
  record('the recipe roots the server at the outer folder', client.config.root_dir == ws,
    'root_dir = ' .. tostring(client.config.root_dir))

  local ready = wait_for(function() local s = last_status(ws); return s and s.state == 'ready' end)
  local s = last_status(ws)
  record('the folder is indexed', ready, vim.inspect(s))
  record('the server says it watches files itself (Neovim 0.7 cannot)', s and s.watch == 'server', 'watch = ' .. tostring(s and s.watch))

  -- hover on a weight: the chain of configs and the copies at the seed
  local h = hover(src, 4, 5)
  record('hover on a weight', h:find('2 rows carry', 1, true) and h:find('at seed 42', 1, true) and h:find('— 2.5', 1, true), h)

  -- diagnostics on an open config, and its quick fix
  local docs = open(ws .. '/docs/.dlm/training.yaml')
  vim.lsp.buf_attach_client(docs, client.id)
  local got = wait_for(function() return has_error(docs) ~= nil end)
  local err = has_error(docs)
  record('diagnostics on an open config', got and err.lnum == 4 and err.col == 4, vim.inspect(vim.diagnostic.get(docs)))
  if err then
    -- the context Neovim 0.7's own vim.lsp.buf.code_action() sends: the line's diagnostics, back in LSP form
    local line_diags = vim.lsp.diagnostic.get_line_diagnostics(docs, err.lnum)
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(docs) },
      range = line_diags[1] and line_diags[1].range,
      context = { diagnostics = line_diags },
    }
    local replies = vim.lsp.buf_request_sync(docs, 'textDocument/codeAction', params, WAIT) or {}
    local action
    for _, r in pairs(replies) do
      for _, a in ipairs(r.result or {}) do
        if a.kind == 'quickfix' and a.edit then action = action or a end
      end
    end
    if action then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding)
      local line = vim.api.nvim_buf_get_lines(docs, 4, 5, false)[1] or ''
      local cleared = wait_for(function() return has_error(docs) == nil end)
      record('a quick fix applies and clears the error', cleared and line:find("'true': 0.1", 1, true) ~= nil, line)
    else
      record('a quick fix applies and clears the error', false, 'no quick fix in ' .. vim.inspect(replies))
    end
  end

  -- a config CREATED on disk (never opened): its tag reaches the rows, and src's weight now leaks
  write(ws .. '/notes/n.md', { 'a note' })
  write(ws .. '/notes/.dlm/training.yaml', { 'metadata:', '  lang: py' })
  local leaked = wait_for(function() return has_code(src, 'weight-leaks') ~= nil end)
  record('a config created on disk is picked up (leak warning on the open config)', leaked, vim.inspect(vim.diagnostic.get(src)))
  h = hover(src, 4, 5)
  record('... and the hover counts its rows', h:find('3 rows carry', 1, true) ~= nil, h)

  -- a config CHANGED on disk (never opened)
  write(ws .. '/.dlm/training.yaml', { 'weights:', '  lang:', '    py: 3.5' })
  local changed = wait_for(function() return hover(src, 4, 5):find('— 3.5', 1, true) ~= nil end)
  record('a config changed on disk is picked up', changed, hover(src, 4, 5))

  -- a setting pushed with didChangeConfiguration
  client.config.settings.dlmWeights.seed = '7'
  client.notify('workspace/didChangeConfiguration', { settings = client.config.settings })
  local seeded = wait_for(function() return hover(src, 4, 5):find('at seed 7', 1, true) ~= nil end)
  record('a setting pushed with didChangeConfiguration takes effect', seeded, hover(src, 4, 5))

  -- the leak's code action: scope src/'s weight to src/ (a tag only src/'s metadata sets, weighted by the ratio to the root's 3.5)
  local leak = has_code(src, 'weight-leaks')
  if leak then
    local params = {
      textDocument = { uri = vim.uri_from_bufnr(src) },
      range = { start = { line = leak.lnum, character = leak.col }, ['end'] = { line = leak.end_lnum, character = leak.end_col } },
      context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(src, leak.lnum) },
    }
    local replies = vim.lsp.buf_request_sync(src, 'textDocument/codeAction', params, WAIT) or {}
    local scope
    for _, r in pairs(replies) do
      for _, a in ipairs(r.result or {}) do
        if a.edit and a.title:find('Scope this weight to src/', 1, true) == 1 then scope = a end
      end
    end
    if scope then
      vim.lsp.util.apply_workspace_edit(scope.edit, client.offset_encoding)
      local text = table.concat(vim.api.nvim_buf_get_lines(src, 0, -1, false), '\n')
      local gone = wait_for(function() return has_code(src, 'weight-leaks') == nil end)
      record('the scope-this-weight action applies and the leak goes', gone and text:find('  scope: src', 1, true) ~= nil and text:find('    src: 0.14285714285714285', 1, true) ~= nil, text)
    else
      record('the scope-this-weight action applies and the leak goes', false, 'no scope action in ' .. vim.inspect(replies))
    end
  else
    record('the scope-this-weight action applies and the leak goes', false, 'no weight-leaks on src: ' .. vim.inspect(vim.diagnostic.get(src)))
  end

  -- a folder without .dlm is not indexed (a server started on it by hand: the recipe would not start one)
  local idle_id = vim.lsp.start_client({ name = 'dlm-weights-idle', cmd = client.config.cmd, root_dir = ws_idle })
  local ci = open(ws_idle .. '/.github/workflows/ci.yaml')
  vim.lsp.buf_attach_client(ci, idle_id)
  local idle = wait_for(function() local st = last_status(ws_idle); return st and st.state == 'idle' end)
  local indexing = false
  local uri = vim.uri_from_fname(ws_idle)
  for _, st in ipairs(statuses) do
    if st.folderUri == uri and st.state ~= 'idle' then indexing = true end
  end
  record('a folder without .dlm is not indexed', idle and not indexing, vim.inspect(last_status(ws_idle)))
end

local ok, e = pcall(run)
if not ok then record('the checks ran to the end', false, tostring(e)) end
vim.fn.writefile({ vim.fn.json_encode(results) }, os.getenv('DLMW_OUT'))
vim.cmd('qa!')
