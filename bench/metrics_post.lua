-- wrk script for bench/metrics_load.sh: POST one metrics body; per thread, count requests
-- sent and 202 answers received. When wrk stops, requests in flight were sent but their
-- answers never read: the server may have accepted them, so the truth lies between the two.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  accepted = 0
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = os.getenv("BENCH_TOKEN")
  wrk.body = os.getenv("BENCH_BODY")
  sent = 0
  prepared = wrk.format()
end

function request()
  sent = sent + 1
  return prepared
end

function response(status, headers, body)
  if status == 202 then
    accepted = accepted + 1
  end
end

done = function(summary, latency, requests)
  local total, total_sent = 0, 0
  for _, thread in ipairs(threads) do
    total = total + thread:get("accepted")
    total_sent = total_sent + thread:get("sent")
  end
  local e = summary.errors
  io.write(string.format(
    "RESULT requests=%d accepted=%d sent=%d rps=%.0f p50_ms=%.2f p99_ms=%.2f socket_errors=%d status_errors=%d timeouts=%d\n",
    summary.requests, total, total_sent, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    e.connect + e.read + e.write + e.timeout, e.status, e.timeout))
end
