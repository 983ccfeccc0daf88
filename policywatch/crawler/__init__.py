"""Crawler stage: polite HTTP fetching and discovery of documents on listing pages."""
