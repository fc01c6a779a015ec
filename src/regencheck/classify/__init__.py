"""regencheck.classify."""
