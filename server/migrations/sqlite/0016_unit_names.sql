-- The names a unit had before a rename (issue 11), each with the days it
-- was in use: what was filed under a name keeps it, and the history says
-- since when the present one stands.
CREATE TABLE unit_names (
    unit_code TEXT NOT NULL REFERENCES units (code),
    name_vi TEXT NOT NULL,
    name_en TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_to TEXT NOT NULL
);
CREATE INDEX unit_names_by_unit ON unit_names (unit_code, valid_to);
