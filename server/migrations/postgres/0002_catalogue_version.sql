-- A counter bumped by every change to the catalogue, so each running server
-- notices and rebuilds its search index (one machine or several).
CREATE TABLE catalogue_meta (
    id BIGINT PRIMARY KEY,
    version BIGINT NOT NULL
);
INSERT INTO catalogue_meta (id, version) VALUES (1, 0);
