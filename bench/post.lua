-- wrk script: POSTs the fixture report, each request with a fresh id so
-- /api/reports stores a new report every time (no idempotent shortcut).
local template

function init(args)
  local file = assert(io.open(args[1], "r"))
  template = file:read("*a")
  file:close()
  math.randomseed(os.time() + tonumber(tostring({}):match("0x(%x+)"), 16) % 100000)
end

function request()
  local id = string.format("%08x-%04x-4%03x-8%03x-%012x",
    math.random(0, 0x7fffffff), math.random(0, 0xffff), math.random(0, 0xfff),
    math.random(0, 0xfff), math.random(0, 0x7fffffff) * 65536 + math.random(0, 0xffff))
  local body = template:gsub("0d9f4c1e%-3b0a%-4c55%-9d0b%-1f2e3a4b5c6d", id, 1)
  return wrk.format("POST", nil, { ["content-type"] = "application/json" }, body)
end
