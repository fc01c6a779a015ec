"""Every cue of the vocabularies, and every implication, does what its data says."""

from __future__ import annotations

import pytest

from regencheck.classify import classify, extract_attributes
from regencheck.classify.schema import CategoriesFile, Cue, SitesFile, VocabularyFile
from regencheck.knowledge import default_knowledge


def _cues() -> list[tuple[str, str, Cue]]:
    kb = default_knowledge()
    out = []
    for lang in ("en", "ko"):
        vocab = kb.topic(f"classify/vocabulary_{lang}", VocabularyFile)
        for cue in vocab.cues:
            out += [(lang, words, cue) for words in cue.cues]
    return out


def _example(lang: str, words: str) -> str:
    """A text that says a cue: a gap (`...`) filled with a word, a number (`#`) and any ending
    (`*`) written out, a Korean noun family (`*암`) by its ending alone."""
    if lang == "ko":
        words = words.replace("...", " 다시 ").replace("*", "")
        # A verb cue is written as its lemma ("바르다"); test it inflected, as text uses it.
        return f"{words[:-1]}는 시술." if words.endswith("다") else f"{words} 시술."
    return words.replace("...", " then ").replace("#", "3").replace("*", "") + "."


@pytest.mark.parametrize(("lang", "words", "cue"), _cues(), ids=lambda v: v if isinstance(v, str) else "")
def test_each_cue_is_found_in_text_and_sets_its_values(lang: str, words: str, cue: Cue) -> None:
    text = _example(lang, words)
    ex = extract_attributes(text)
    found = {**ex.weak_values, **ex.values}
    if not cue.sets and not cue.negated_sets:
        # A shield: words that contain a cue's word but mean something else ("건강한 신생아").
        assert not found, f"{cue.id}: '{words}' should hide the cues inside it, found {found}"
        return
    hits = [e for e in ex.evidence if e.cue == cue.id]
    assert hits, f"{cue.id}: '{words}' was not recognised"
    for attr, values in cue.sets.items():
        assert found.get(attr, frozenset()) & set(values), f"{cue.id}: {attr} not set from '{words}'"


def test_each_implication_fires_when_its_condition_holds() -> None:
    cats = default_knowledge().topic("classify/categories", CategoriesFile)
    for imp in cats.implications:
        attrs = {
            k: v[0]
            for k, v in imp.when.items()
            if k not in ("cell_type", "substance") or v[0] != "unspecified"
        }
        typed = {k: (v == "true") if v in ("true", "false") else v for k, v in attrs.items()}
        result = classify(typed)
        fired = {e.cue for e in result.evidence if e.field == "implied"}
        assert imp.id in fired or all(k in typed for k in imp.then), imp.id


def _site_words() -> list[tuple[str, str, str]]:
    sites = default_knowledge().topic("classify/sites", SitesFile).sites
    return [(lang, word, site.id) for site in sites for lang, words in site.cues.items() for word in words]


@pytest.mark.parametrize(("lang", "words", "site"), _site_words())
def test_each_site_word_names_its_site(lang: str, words: str, site: str) -> None:
    text = f"{words} 주사." if lang == "ko" else f"injected into the {words}."
    found = {s for s, _, _, _ in extract_attributes(text).sites}
    assert site in found, f"'{words}' should name {site}, found {found}"
