-- wrk script: POST /credentials/verify with the request bodies read from the files given after "--", in turn,
-- request by request (status-load.sh warms the server up with it, so that the JIT's profiles see every credential
-- before any is measured). Counts answers other than 200 and prints one JSON summary line, as verify-post.lua does.
local bodies = {}
local next_body = 1

function init(args)
  for i, file in ipairs(args) do
    local f = assert(io.open(file, "rb"), "cannot open " .. tostring(file))
    bodies[i] = f:read("*a")
    f:close()
  end
  assert(#bodies > 0, "verify-mix.lua: give the body files after --")
end

function request()
  local body = bodies[next_body]
  next_body = next_body % #bodies + 1
  return wrk.format("POST", nil, { ["Content-Type"] = "application/json" }, body)
end

local not_ok = 0
function response(status, headers, body)
  if status ~= 200 then
    not_ok = not_ok + 1
  end
end

function done(summary, latency, requests)
  local e = summary.errors
  local seconds = summary.duration / 1e6
  io.write(string.format(
    '{"requests":%d,"seconds":%.2f,"requestsPerSecond":%.1f,"p50ms":%.2f,"p90ms":%.2f,"p99ms":%.2f,"maxms":%.2f,' ..
    '"non2xx":%d,"connectErrors":%d,"readErrors":%d,"writeErrors":%d,"timeouts":%d}\n',
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    e.status, e.connect, e.read, e.write, e.timeout))
end
