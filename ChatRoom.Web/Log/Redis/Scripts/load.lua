-- The room as of its newest entry, in one atomic read, and this instance's incarnation registered
-- in it (the members an earlier incarnation of it left here are gone with it: their leaves first).
-- ARGV: 1 a new epoch (kept only when the room has none: a Redis that lost it, a room forgotten,
-- or a first start), 2 this instance, 3 its incarnation, 4 resume window (broadcast entries),
-- 5 stream length (how far back to look), 6 channel, 7 announce joins up to, 8 empty room ttl (ms).
-- Answers {epoch, position, last id, message count, members in join order, their names,
-- window payloads newest first, history payloads oldest first, the signed-in members}.
local instance, incarnation = ARGV[2], ARGV[3]
local stream_length, ttl = tonumber(ARGV[5]), tonumber(ARGV[8])
redis.call('SET', KEYS[1], ARGV[1], 'NX')
local epoch = redis.call('GET', KEYS[1])
local previous = redis.call('HGET', KEYS[11], instance)
redis.call('HSET', KEYS[11], instance, incarnation)
if previous and previous ~= incarnation then
  reap_members(instance, ARGV[6], stream_length, tonumber(ARGV[7]), ttl)
end
expire_if_empty(ttl)

local members = redis.call('ZRANGE', KEYS[10], 0, -1)
local names = {}
for i, member in ipairs(members) do
  names[i] = redis.call('HGET', KEYS[7], member) or ''
end

local window, wanted, budget = {}, tonumber(ARGV[4]), stream_length
local upper = '+'
while #window < wanted and budget > 0 do
  local page = redis.call('XREVRANGE', KEYS[5], upper, '-', 'COUNT', 500)
  if #page == 0 then
    break
  end
  for _, item in ipairs(page) do
    budget = budget - 1
    local fields = item[2]
    if fields[2] ~= '0' and #window < wanted then
      window[#window + 1] = fields[4]
    end
  end
  upper = '(' .. page[#page][1]
end

return { epoch, redis.call('GET', KEYS[2]) or '0', redis.call('GET', KEYS[3]) or '0',
  redis.call('GET', KEYS[4]) or '0', members, names, window, redis.call('LRANGE', KEYS[6], 0, -1),
  redis.call('SMEMBERS', verified_set()) }
