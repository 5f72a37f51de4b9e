-- An instance's beat, and the reaping of instances that stopped beating. ARGV: 1 this instance,
-- 2 the epoch it loaded, 3 instance timeout (ms), 4 channel, 5 stream length, 6 announce joins up
-- to, 7 '1' to reap this instance itself (a clean stop) instead of beating.
-- Answers {1 when this instance is registered (0: declared dead, or the room was lost), epoch,
-- newest position, members announced as left}.
local me, epoch = ARGV[1], ARGV[2]
local timeout, channel = tonumber(ARGV[3]), ARGV[4]
local stream_length, announce_up_to = tonumber(ARGV[5]), tonumber(ARGV[6])
local current = redis.call('GET', KEYS[1]) or ''
local registered = redis.call('ZSCORE', KEYS[11], me) and current == epoch

-- ZREM first: whoever removes the instance is the one survivor that announces its members.
local function reap(instance)
  if redis.call('ZREM', KEYS[11], instance) == 0 then
    return 0
  end
  local set = instance_set(instance)
  local members = redis.call('SMEMBERS', set)
  table.sort(members, function(x, y)
    return (tonumber(redis.call('ZSCORE', KEYS[10], x)) or 0) < (tonumber(redis.call('ZSCORE', KEYS[10], y)) or 0)
  end)
  for _, member in ipairs(members) do
    leave(current, channel, stream_length, announce_up_to, member, '')
  end
  redis.call('DEL', set)
  return #members
end

local reaped = 0
if ARGV[7] == '1' then
  if registered then
    reaped = reap(me)
  end
  return { 0, current, redis.call('GET', KEYS[2]) or '0', reaped }
end
if not registered then
  return { 0, current, redis.call('GET', KEYS[2]) or '0', 0 }
end

local now = now_ms()
-- When no instance at all has beaten for half the timeout, Redis was the one that stalled (a
-- pause, a slow disk): every beat is late because Redis was. Nobody is reaped until each has had
-- a whole timeout to beat again (their queued beats run one after another, in any order).
local grace = prefix .. 'grace'
local newest = redis.call('ZREVRANGE', KEYS[11], 0, 0, 'WITHSCORES')
if #newest == 2 and now - tonumber(newest[2]) > timeout / 2 then
  redis.call('SET', grace, '1', 'PX', timeout)
end
redis.call('ZADD', KEYS[11], now, me)
if redis.call('EXISTS', grace) == 1 then
  return { 1, current, redis.call('GET', KEYS[2]) or '0', 0 }
end
for _, instance in ipairs(redis.call('ZRANGEBYSCORE', KEYS[11], '-inf', '(' .. (now - timeout), 'LIMIT', 0, 10)) do
  reaped = reaped + reap(instance)
end
return { 1, current, redis.call('GET', KEYS[2]) or '0', reaped }
