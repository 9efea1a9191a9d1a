"""Phone numbers written as people write them, for the phone tests' Hypothesis strategies."""

from __future__ import annotations

from hypothesis import strategies as st

TIDY = st.sampled_from([" ", " ", "-", ".", ""])
SEPARATORS = st.sampled_from([" ", " ", "-", ".", "  ", " -", ""])


@st.composite
def written(draw: st.DrawFn, digits: str, tidy: bool = False,
            separators: st.SearchStrategy[str] | None = None) -> str:
    """``digits`` after "+" as people write them: groups split by separators
    (``separators``, else TIDY or SEPARATORS), now and then (unless ``tidy``)
    doubled, at the front or at the end."""
    cuts = sorted(draw(st.sets(st.integers(1, max(1, len(digits) - 1)), max_size=4)))
    parts, start = [], 0
    for cut in cuts:
        if start < cut < len(digits):
            parts.append(digits[start:cut])
            start = cut
    parts.append(digits[start:])
    if separators is None:
        separators = TIDY if tidy else SEPARATORS
    text = parts[0] + "".join(draw(separators) + part for part in parts[1:])
    if not tidy and draw(st.integers(0, 9)) == 0:
        text = draw(SEPARATORS) + text
    if not tidy and draw(st.integers(0, 9)) == 0:
        text += draw(SEPARATORS)
    return "+" + text
