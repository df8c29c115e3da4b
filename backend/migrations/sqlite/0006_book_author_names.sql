-- Each book keeps its author names, in credit order, as a JSON array, so a list page
-- reads them with the book instead of two more tables per row. The application
-- writes the column with the contributors; this fills it for existing books.
ALTER TABLE books ADD COLUMN author_names TEXT NOT NULL DEFAULT '[]';

UPDATE books SET author_names = (SELECT json_group_array(a.name ORDER BY c.position) FROM book_contributors c JOIN authors a ON a.id = c.author_id WHERE c.book_id = books.id AND c.role = 'author');
