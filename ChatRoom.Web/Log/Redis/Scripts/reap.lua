-- The leaves of a dead instance's members in this room, once: only while the room still holds the
-- incarnation that was declared dead (a newer one of the same instance is alive and left alone).
-- ARGV: 1 instance, 2 its dead incarnation, 3 channel, 4 stream length, 5 announce joins up to,
-- 6 empty room ttl (ms, 0 keeps it). Answers how many members left (0 when already reaped).
if redis.call('HGET', KEYS[11], ARGV[1]) ~= ARGV[2] then
  return 0
end
redis.call('HDEL', KEYS[11], ARGV[1])
return reap_members(ARGV[1], ARGV[3], tonumber(ARGV[4]), tonumber(ARGV[5]), tonumber(ARGV[6]))
