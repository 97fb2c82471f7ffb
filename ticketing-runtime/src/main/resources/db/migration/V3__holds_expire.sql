-- Holds expire: a pending_payment booking not paid by its hold_expires_at becomes 'expired' (final) and gives its
-- seats back. The deadline is set when the seats are taken, so changing the sale's hold time later changes no hold.
ALTER TABLE bookings
    DROP CONSTRAINT bookings_status_check,
    ADD CONSTRAINT bookings_status_check
        CHECK (status IN ('pending_payment', 'failed', 'completed', 'cancelled', 'expired'));

-- Set when a cancel or an expiry freed seats in PostgreSQL; cleared once a consumer has freed them in the seat map.
-- Until then the hold sweeper publishes the release again, so a release lost on the way is only ever late.
ALTER TABLE bookings ADD COLUMN release_pending boolean NOT NULL DEFAULT false;
CREATE INDEX bookings_release_pending ON bookings (sale_id, updated_at) WHERE release_pending;
ALTER TABLE bookings ADD COLUMN hold_expires_at timestamptz;
UPDATE bookings SET hold_expires_at = decided_at + interval '600 seconds' WHERE status = 'pending_payment';
CREATE INDEX bookings_holds ON bookings (sale_id, hold_expires_at) WHERE status = 'pending_payment';
