"""What comes along with the values people type or paste: a leading /command, invisible marks."""

from __future__ import annotations

import re

# `/command` or `/command@bot` at the start of a text.
COMMAND = re.compile(r"^/[A-Za-z0-9_]+(?:@[A-Za-z0-9_]+)?")

# Marks that change nothing a reader sees, which text copied from right-to-left writing brings:
# ZWSP, ZWNJ, ZWJ, LRM, RLM, the Arabic letter mark, bidi embeddings, overrides and isolates, and
# the BOM. None is special inside a regex character class, so `f"[{INVISIBLE}]"` matches one.
INVISIBLE = "".join(
    chr(code)
    for first, last in ((0x200B, 0x200F), (0x061C, 0x061C), (0x202A, 0x202E), (0x2066, 0x2069),
                        (0xFEFF, 0xFEFF))
    for code in range(first, last + 1)
)
