"""Lineage stage: how one policy document changes through others (amendment decisions, …).

A stage: it never imports the other stages; the CLI and the pipeline hand it clause trees.
"""
