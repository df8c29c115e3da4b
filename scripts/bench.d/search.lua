-- wrk script for scripts/bench.d/search.sh. It sends GET /api/v1/books?q=WORD with
-- the bearer token in ESTANTE_BENCH_TOKEN, cycling through the words of
-- ESTANTE_BENCH_WORDS (a file of URL-encoded queries, one a line), GET /healthz
-- when ESTANTE_BENCH_PATH is `healthz`, or GET /api/v1/me with the token when it is
-- `me`. At the end it prints key=value lines that the shell script reads.

local mode = os.getenv("ESTANTE_BENCH_PATH") or "search"
local token = os.getenv("ESTANTE_BENCH_TOKEN") or ""
local queries = {}

if mode == "search" then
  for line in io.lines(os.getenv("ESTANTE_BENCH_WORDS")) do
    table.insert(queries, line)
  end
end

-- Each wrk thread has its own Lua state, and setup() gives each a random starting
-- point in the query list so the threads do not send the same sequence.
next_query = 0

function setup(thread)
  thread:set("next_query", math.random(1, 1000))
end

function request()
  if mode == "healthz" then
    return wrk.format("GET", "/healthz")
  end
  if mode == "me" then
    return wrk.format("GET", "/api/v1/me", { ["Authorization"] = "Bearer " .. token })
  end
  next_query = next_query + 1
  local q = queries[(next_query % #queries) + 1]
  return wrk.format("GET", "/api/v1/books?q=" .. q, { ["Authorization"] = "Bearer " .. token })
end

function done(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format("requests=%d\n", summary.requests))
  io.write(string.format("requests_per_sec=%.1f\n", summary.requests / (summary.duration / 1e6)))
  io.write(string.format("p50_ms=%.2f\n", latency:percentile(50) / 1000))
  io.write(string.format("p99_ms=%.2f\n", latency:percentile(99) / 1000))
  io.write(string.format("errors=%d\n",
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
