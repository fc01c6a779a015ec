"""Specialist matching: a patient's goal against verified specialists, by a disclosed rule."""

from .core import RANKING_RULE, Candidate, Goal, Match, MatchResult, Thresholds, match_specialists

__all__ = ["RANKING_RULE", "Candidate", "Goal", "Match", "MatchResult", "Thresholds", "match_specialists"]
