"""Bundled demo: a small government site in two states served on loopback."""
