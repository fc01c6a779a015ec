"""Typed access to the journey topics of a knowledge base (one place that names the files)."""

from __future__ import annotations

from ..knowledge import KnowledgeBase, default_knowledge
from .schema import EmergencyFile, FollowupFile, QuestionsFile, ReactionsFile, StagesFile, TravelFile


def resolve(kb: KnowledgeBase | None) -> KnowledgeBase:
    """The knowledge base to use: the caller's, or the bundled one."""
    return kb if kb is not None else default_knowledge()


def stages(kb: KnowledgeBase) -> StagesFile:
    return kb.topic("journey/stages", StagesFile)


def followup(kb: KnowledgeBase) -> FollowupFile:
    return kb.topic("journey/followup", FollowupFile)


def reactions(kb: KnowledgeBase) -> ReactionsFile:
    return kb.topic("journey/reactions", ReactionsFile)


def emergency(kb: KnowledgeBase) -> EmergencyFile:
    return kb.topic("journey/emergency", EmergencyFile)


def travel(kb: KnowledgeBase) -> TravelFile:
    return kb.topic("journey/travel", TravelFile)


def questions(kb: KnowledgeBase) -> QuestionsFile:
    return kb.topic("journey/questions", QuestionsFile)
