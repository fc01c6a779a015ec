"""The project's one text toolkit: what classification, scanning and verification all need.

- `sentences`: sentence spans as a reader sees them (line breaks, final punctuation with
  abbreviations, Korean final endings, JSX/HTML props, list items and their intro line);
- `language`: which script a text is written in (`has_hangul`, `detect_language`);
- `korean`: the process's one Kiwi analyser;
- `phrases`: a phrase or a cue list as a regular expression (Latin words on word boundaries,
  Hangul as substrings because particles attach to it) and case/width folding;
- `names`: the key under which names and registration numbers are compared;
- `html`: the visible text of an HTML page, one block element per line.

Month arithmetic lives in `regencheck.dates`. Everything here is pure: no I/O beyond Kiwi
loading its bundled model on first use.
"""
