"""The run journal: one embedded SQLite database (WAL) per run, written from the event bus."""
