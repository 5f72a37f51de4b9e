-- One room event. ARGV: 1 epoch the caller loaded, 2 channel, 3 max members, 4 announce joins up
-- to, 5 history size, 6 stream length, 7 append key, 8 kind, 9.. the kind's own (a join: member,
-- instance, '1' when signed in, the name asked for and its fold, then candidate names and folds).
-- Answers 'a:POSITION' (appended), 'full', 'taken', 'same', 'none' (not a member), 'more' (every
-- candidate name taken: ask again with the next ones), 'epoch' (the room is not the caller's),
-- 'unregistered' (the caller's instance was declared dead). The answer is kept under the append
-- key for a while, so a retry whose first answer was lost gets it again instead of a second event;
-- a key that settle.lua recorded as refused answers 'refused' and appends nothing.
local epoch, channel = ARGV[1], ARGV[2]
local max_members, announce_up_to = tonumber(ARGV[3]), tonumber(ARGV[4])
local history_size, stream_length = tonumber(ARGV[5]), tonumber(ARGV[6])
local append_key, kind = ARGV[7], ARGV[8]
local done_key = prefix .. 'done:' .. append_key

local answered = redis.call('GET', done_key)
if answered then
  return answered
end
if redis.call('GET', KEYS[1]) ~= epoch then
  return 'epoch'
end

local function decide()
  if kind == 'join' then
    local member, instance = ARGV[9], ARGV[10]
    if not redis.call('ZSCORE', KEYS[11], instance) then
      return 'unregistered'
    end
    if redis.call('HEXISTS', KEYS[7], member) == 1 then
      return 'none'
    end
    if redis.call('HLEN', KEYS[7]) >= max_members then
      return 'full'
    end
    local verified = ARGV[11] == '1' and '1' or ''
    local function first_free()
      for i = 14, #ARGV, 2 do
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
    local holder = verified == '1' and redis.call('HGET', KEYS[9], ARGV[13])
    if holder and redis.call('SISMEMBER', verified_set(), holder) == 0 then
      local current = redis.call('HGET', KEYS[7], holder)
      redis.call('HDEL', KEYS[9], ARGV[13])
      redis.call('HSET', KEYS[9], fold, holder)
      redis.call('HSET', KEYS[8], holder, fold)
      redis.call('HSET', KEYS[7], holder, name)
      append(epoch, channel, stream_length, true, 'r', current, name, '', holder, '')
      name, fold = ARGV[12], ARGV[13]
    end
    redis.call('HSET', KEYS[7], member, name)
    redis.call('HSET', KEYS[8], member, fold)
    redis.call('HSET', KEYS[9], fold, member)
    redis.call('SADD', instance_set(instance), member)
    if verified == '1' then
      redis.call('SADD', verified_set(), member)
    end
    local online = redis.call('HLEN', KEYS[7])
    local position = append(epoch, channel, stream_length, online <= announce_up_to, 'j', name, '', tostring(online), member, append_key, verified)
    redis.call('ZADD', KEYS[10], position, member)
    return 'a:' .. position
  elseif kind == 'leave' then
    local position = leave(epoch, channel, stream_length, announce_up_to, ARGV[9], append_key)
    if not position then
      return 'none'
    end
    return 'a:' .. position
  elseif kind == 'say' then
    local member = ARGV[9]
    local name = redis.call('HGET', KEYS[7], member)
    if not name then
      return 'none'
    end
    redis.call('INCR', KEYS[4])
    local verified = redis.call('SISMEMBER', verified_set(), member) == 1 and '1' or ''
    local position, payload = append(epoch, channel, stream_length, true, 'm', name, ARGV[10], ARGV[11], member, append_key, verified)
    if history_size > 0 then
      redis.call('RPUSH', KEYS[6], payload)
      redis.call('LTRIM', KEYS[6], -history_size, -1)
    end
    return 'a:' .. position
  elseif kind == 'rename' then
    local member, name, fold = ARGV[9], ARGV[10], ARGV[11]
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
  elseif kind == 'notice' then
    local position = append(epoch, channel, stream_length, true, 'n', ARGV[9], '', '', '', append_key)
    return 'a:' .. position
  end
  return redis.error_reply('unknown kind ' .. kind)
end

local answer = decide()
if answer ~= 'more' and answer ~= 'epoch' and answer ~= 'unregistered' then
  redis.call('SET', done_key, answer, 'EX', 60)
end
return answer
