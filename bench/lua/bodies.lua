-- Cycles through pre-built requests (one per line of BODIES_FILE), so every request can carry a
-- distinct token and verify a new signature. A line is a body, optionally followed by
-- TAB-separated "Name: value" headers for that request (SigV4-signed GetCallerIdentity, bearer
-- tokens). Each wrk thread takes every Nth line (N = WRK_THREADS), so no two threads send the same
-- line. With DISTINCT=1 a thread stops when its lines run out instead of repeating one (wrk then
-- reports the shorter duration, so the rate stays exact). FIRST_LINE/LINES (optional) take a slice
-- of the file, so successive runs of one scenario each send tokens the server has not seen.
-- REQUEST_METHOD (default POST; GET sends no body). Prints a JSON summary on stdout.
local requests = {}
local counter = 0
local path = os.getenv("BODIES_FILE")
local ctype = os.getenv("BODY_CONTENT_TYPE") or "application/x-www-form-urlencoded; charset=utf-8"
local req_path = os.getenv("REQUEST_PATH") or "/"
local auth = os.getenv("AUTH_HEADER")
local distinct = os.getenv("DISTINCT") == "1"
local method = os.getenv("REQUEST_METHOD") or "POST"
local first_line = tonumber(os.getenv("FIRST_LINE") or "1")
local max_lines = tonumber(os.getenv("LINES") or "0")
local done_file = os.getenv("DONE_FILE")

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

local function split(line)
  local fields = {}
  for field in string.gmatch(line, "[^\t]+") do fields[#fields + 1] = field end
  local headers = { ["Content-Type"] = ctype }
  if auth then headers["Authorization"] = auth end
  for i = 2, #fields do
    local name, value = string.match(fields[i], "^([^:]+):%s*(.*)$")
    if name then headers[name] = value end
  end
  if method == "GET" then return wrk.format("GET", req_path, { ["Authorization"] = headers["Authorization"] }, nil) end
  return wrk.format(method, req_path, headers, fields[1] or "")
end

function init(args)
  local n = tonumber(os.getenv("WRK_THREADS") or "1")
  local i = 0
  local lineno = 0
  for line in io.lines(path) do
    lineno = lineno + 1
    if lineno >= first_line and (max_lines == 0 or lineno < first_line + max_lines) then
      if i % n == id then requests[#requests + 1] = split(line) end
      i = i + 1
    end
  end
  exhausted = 0
end

function request()
  counter = counter + 1
  if distinct and counter > #requests then
    if exhausted == 0 and done_file then
      -- Tells load.py this thread is through, so it can end wrk now (wrk otherwise sleeps out -d).
      local f = io.open(done_file .. "." .. id, "w")
      if f then f:close() end
    end
    exhausted = 1
    wrk.thread:stop()
    return requests[#requests]
  end
  return requests[((counter - 1) % #requests) + 1]
end

function done(summary, latency, requests_)
  local stopped = 0
  for _, t in ipairs(threads) do stopped = stopped + (t:get("exhausted") or 0) end
  io.write(string.format('{"requests":%d,"seconds":%.3f,"errors":%d,"non2xx":%d,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f,"threads_out_of_lines":%d}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000, stopped))
end
