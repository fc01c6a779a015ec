"""regencheck.bulk."""
