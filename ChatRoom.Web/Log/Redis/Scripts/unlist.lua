-- An instance forgot a room it had no member left in: off its list of rooms, unless the room was
-- opened there again since (a later opening's number): that opening must stay where a survivor
-- reaps it, whatever order the two reach Redis in. KEYS as beat.lua's. ARGV: 1 instance, 2 room,
-- 3 the forgotten opening's number. Answers 1 when it took the room off.
local prefix = string.sub(KEYS[1], 1, -10)
local list = prefix .. 'rooms-of:' .. ARGV[1]
local opened = redis.call('ZSCORE', list, ARGV[2])
if opened and tonumber(opened) == tonumber(ARGV[3]) then
  return redis.call('ZREM', list, ARGV[2])
end
return 0
