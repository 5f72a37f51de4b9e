-- The deployment's open rooms, most members first. KEYS as beat.lua's. ARGV: 1 how many to list.
-- Answers {how many rooms are open, the listed ones as room, online, room, online, …}.
return { redis.call('ZCARD', KEYS[6]), redis.call('ZREVRANGE', KEYS[6], 0, tonumber(ARGV[1]) - 1, 'WITHSCORES') }
