-- Sales are keyed by '<namespace>/<name>' from now on (V1 keyed them by name alone, so same-named sales of
-- two namespaces shared rows). A sale's init adopts rows stored under its bare name by renaming the key;
-- these foreign keys carry the rename to sections and bookings.
ALTER TABLE sale_sections
    DROP CONSTRAINT sale_sections_sale_id_fkey,
    ADD CONSTRAINT sale_sections_sale_id_fkey FOREIGN KEY (sale_id) REFERENCES sales (sale_id)
        ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE bookings
    DROP CONSTRAINT bookings_sale_id_fkey,
    ADD CONSTRAINT bookings_sale_id_fkey FOREIGN KEY (sale_id) REFERENCES sales (sale_id) ON UPDATE CASCADE;
