-- Allocates seats for one booking, atomically, idempotent on the booking id.
-- KEYS: 1 meta, 2 subsection seat map ('0' free, '1' taken per seat), 3 availability hash, 4 booking record,
--       5 seats held per buyer (hash: account id -> seats)
-- ARGV: 1 availability field, 2 mode ('best_available' | 'manual'), 3 quantity,
--       4 comma-separated 0-based seat indexes (manual), 5 seats in the subsection, 6 seats per row,
--       7 the buyer's account id, 8 most seats one buyer may hold (0: no limit)
-- Returns the booking record: 'OK:<indexes>' | 'FAIL:<reason>' | 'REL', or 'STALE' when the map must be rebuilt.
if redis.call('EXISTS', KEYS[1]) == 0 then return 'STALE' end
local existing = redis.call('GET', KEYS[4])
if existing then return existing end
local map = redis.call('GET', KEYS[2])
if not map then return 'STALE' end

local size = tonumber(ARGV[5])
local perRow = tonumber(ARGV[6])
local quantity = tonumber(ARGV[3])
local FREE = 48 -- '0'
local buyerLimit = tonumber(ARGV[8])

local function decide(record, seats)
  if seats then
    for _, s in ipairs(seats) do redis.call('SETRANGE', KEYS[2], s, '1') end
    redis.call('HINCRBY', KEYS[3], ARGV[1], -#seats)
    redis.call('HINCRBY', KEYS[5], ARGV[7], #seats)
  end
  redis.call('SET', KEYS[4], record)
  return record
end

-- Checked here, in the one atomic step that takes seats, so one buyer's concurrent requests in other
-- subsections (other partitions, other consumers) cannot together go past the limit.
local function overBuyerLimit(wanted)
  if buyerLimit == 0 then return false end
  local held = tonumber(redis.call('HGET', KEYS[5], ARGV[7]) or '0')
  return held + wanted > buyerLimit
end

if ARGV[2] == 'manual' then
  local seats, seen = {}, {}
  for token in string.gmatch(ARGV[4], '[^,]+') do
    local s = tonumber(token)
    if not s or s < 0 or s >= size or seen[s] then return decide('FAIL:invalid_seats') end
    seen[s] = true
    seats[#seats + 1] = s
  end
  if #seats == 0 then return decide('FAIL:invalid_seats') end
  if overBuyerLimit(#seats) then return decide('FAIL:buyer_limit') end
  for _, s in ipairs(seats) do
    if string.byte(map, s + 1) ~= FREE then return decide('FAIL:seats_unavailable') end
  end
  table.sort(seats)
  return decide('OK:' .. table.concat(seats, ','), seats)
end

if overBuyerLimit(quantity) then return decide('FAIL:buyer_limit') end

-- best_available: the first run of `quantity` adjacent free seats, rows front to back, left to right.
local runs, free = {}, 0
for rowStart = 0, size - 1, perRow do
  local runStart = nil
  for i = rowStart, rowStart + perRow - 1 do
    if string.byte(map, i + 1) == FREE then
      runStart = runStart or i
      free = free + 1
      if i - runStart + 1 == quantity then
        local seats = {}
        for s = runStart, i do seats[#seats + 1] = s end
        return decide('OK:' .. table.concat(seats, ','), seats)
      end
    elseif runStart then
      runs[#runs + 1] = {runStart, i - runStart}
      runStart = nil
    end
  end
  if runStart then runs[#runs + 1] = {runStart, rowStart + perRow - runStart} end
end

if free == 0 then return decide('FAIL:sold_out') end
if free < quantity then return decide('FAIL:not_enough_seats') end

-- No run is long enough: combine the largest runs (earlier first on ties), leftmost seats of the last.
table.sort(runs, function(a, b) return a[2] > b[2] or (a[2] == b[2] and a[1] < b[1]) end)
local seats = {}
for _, run in ipairs(runs) do
  for s = run[1], run[1] + run[2] - 1 do
    if #seats == quantity then break end
    seats[#seats + 1] = s
  end
  if #seats == quantity then break end
end
table.sort(seats)
return decide('OK:' .. table.concat(seats, ','), seats)
