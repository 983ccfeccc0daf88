"""Grammars of Chinese policy texts shared by every stage: pure functions on strings, no I/O."""
