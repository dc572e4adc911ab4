CREATE TABLE book (
  id     SERIAL PRIMARY KEY,
  title  VARCHAR(100) NOT NULL UNIQUE
);

INSERT INTO book (title) VALUES ('Dune'), ('Solaris'), ('Neuromancer');
