-- Frees the seats of a cancelled booking, idempotent on the booking id.
-- KEYS: 1 meta, 2 subsection seat map, 3 availability hash, 4 booking record, 5 seats held per buyer
-- ARGV: 1 availability field, 2 the buyer's account id
-- Returns 'REL' once released, the unchanged record when it holds no seats, or 'STALE'.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'STALE' end
local record = redis.call('GET', KEYS[4])
if not record or string.sub(record, 1, 3) ~= 'OK:' then return record or 'NONE' end
if redis.call('EXISTS', KEYS[2]) == 0 then return 'STALE' end
local count = 0
for token in string.gmatch(string.sub(record, 4), '[^,]+') do
  redis.call('SETRANGE', KEYS[2], tonumber(token), '0')
  count = count + 1
end
redis.call('HINCRBY', KEYS[3], ARGV[1], count)
if redis.call('HINCRBY', KEYS[5], ARGV[2], -count) <= 0 then redis.call('HDEL', KEYS[5], ARGV[2]) end
redis.call('SET', KEYS[4], 'REL')
return 'REL'
