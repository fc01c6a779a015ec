"""Which language a text is written in: enough to pick the Korean, Indonesian or English packs."""

from __future__ import annotations

import re

_HANGUL = re.compile("[\uac00-\ud7a3\u3131-\u318e]")
_LATIN_BYTES = bytes(range(ord("A"), ord("Z") + 1)) + bytes(range(ord("a"), ord("z") + 1))
_HANGUL_LEAD = bytes([0xEA, 0xEB, 0xEC, 0xED])  # UTF-8 lead bytes of U+AC00–U+D7A3
# ASCII punctuation becomes a space before the sample is split into words ("ini," → "ini");
# hyphens too, so a reduplicated "sel-sel" counts as "sel". Bytes, not str: translating and
# splitting bytes is several times cheaper.
_PUNCT = b"!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~"
_WORD_BREAKS = bytes.maketrans(_PUNCT, b" " * len(_PUNCT))
_VOTE_BYTES = 500  # from each end of the sample: about 150 words in all
# Indonesian function words, and the commonest words of clinic adverts written in Indonesian,
# none of which is an English word: a short offer ("Tanpa operasi", "Hasil dijamin 100%") has
# no function word, so the content words carry the vote there.
_ID_WORDS = frozenset(
    b"""
    yang dan untuk dengan tidak tak ini itu dari di ke pada akan bisa dapat anda kami kita saya
    mereka kamu adalah ialah juga atau karena sudah telah belum lebih hanya saja oleh dalam bagi
    tanpa sangat semua setelah sebelum tahun hari ada jika kalau bila apabila agar supaya secara
    serta sampai hingga harus masih cara saat sejak tapi tetapi namun menjadi lagi sekali banyak
    seperti bahwa apakah menurut katanya sel punca hasil kulit wajah klinik pasien terapi
    perawatan kesehatan penyakit sembuh menyembuhkan dijamin jaminan operasi awet muda lutut nyeri
    waspadai hati jangan hindari terbaik terbatas diskon gratis sekarang segera pemerintah disetujui
    tubuh sendiri
    """.split()
)
_EN_WORDS = frozenset(
    b"""
    the and of to is are was were be been in on at for with from by as or an a this that these
    it its your you our we us they their will can not no after before all more most has have
    had which who what when how than then there here also only just into about
    """.split()
)


def has_hangul(text: str) -> bool:
    """True when the text holds Hangul syllables or jamo (then Kiwi is worth running)."""
    return _HANGUL.search(text) is not None


def detect_language(text: str) -> str:
    """`ko` when Hangul is at least a fifth of the letters in a sample; for Latin script, `id`
    when more distinct Indonesian words than English ones occur in the sample, else `en`; `und`
    when there are no letters. Counts bytes with `bytes.translate` and words with one set
    intersection over both ends of the sample, which cost microseconds where a regex over the
    sample costs a hundred."""
    sample = text[:2000] if len(text) <= 4000 else text[:1000] + text[len(text) // 2 : len(text) // 2 + 1000]
    data = sample.encode("utf-8", "replace")
    hangul = len(data) - len(data.translate(None, _HANGUL_LEAD))
    latin = len(data) - len(data.translate(None, _LATIN_BYTES))
    if hangul == 0 and latin == 0:
        return "und"
    # A Hangul syllable carries about three Latin letters' worth of text.
    if hangul * 3 >= (hangul * 3 + latin) * 0.2:
        return "ko"
    ends = data if len(data) <= 2 * _VOTE_BYTES else data[:_VOTE_BYTES] + b" " + data[-_VOTE_BYTES:]
    words = ends.lower().translate(_WORD_BREAKS).split()
    return "id" if len(_ID_WORDS.intersection(words)) > len(_EN_WORDS.intersection(words)) else "en"
