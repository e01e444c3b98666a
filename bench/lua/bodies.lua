-- Cycles through pre-built request bodies (one per line of BODIES_FILE), so every request carries a
-- distinct token and verifies a new signature. Reports latency percentiles as JSON on stderr-free stdout.
local bodies = {}
local counter = 0
local path = os.getenv("BODIES_FILE")
local ctype = os.getenv("BODY_CONTENT_TYPE") or "application/x-www-form-urlencoded; charset=utf-8"
local req_path = os.getenv("REQUEST_PATH") or "/"
local auth = os.getenv("AUTH_HEADER")

local threads = {}
local next_id = 0

function setup(thread)
  thread:set("id", next_id)
  next_id = next_id + 1
  table.insert(threads, thread)
end

function init(args)
  -- Each wrk thread takes every Nth line, so no two threads send the same token.
  local n = tonumber(os.getenv("WRK_THREADS") or "1")
  local i = 0
  for line in io.lines(path) do
    if i % n == id then bodies[#bodies + 1] = line end
    i = i + 1
  end
end

function request()
  counter = counter + 1
  local body = bodies[(counter % #bodies) + 1]
  local headers = { ["Content-Type"] = ctype }
  if auth then headers["Authorization"] = auth end
  return wrk.format("POST", req_path, headers, body)
end

function done(summary, latency, requests)
  io.write(string.format('{"requests":%d,"seconds":%.3f,"errors":%d,"non2xx":%d,"p50_ms":%.3f,"p99_ms":%.3f,"p999_ms":%.3f}\n',
    summary.requests, summary.duration / 1e6,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    summary.errors.status,
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency:percentile(99.9) / 1000))
end
