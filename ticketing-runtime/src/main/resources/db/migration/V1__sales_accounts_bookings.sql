CREATE TABLE sales (
    sale_id                 text PRIMARY KEY,
    display_name            text        NOT NULL DEFAULT '',
    seat_rows               int         NOT NULL CHECK (seat_rows > 0),
    seats_per_row           int         NOT NULL CHECK (seats_per_row > 0),
    max_tickets_per_booking int         NOT NULL CHECK (max_tickets_per_booking BETWEEN 1 AND 10),
    created_at              timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE sale_sections (
    sale_id     text NOT NULL REFERENCES sales (sale_id) ON DELETE CASCADE,
    name        text NOT NULL,
    position    int  NOT NULL,
    price       int  NOT NULL CHECK (price >= 0),
    subsections int  NOT NULL CHECK (subsections > 0),
    PRIMARY KEY (sale_id, name)
);

CREATE TABLE accounts (
    id            uuid PRIMARY KEY,
    email         text        NOT NULL,
    name          text        NOT NULL,
    password_hash text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX accounts_email_key ON accounts (lower(email));

CREATE TABLE bookings (
    id             uuid PRIMARY KEY,
    sale_id        text        NOT NULL REFERENCES sales (sale_id),
    account_id     uuid        NOT NULL,
    section        text        NOT NULL,
    subsection     int         NOT NULL,
    mode           text        NOT NULL,
    quantity       int         NOT NULL,
    status         text        NOT NULL CHECK (status IN ('pending_payment', 'failed', 'completed', 'cancelled')),
    seats          text[]      NOT NULL DEFAULT '{}',
    total_price    int         NOT NULL DEFAULT 0,
    failure_reason text,
    payment_id     uuid,
    accepted_at    timestamptz NOT NULL,
    decided_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL
);
CREATE INDEX bookings_sale_status ON bookings (sale_id, status);
CREATE INDEX bookings_account ON bookings (account_id);

-- One row per sold seat: the primary key is what makes overselling impossible, whatever Redis says.
CREATE TABLE booked_seats (
    sale_id    text        NOT NULL,
    section    text        NOT NULL,
    subsection int         NOT NULL,
    seat_row   int         NOT NULL,
    seat_no    int         NOT NULL,
    booking_id uuid        NOT NULL REFERENCES bookings (id),
    sold_at    timestamptz NOT NULL,
    PRIMARY KEY (sale_id, section, subsection, seat_row, seat_no)
);
CREATE INDEX booked_seats_booking ON booked_seats (booking_id);
