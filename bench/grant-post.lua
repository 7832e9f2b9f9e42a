-- wrk script: POST /grants with a new task per request, so every request allocates one revocation entry of its own
-- (grants of one task would queue on the task's row lock). Arguments after "--": the bearer token (scope status)
-- and a tag unique to this wrk process, e.g. `wrk ... -s grant-post.lua http://127.0.0.1:8080/grants -- TOKEN a`.
-- Prints one JSON summary line at the end (latencies in ms), like verify-post.lua.
local threads = {}
local counter = 0
local prefix = ""

function setup(thread)
  table.insert(threads, thread)
  thread:set("tid", #threads)
end

function init(args)
  wrk.method = "POST"
  wrk.headers["Content-Type"] = "application/json"
  wrk.headers["Authorization"] = "Bearer " .. args[1]
  prefix = args[2] .. "-" .. tostring(tid) .. "-" .. tostring(os.time()) .. "-"
end

function request()
  counter = counter + 1
  return wrk.format(nil, nil, nil, string.format(
    '{"agent":"did:example:agent","action":"read","resource":"https://db.example/r","ttl":600,"task":"%s%d","singleUse":false}',
    prefix, counter))
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
