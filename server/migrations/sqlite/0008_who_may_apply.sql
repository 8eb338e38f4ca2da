-- Who may file a procedure is data on the procedure: the applicant kinds
-- come from the catalogue's subjects (subject_kinds, already stored); the
-- identity level a procedure needs (1 or 2) is set by an administrator.
ALTER TABLE procedures ADD COLUMN required_loa INTEGER NOT NULL DEFAULT 1;
