"""regencheck.verify."""
