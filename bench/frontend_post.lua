-- wrk script: POST /api/frontend with a proxy-client body, reported like report.lua.
--   BENCH_FRONTEND_TOKEN  a frontend token of the benchmark environment (required)
--   BENCH_FRONTEND_BODY   the JSON body (default: a userId/sessionId context as the SDK sends)
--   BENCH_ORIGIN          sent as the Origin header when set (a browser's CORS request)
-- The server must run with RATE_LIMIT_FRONTEND_PER_MINUTE=0, or its per-IP limit answers 429s.
-- e.g. wrk -t2 -c50 -d15s -s bench/frontend_post.lua http://127.0.0.1:8731/api/frontend
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "report.lua")

wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = os.getenv("BENCH_FRONTEND_TOKEN")
if os.getenv("BENCH_ORIGIN") then wrk.headers["Origin"] = os.getenv("BENCH_ORIGIN") end
wrk.body = os.getenv("BENCH_FRONTEND_BODY") or
  '{"context":{"appName":"web","environment":"default","userId":"1001",' ..
  '"sessionId":"4242","properties":{"plan":"pro"}}}'
