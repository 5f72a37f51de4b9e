-- One room event. ARGV: 1 epoch the caller loaded, 2 channel, 3 max members, 4 announce joins up
-- to, 5 history size, 6 stream length, 7 empty room ttl (ms, 0 keeps it), 8 append key, 9 kind,
-- 10.. the kind's own (a join: member, instance, its incarnation, '1' when signed in, the name
-- asked for and its fold, its ban key, then candidate names and folds).
-- Answers 'a:POSITION' (appended), 'full', 'taken', 'same', 'none' (not a member), 'banned',
-- 'muted', 'notfound' (no such member, ban or message to moderate), 'more' (every
-- candidate name taken: ask again with the next ones), 'epoch' (the room is not the caller's),
-- 'unregistered' (the caller's incarnation is not registered in the room: declared dead). The answer is kept under the append
-- key for a while, so a retry whose first answer was lost gets it again instead of a second event;
-- a key that settle.lua recorded as refused answers 'refused' and appends nothing.
local epoch, channel = ARGV[1], ARGV[2]
local max_members, announce_up_to = tonumber(ARGV[3]), tonumber(ARGV[4])
local history_size, stream_length, ttl = tonumber(ARGV[5]), tonumber(ARGV[6]), tonumber(ARGV[7])
local append_key, kind = ARGV[8], ARGV[9]
local done_key = prefix .. 'done:' .. append_key

local answered = redis.call('GET', done_key)
if answered then
  return answered
end
if redis.call('GET', KEYS[1]) ~= epoch then
  return 'epoch'
end

-- Bans and mutes, as RoomLedger's Sanctions keeps them: a zset (ban key -> end, ms) and, for bans,
-- a hash (ban key -> folded name). Expired entries go whenever one is added; past the cap, the
-- entry that ends soonest (ties: the lowest key).
local function drop_expired(zset, names, now)
  if names then
    for _, key in ipairs(redis.call('ZRANGEBYSCORE', zset, '-inf', now)) do
      redis.call('HDEL', names, key)
    end
  end
  redis.call('ZREMRANGEBYSCORE', zset, '-inf', now)
end

local function sanction(zset, names, key, fold, ends, now, cap)
  drop_expired(zset, names, now)
  redis.call('ZADD', zset, ends, key)
  if names then
    redis.call('HSET', names, key, fold)
  end
  if redis.call('ZCARD', zset) > cap then
    local soonest = redis.call('ZPOPMIN', zset)
    if names then
      redis.call('HDEL', names, soonest[1])
    end
  end
end

local function holds(zset, key, now)
  local ends = key and redis.call('ZSCORE', zset, key)
  return ends and tonumber(ends) > now
end

local moderation_kinds = { kick = 'K', mute = 'M', ban = 'B', unban = 'U' }

local function decide()
  if kind == 'join' then
    local member, instance, ban_key = ARGV[10], ARGV[11], ARGV[16]
    if redis.call('HGET', KEYS[11], instance) ~= ARGV[12] then
      return 'unregistered'
    end
    if redis.call('HEXISTS', KEYS[7], member) == 1 then
      return 'none'
    end
    if holds(KEYS[13], ban_key, now_ms()) then
      return 'banned'
    end
    if redis.call('HLEN', KEYS[7]) >= max_members then
      return 'full'
    end
    local verified = ARGV[13] == '1' and '1' or ''
    local function first_free()
      for i = 17, #ARGV, 2 do
        if redis.call('HEXISTS', KEYS[9], ARGV[i + 1]) == 0 then
          return ARGV[i], ARGV[i + 1]
        end
      end
    end
    local name, fold = first_free()
    if not name then
      return 'more'
    end
    -- A signed-in joiner takes its name from an anonymous holder, who is renamed first.
    local holder = verified == '1' and redis.call('HGET', KEYS[9], ARGV[15])
    if holder and redis.call('SISMEMBER', verified_set(), holder) == 0 then
      local current = redis.call('HGET', KEYS[7], holder)
      redis.call('HDEL', KEYS[9], ARGV[15])
      redis.call('HSET', KEYS[9], fold, holder)
      redis.call('HSET', KEYS[8], holder, fold)
      redis.call('HSET', KEYS[7], holder, name)
      append(epoch, channel, stream_length, true, 'r', current, name, '', holder, '')
      name, fold = ARGV[14], ARGV[15]
    end
    redis.call('HSET', KEYS[7], member, name)
    redis.call('HSET', KEYS[8], member, fold)
    redis.call('HSET', KEYS[9], fold, member)
    redis.call('HSET', KEYS[12], member, ban_key)
    redis.call('SADD', instance_set(instance), member)
    keep()
    if verified == '1' then
      redis.call('SADD', verified_set(), member)
    end
    local online = redis.call('HLEN', KEYS[7])
    local position = append(epoch, channel, stream_length, online <= announce_up_to, 'j', name, '', tostring(online), member, append_key, verified)
    redis.call('ZADD', KEYS[10], position, member)
    return 'a:' .. position
  elseif kind == 'leave' then
    local position = leave(epoch, channel, stream_length, announce_up_to, ttl, ARGV[10], append_key)
    if not position then
      return 'none'
    end
    return 'a:' .. position
  elseif kind == 'say' then
    local member = ARGV[10]
    local name = redis.call('HGET', KEYS[7], member)
    if not name then
      return 'none'
    end
    if holds(KEYS[15], redis.call('HGET', KEYS[12], member), now_ms()) then
      return 'muted'
    end
    redis.call('INCR', KEYS[4])
    local verified = redis.call('SISMEMBER', verified_set(), member) == 1 and '1' or ''
    local position, payload = append(epoch, channel, stream_length, true, 'm', name, ARGV[11], ARGV[12], member, append_key, verified)
    if history_size > 0 then
      redis.call('RPUSH', KEYS[6], payload)
      redis.call('LTRIM', KEYS[6], -history_size, -1)
    end
    return 'a:' .. position
  elseif kind == 'rename' then
    local member, name, fold = ARGV[10], ARGV[11], ARGV[12]
    local current = redis.call('HGET', KEYS[7], member)
    if not current then
      return 'none'
    end
    if current == name then
      return 'same'
    end
    local owner = redis.call('HGET', KEYS[9], fold)
    if owner and owner ~= member then
      return 'taken'
    end
    local old_fold = redis.call('HGET', KEYS[8], member)
    if old_fold then
      redis.call('HDEL', KEYS[9], old_fold)
    end
    redis.call('HSET', KEYS[9], fold, member)
    redis.call('HSET', KEYS[8], member, fold)
    redis.call('HSET', KEYS[7], member, name)
    local position = append(epoch, channel, stream_length, true, 'r', current, name, '', member, append_key)
    return 'a:' .. position
  elseif kind == 'moderate' then
    local action, target, fold, by = ARGV[10], ARGV[11], ARGV[12], ARGV[13]
    local minutes, cap, now = tonumber(ARGV[14]), tonumber(ARGV[15]), now_ms()
    if action == 'unban' then
      drop_expired(KEYS[13], KEYS[14], now)
      local banned, found = redis.call('HGETALL', KEYS[14]), false
      for i = 1, #banned, 2 do
        if banned[i + 1] == fold then
          redis.call('HDEL', KEYS[14], banned[i])
          redis.call('ZREM', KEYS[13], banned[i])
          found = true
        end
      end
      if not found then
        return 'notfound'
      end
      local position = append(epoch, channel, stream_length, true, 'U', target, by, '0', '', append_key)
      expire_if_empty(ttl)
      return 'a:' .. position
    end
    local member = redis.call('HGET', KEYS[9], fold)
    if not member then
      return 'notfound'
    end
    local name, ban_key = redis.call('HGET', KEYS[7], member), redis.call('HGET', KEYS[12], member) or ''
    if action == 'kick' then
      minutes = 0
    elseif action == 'mute' then
      sanction(KEYS[15], nil, ban_key, fold, now + minutes * 60000, now, cap)
    elseif action == 'ban' then
      sanction(KEYS[13], KEYS[14], ban_key, fold, now + minutes * 60000, now, cap)
    else
      return redis.error_reply('unknown moderation ' .. action)
    end
    -- A ban carries its key: every instance closes its members that share it.
    local position = append(epoch, channel, stream_length, true, moderation_kinds[action], name, by,
      tostring(minutes), member, append_key, '', action == 'ban' and ban_key or '')
    return 'a:' .. position
  elseif kind == 'delete' then
    local target = tonumber(ARGV[10])
    if not target or target < 1 or target > tonumber(redis.call('GET', KEYS[3]) or '0') then
      return 'notfound'
    end
    -- Gone from the history a later snapshot loads; a reader drops it from the window itself.
    for _, payload in ipairs(redis.call('LRANGE', KEYS[6], 0, -1)) do
      if cjson.decode(payload)[3] == ARGV[10] then
        redis.call('LREM', KEYS[6], 1, payload)
      end
    end
    local position = append(epoch, channel, stream_length, true, 'd', ARGV[10], ARGV[11], '', '', append_key)
    -- A delete in a kept empty room: what it made expires with the rest.
    expire_if_empty(ttl)
    return 'a:' .. position
  elseif kind == 'notice' then
    local position = append(epoch, channel, stream_length, true, 'n', ARGV[10], '', '', '', append_key)
    -- A notice to a kept empty room: what it made expires with the rest.
    expire_if_empty(ttl)
    return 'a:' .. position
  end
  return redis.error_reply('unknown kind ' .. kind)
end

local answer = decide()
if answer ~= 'more' and answer ~= 'epoch' and answer ~= 'unregistered' then
  redis.call('SET', done_key, answer, 'EX', 60)
end
return answer
