-- The public statistics' rollups (issue 13). Each dossier's marks
-- (app::statistics::mark: received, finished on time, open, overdue, ...)
-- summed by day, unit, procedure and channel, so the figures of any period
-- are sums of a few rows rather than a count over every dossier. Kept up to
-- date by a catch-up from the dossiers' events; `portal rebuild-statistics`
-- recomputes them from the events.
CREATE TABLE statistics_days (
    unit_code TEXT NOT NULL,
    procedure_code TEXT NOT NULL,
    channel BIGINT NOT NULL,
    mark BIGINT NOT NULL,
    -- Days since 1970-01-01 by Vietnam's calendar.
    day BIGINT NOT NULL,
    value BIGINT NOT NULL,
    PRIMARY KEY (unit_code, procedure_code, channel, mark, day)
);

-- What each dossier last added to the rollups (its history as JSON), so a
-- change takes the old marks off before adding the new ones.
CREATE TABLE statistics_facts (
    dossier_id BIGINT PRIMARY KEY,
    fact TEXT NOT NULL
);

-- How far the catch-up has read: the last dossier event and feedback ids,
-- the ratings' last change time; the version moves with every change to
-- the rollups, so a server holding them in memory knows to reload. How many
-- dossiers were generated as demo history (the page says so when any were).
CREATE TABLE statistics_state (
    id BIGINT PRIMARY KEY,
    events_seen BIGINT NOT NULL,
    ratings_seen BIGINT NOT NULL,
    feedback_seen BIGINT NOT NULL,
    version BIGINT NOT NULL,
    caught_up_at BIGINT NOT NULL,
    demo_dossiers BIGINT NOT NULL
);
INSERT INTO statistics_state (id, events_seen, ratings_seen, feedback_seen, version, caught_up_at, demo_dossiers) VALUES (1, 0, 0, 0, 0, 0, 0);

-- Reports about a dossier's handling count against its satisfaction.
CREATE INDEX feedback_by_dossier ON feedback (dossier_id);
