-- Entries from a position on, to fill a reader's gap. ARGV: 1 first position wanted, 2 how many.
-- Answers {epoch (false when the room is gone), newest position, payloads in position order}.
local page = redis.call('XRANGE', KEYS[5], ARGV[1] .. '-0', '+', 'COUNT', tonumber(ARGV[2]))
local payloads = {}
for i, item in ipairs(page) do
  payloads[i] = item[2][4]
end
return { redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '0', payloads }
