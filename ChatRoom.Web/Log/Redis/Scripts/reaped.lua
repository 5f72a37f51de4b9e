-- A dead incarnation has been reaped in every room it registered in. KEYS as beat.lua's.
-- ARGV: 1 instance, 2 the dead incarnation. Forgets it; and the instance's list of rooms too,
-- unless the instance came back meanwhile (its new incarnation goes on with that list).
local prefix = string.sub(KEYS[1], 1, -10)
if redis.call('SREM', KEYS[3], ARGV[1] .. ':' .. ARGV[2]) == 0 then
  return 0
end
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then
  redis.call('DEL', prefix .. 'rooms-of:' .. ARGV[1])
  if redis.call('HGET', KEYS[2], ARGV[1]) == ARGV[2] then
    redis.call('HDEL', KEYS[2], ARGV[1])
  end
end
return 1
