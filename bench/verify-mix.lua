-- wrk script: POST /credentials/verify with the request bodies read from the files given after "--", in turn,
-- request by request (status-load.sh warms the server up with it, so that the JIT's profiles see every credential
-- before any is measured). Counting and the JSON summary line are verify-post.lua's.
local here = debug.getinfo(1, "S").source:sub(2):match("(.*/)") or "./"
dofile(here .. "verify-post.lua")

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
