-- Shared by every room script. KEYS, the same for all (the room's hash tag, so one Cluster slot):
-- 1 epoch, 2 position, 3 last id, 4 message count, 5 stream (every entry), 6 history (messages),
-- 7 names (member -> name), 8 folds (member -> folded name), 9 owners (folded name -> member),
-- 10 joined (zset member -> position of its join), 11 instances (hash instance -> incarnation
-- registered in this room), 12 ban keys (member -> its subject or address), 13 bans (zset ban key
-- -> end, ms), 14 banned names (ban key -> the folded name it was banned under), 15 mutes (zset ban
-- key -> end, ms). An instance's members here are a set under the same tag, named here: Lua cannot
-- be handed one key per instance in advance, and the tag keeps it on the same slot.
local prefix = string.sub(KEYS[1], 1, -6)

local function instance_set(instance)
  return prefix .. 'inst:' .. instance
end

-- Signed-in members (their names are reserved while they are here), a set under the same tag.
local function verified_set()
  return prefix .. 'verified'
end

local function instance_of(member)
  return string.match(member, '^(.*):%d+$')
end

-- Redis's clock, not the caller's: every instance stamps and times out against one clock.
local function now_ms()
  local t = redis.call('TIME')
  return tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
end

-- A room with no members is kept ttl ms from when it emptied, then its keys expire together (the
-- next member starts a new epoch). Keys made while it is empty (a notice's) get the same deadline.
-- ttl 0: kept for good (the default room). The sets named here empty with the room.
local function expire_if_empty(ttl)
  if ttl <= 0 or redis.call('HLEN', KEYS[7]) > 0 then
    return
  end
  local at = redis.call('PEXPIRETIME', KEYS[1])
  if at < 0 then
    at = now_ms() + ttl
  end
  for i = 1, #KEYS do
    redis.call('PEXPIREAT', KEYS[i], at)
  end
end

-- A member joined: the room is kept for good again.
local function keep()
  for i = 1, #KEYS do
    redis.call('PERSIST', KEYS[i])
  end
end

-- Every entry: the next position, the next id when broadcast, one stream entry, one publish.
-- The payload is a JSON array of strings (cjson would round big numbers); verified is '1' when the
-- member concerned is signed in; ban_key is a ban's key (its members on every instance are closed).
local function append(epoch, channel, stream_length, broadcast, kind, a, b, c, member, append_key, verified, ban_key)
  local position = redis.call('INCR', KEYS[2])
  local id = 0
  if broadcast then
    id = redis.call('INCR', KEYS[3])
  end
  local payload = cjson.encode({ epoch, tostring(position), tostring(id), string.format('%d', now_ms()),
    kind, a, b, c, member, append_key, verified or '', ban_key or '' })
  redis.call('XADD', KEYS[5], 'MAXLEN', '~', stream_length, tostring(position) .. '-0', 'i', tostring(id), 'e', payload)
  redis.call('SPUBLISH', channel, payload)
  return position, payload
end

-- A member's leave, announced while the room (counting it) is small enough; nil when not a member.
local function leave(epoch, channel, stream_length, announce_up_to, ttl, member, append_key)
  local name = redis.call('HGET', KEYS[7], member)
  if not name then
    return nil
  end
  local fold = redis.call('HGET', KEYS[8], member)
  redis.call('HDEL', KEYS[7], member)
  redis.call('HDEL', KEYS[8], member)
  redis.call('HDEL', KEYS[12], member)
  if fold and redis.call('HGET', KEYS[9], fold) == member then
    redis.call('HDEL', KEYS[9], fold)
  end
  redis.call('ZREM', KEYS[10], member)
  redis.call('SREM', instance_set(instance_of(member)), member)
  local verified = redis.call('SREM', verified_set(), member) == 1 and '1' or ''
  local online = redis.call('HLEN', KEYS[7])
  local position = append(epoch, channel, stream_length, online + 1 <= announce_up_to, 'l', name, '', tostring(online), member, append_key, verified)
  expire_if_empty(ttl)
  return position
end

-- The leaves of every member an instance has here, in join order (an instance declared dead, or
-- this instance's own earlier incarnation). Answers how many left.
local function reap_members(instance, channel, stream_length, announce_up_to, ttl)
  local epoch = redis.call('GET', KEYS[1]) or ''
  local set = instance_set(instance)
  local members = redis.call('SMEMBERS', set)
  table.sort(members, function(x, y)
    return (tonumber(redis.call('ZSCORE', KEYS[10], x)) or 0) < (tonumber(redis.call('ZSCORE', KEYS[10], y)) or 0)
  end)
  for _, member in ipairs(members) do
    leave(epoch, channel, stream_length, announce_up_to, ttl, member, '')
  end
  redis.call('DEL', set)
  return #members
end
