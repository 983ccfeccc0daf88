"""Reports stage: the static report site, email digests and webhooks."""
