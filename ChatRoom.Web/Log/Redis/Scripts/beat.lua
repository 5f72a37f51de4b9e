-- An instance's heartbeat, one per instance whatever its rooms, in the deployment's own slot. KEYS:
-- 1 instances (zset instance -> last beat, ms), 2 incarnations (hash instance -> incarnation),
-- 3 dead (set of 'instance:incarnation' declared dead, until reaped in every room), 4 grace,
-- 5 the incarnation counter, 6 rooms (zset open room -> online, the registry), 7 seen (zset open
-- room -> when an instance last reported it, ms). ARGV: 1 this instance, 2 its incarnation (''
-- before the first beat), 3 instance timeout (ms), 4 'stop' for a clean stop (this incarnation is
-- dead now) or 'beat', 5.. the rooms open here and their members: room, online, room, online, ….
-- Answers {this instance's incarnation (a new one when it was declared dead, or on its first beat),
-- the dead incarnations still to reap ('instance:incarnation')}.
local me, mine, timeout = ARGV[1], ARGV[2], tonumber(ARGV[3])
local registered = redis.call('ZSCORE', KEYS[1], me) and redis.call('HGET', KEYS[2], me) == mine

-- Declaring dead is this script's alone, and atomic: out of the live set, into the dead one.
local function declare_dead(instance)
  redis.call('ZREM', KEYS[1], instance)
  local incarnation = redis.call('HGET', KEYS[2], instance)
  if incarnation then
    redis.call('SADD', KEYS[3], instance .. ':' .. incarnation)
  end
end

if ARGV[4] == 'stop' then
  if registered then
    declare_dead(me)
  end
  return { mine, redis.call('SMEMBERS', KEYS[3]) }
end

local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
-- When no instance at all has beaten for half the timeout, Redis was the one that stalled (a
-- pause, a slow disk, this master down): every beat is late because Redis was. Nobody is declared
-- dead until each has had a whole timeout to beat again.
local newest = redis.call('ZREVRANGE', KEYS[1], 0, 0, 'WITHSCORES')
if #newest == 2 and now - tonumber(newest[2]) > timeout / 2 then
  redis.call('SET', KEYS[4], '1', 'PX', timeout)
end
if not registered then
  -- A first beat, or this instance was declared dead: a new incarnation, whose rooms load afresh.
  mine = tostring(redis.call('INCR', KEYS[5]))
  redis.call('HSET', KEYS[2], me, mine)
end
redis.call('ZADD', KEYS[1], now, me)
for i = 5, #ARGV, 2 do
  redis.call('ZADD', KEYS[6], tonumber(ARGV[i + 1]), ARGV[i])
  redis.call('ZADD', KEYS[7], now, ARGV[i])
end
if redis.call('EXISTS', KEYS[4]) == 0 then
  for _, instance in ipairs(redis.call('ZRANGEBYSCORE', KEYS[1], '-inf', '(' .. (now - timeout), 'LIMIT', 0, 10)) do
    declare_dead(instance)
  end
  -- A room no instance has open any more (each forgot it, empty, after Chat:EmptyRoomTtl) leaves
  -- the registry once none has reported it for two timeouts.
  for _, room in ipairs(redis.call('ZRANGEBYSCORE', KEYS[7], '-inf', '(' .. (now - 2 * timeout), 'LIMIT', 0, 100)) do
    redis.call('ZREM', KEYS[6], room)
    redis.call('ZREM', KEYS[7], room)
  end
end
return { mine, redis.call('SMEMBERS', KEYS[3]) }
