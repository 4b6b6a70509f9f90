-- GET /v1/orders/unpaid?limit=10 as a random customer (its own JWT).
package.path = os.getenv("BENCH_LUA") .. "/?.lua;" .. package.path
local common = require("common")
local tokens

setup = common.setup

function init(args)
  tokens = common.load_tokens()
  math.randomseed(os.time() + wrk.thread:get("tid") * 7919)
end

function request()
  local c = math.random(1, common.customers)
  return wrk.format("GET", "/v1/orders/unpaid?limit=10", { ["Authorization"] = "Bearer " .. tokens[c] })
end

function done(summary, latency, requests)
  common.report(summary, latency)
end
