-- wrk script: a flood of login attempts with made-up phones from made-up addresses (the server
-- runs with KABINET_CLIENT_IP_HEADER=x-real-ip), so that the rate limits let them through to
-- password hashing. Each connection sends one attempt every 100 ms: with 64 connections about
-- 640 attempts a second, ten times what one argon2id worker can hash (about 60 a second), so the
-- pool stays saturated while the rest of the server keeps its share of the CPU.
math.randomseed(os.time())
request = function()
  local ip = string.format("10.%d.%d.%d", math.random(0, 255), math.random(0, 255), math.random(1, 254))
  local phone = string.format("8912%07d", math.random(0, 9999999))
  return wrk.format("POST", "/api/login", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["X-Real-IP"] = ip,
  }, "phone=" .. phone .. "&password=flood-password")
end

delay = function()
  return 100
end

local codes = {}
response = function(status, headers, body)
  codes[status] = (codes[status] or 0) + 1
end

done = function(summary, latency, requests)
  -- Each thread has its own `codes`; wrk gives `done` none of them, so print what it has.
  io.write(string.format("login flood: %d requests, %d non-2xx answers\n",
    summary.requests, summary.errors.status))
end
