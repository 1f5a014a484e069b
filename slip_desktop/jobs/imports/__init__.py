"""The import centre's jobs: read a file, preview it against the records, write it, undo it."""
