"""Normalization library: text to display text and comparison key (pure)."""
