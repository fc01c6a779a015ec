"""regencheck.claims."""
