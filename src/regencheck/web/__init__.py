"""regencheck.web."""
