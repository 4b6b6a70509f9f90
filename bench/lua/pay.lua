-- POST /v1/payments, monthly settlement, BENCH_PAY_N orders of one customer per request.
-- Requests never share an order: request s (numbered across threads: s = i * nthreads + tid)
-- goes to customer c = s % customers + 1 and pays its orders k = b*N .. b*N+N-1 with
-- b = floor(s / customers), i.e. orders k * customers + c (see bench/load.sql). A thread stops
-- when the data set has no unpaid block left. Each 201 is appended to BENCH_ANSWERS/<tid>.csv as
-- (payment_id, order_id) rows for bench/verify.sql.
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local tokens, tid, nthreads, n, i, out, created, run
local per_customer

setup = common.setup

function init(args)
  tokens = common.load_tokens()
  tid = wrk.thread:get("tid")
  nthreads = tonumber(os.getenv("BENCH_THREADS"))
  n = tonumber(os.getenv("BENCH_PAY_N"))
  run = os.getenv("BENCH_RUN_ID")
  per_customer = math.floor(common.orders / common.customers)
  i = 0
  created = 0
  out = io.open(os.getenv("BENCH_ANSWERS") .. "/" .. tid .. ".csv", "w")
end

function request()
  local s = i * nthreads + tid
  i = i + 1
  local c = s % common.customers + 1
  local b = math.floor(s / common.customers)
  if (b + 1) * n > per_customer then
    wrk.thread:stop()
    -- wrk still needs a request: an idempotent read that is not counted as a payment
    return wrk.format("GET", "/q/health/live")
  end
  local ids = {}
  for k = b * n, b * n + n - 1 do
    ids[#ids + 1] = '"' .. common.order_id(k * common.customers + c) .. '"'
  end
  local body = '{"order_ids":[' .. table.concat(ids, ",") .. '],"method":"monthly_settlement"}'
  return wrk.format("POST", "/v1/payments", {
    ["Authorization"] = "Bearer " .. tokens[c],
    ["Content-Type"] = "application/json",
    ["Idempotency-Key"] = "bench-" .. run .. "-" .. s,
  }, body)
end

function response(status, headers, body)
  if status == 201 then
    created = created + 1
    local pid = string.match(body, '"payment_id"%s*:%s*"([^"]+)"')
    for oid in string.gmatch(body, '"order_id"%s*:%s*"([^"]+)"') do
      out:write(pid, ",", oid, "\n")
    end
    out:flush()
    wrk.thread:set("created", created)
  end
end

function done(summary, latency, requests)
  local total = 0
  for _, t in ipairs(common.threads) do total = total + (t:get("created") or 0) end
  common.report(summary, latency, string.format(" created=%d", total))
end
