"""regencheck.store."""
