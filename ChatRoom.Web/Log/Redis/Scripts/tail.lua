-- The room's epoch ('' when it is gone) and newest position: a reader that missed a tail, or whose
-- room was lost, finds out within a heartbeat.
return { redis.call('GET', KEYS[1]) or '', redis.call('GET', KEYS[2]) or '0' }
