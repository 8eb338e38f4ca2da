-- A dossier keeps the name each document had when it was filed. The store's
-- document takes the name the person gives at each upload (the same bytes
-- uploaded again under a new name are renamed, not shown under the old
-- name), and that must not rewrite what a receipt already listed. Empty for
-- rows filed before this column: they read the document's name.
ALTER TABLE dossier_documents ADD COLUMN file_name TEXT NOT NULL DEFAULT '';
