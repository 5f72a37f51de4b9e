-- Settles an append whose answer was lost. ARGV: 1 append key, 2 seconds to remember a refusal.
-- Answers what the append script answered under that key if it ran ('a:POSITION', 'full', …);
-- otherwise records the key as refused and answers 'refused'. The append script answers a key it
-- finds recorded from there, so an attempt that reaches Redis after this (still queued behind a
-- stall, or on a connection given up for dead) appends nothing: refused is for good.
local done_key = prefix .. 'done:' .. ARGV[1]
local answered = redis.call('GET', done_key)
if answered then
  return answered
end
redis.call('SET', done_key, 'refused', 'EX', tonumber(ARGV[2]))
return 'refused'
