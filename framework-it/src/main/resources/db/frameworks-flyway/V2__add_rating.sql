ALTER TABLE book ADD COLUMN rating INTEGER NOT NULL DEFAULT 3;

UPDATE book SET rating = 5 WHERE title = 'Dune';
UPDATE book SET rating = 4 WHERE title = 'Solaris';
