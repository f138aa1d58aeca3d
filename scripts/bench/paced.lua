-- wrk script: each connection asks for the page every 5 ms (4 connections: about 800 requests a
-- second), so that p99 is the page's own latency and not the queue of a saturated machine.
delay = function()
  return 5
end
