"""Extraction library: HTML, PDF and DOCX bytes to body text and metadata (pure, no I/O but files)."""
