-- Shared by the wrk scripts of bench/run.sh. Environment: BENCH_TOKENS (file, one JWT per line,
-- line c = customer c), BENCH_CUSTOMERS, BENCH_ORDERS.
local M = {}

M.customers = tonumber(os.getenv("BENCH_CUSTOMERS"))
M.orders = tonumber(os.getenv("BENCH_ORDERS"))

function M.load_tokens()
  local t = {}
  for line in io.lines(os.getenv("BENCH_TOKENS")) do t[#t + 1] = line end
  return t
end

function M.customer_id(c) return string.format("bench-c%06d", c) end
function M.order_id(n) return string.format("bench-o%08d", n) end

-- thread bookkeeping: setup() numbers the threads, done() sums what they counted
M.threads = {}
local counter = 0
-- BENCH_TID_BASE: the first thread number of this wrk process (bench/run.sh --instances 2 runs
-- one wrk per instance; their thread numbers, and so the orders pay.lua picks, never overlap)
M.tid_base = tonumber(os.getenv("BENCH_TID_BASE") or "0")
function M.setup(thread)
  thread:set("tid", M.tid_base + counter)
  counter = counter + 1
  table.insert(M.threads, thread)
end

function M.report(summary, latency, extra)
  local non2xx = summary.errors.status
  local sockerr = summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout
  io.write(string.format(
    "BENCH requests=%d duration_us=%d rps=%.2f p50_ms=%.2f p99_ms=%.2f non2xx=%d sockerr=%d%s\n",
    summary.requests, summary.duration, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, non2xx, sockerr, extra or ""))
end

return M
