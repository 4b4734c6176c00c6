"""Hostile input corpus: a generator of files that scraped pages and uploads may contain."""
