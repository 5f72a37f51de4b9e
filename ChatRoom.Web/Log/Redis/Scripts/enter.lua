-- An instance opens a room: the deployment's registry of open rooms takes it, unless it already
-- holds Chat:MaxRooms others, and the room is listed among the instance's rooms (where a survivor
-- reaps it should the instance die) under the number of this opening, so that only this opening's
-- own unlist.lua takes it off again. KEYS as beat.lua's. ARGV: 1 instance, 2 room, 3 max rooms,
-- 4 the opening's number (one per room opened on the instance, ever growing).
-- Answers 'ok', or 'full' (the deployment holds as many rooms as it may).
local prefix = string.sub(KEYS[1], 1, -10)
local room = ARGV[2]
if not redis.call('ZSCORE', KEYS[6], room) then
  if redis.call('ZCARD', KEYS[6]) >= tonumber(ARGV[3]) then
    return 'full'
  end
  redis.call('ZADD', KEYS[6], 0, room)
end
local t = redis.call('TIME')
redis.call('ZADD', KEYS[7], tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000), room)
redis.call('ZADD', prefix .. 'rooms-of:' .. ARGV[1], tonumber(ARGV[4]), room)
return 'ok'
