"""regencheck.journey."""
