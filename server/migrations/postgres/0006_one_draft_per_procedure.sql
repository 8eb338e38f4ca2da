-- One draft per person and procedure: starting again resumes it, and two
-- tabs (or a double tap) cannot make two.
CREATE UNIQUE INDEX drafts_one_per_procedure ON drafts (user_id, procedure_code);
