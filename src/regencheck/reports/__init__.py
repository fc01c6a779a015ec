"""regencheck.reports."""
