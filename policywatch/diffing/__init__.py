"""Diffing stage: clause segmentation and clause-by-clause comparison of versions."""
