"""Formatted text as the Bot API reads it: parse_mode markup -> plain text + entities.

The fake Telegram server uses this to store what the user really sees and to refuse malformed
markup with the same "can't parse entities" errors as Telegram, so a bot that forgets to escape
user input (an SMS body with "<" or ".") fails in tests the way it would fail in production.
Entity offsets and lengths are in UTF-16 code units, like the real API.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

Entity = dict[str, Any]


class MarkupError(ValueError):
    """The text cannot be parsed; str(error) is Telegram's description after "Bad Request: "."""


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def parse_markup(text: str, parse_mode: str | None) -> tuple[str, list[Entity]]:
    """Plain text and entities for `text` written in `parse_mode` (None: no markup)."""
    if not parse_mode:
        return text, []
    mode = parse_mode.lower()
    if mode == "html":
        return _HtmlParser(text).parse()
    if mode == "markdownv2":
        return _MarkdownV2Parser(text).parse()
    if mode == "markdown":
        return _LegacyMarkdownParser(text).parse()
    raise MarkupError(f"unsupported parse_mode {parse_mode!r}")


def leading_command_entity(text: str) -> list[Entity]:
    """The bot_command entity Telegram attaches to a text starting with /command[@bot]."""
    match = re.match(r"/[A-Za-z0-9_]{1,32}(?:@[A-Za-z0-9_]{3,64})?(?![A-Za-z0-9_@])", text)
    if match is None:
        return []
    return [{"type": "bot_command", "offset": 0, "length": utf16_len(match.group())}]


def _can_not_parse(detail: str) -> MarkupError:
    return MarkupError(f"can't parse entities: {detail}")


@dataclass
class _Output:
    """Plain text being built, with entities whose offsets count UTF-16 units."""

    parts: list[str] = field(default_factory=list)
    position: int = 0
    entities: list[Entity] = field(default_factory=list)

    def add(self, text: str) -> None:
        self.parts.append(text)
        self.position += utf16_len(text)

    def close(self, kind: str, start: int, extra: dict[str, Any]) -> None:
        if self.position > start:  # Telegram drops empty entities
            entity = {"type": kind, "offset": start, "length": self.position - start, **extra}
            self.entities.append(entity)

    def result(self) -> tuple[str, list[Entity]]:
        ordered = sorted(self.entities, key=lambda e: (e["offset"], -e["length"]))
        return "".join(self.parts), ordered


# ---------------------------------------------------------------- HTML

_HTML_KINDS = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
_NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_REFERENCE = re.compile(r"&(#[0-9]{1,7}|#x[0-9a-fA-F]{1,6}|[a-zA-Z]+);")
_ATTRIBUTE = re.compile(r"""([a-zA-Z-]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+)))?""")


@dataclass
class _OpenTag:
    name: str
    start: int
    attributes: dict[str, str]


class _HtmlParser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = _Output()
        self.open: list[_OpenTag] = []

    def parse(self) -> tuple[str, list[Entity]]:
        index = 0
        while index < len(self.text):
            char = self.text[index]
            if char == "<":
                index = self._tag(index)
            elif char == "&":
                index = self._character_reference(index)
            else:
                self.out.add(char)
                index += 1
        if self.open:
            name = self.open[-1].name
            raise _can_not_parse(f'Can\'t find end tag corresponding to start tag "{name}"')
        return self.out.result()

    def _byte_offset(self, index: int) -> int:
        return len(self.text[:index].encode())

    def _tag(self, index: int) -> int:
        end = self.text.find(">", index)
        if end < 0:
            raise _can_not_parse(f"Unclosed start tag at byte offset {self._byte_offset(index)}")
        inner = self.text[index + 1 : end]
        if inner.startswith("/"):
            self._end_tag(inner[1:].strip().lower(), index)
        else:
            self._start_tag(inner, index)
        return end + 1

    def _start_tag(self, inner: str, index: int) -> None:
        match = re.match(r"[a-zA-Z][a-zA-Z0-9-]*", inner)
        name = match.group().lower() if match else ""
        attributes = {
            key.lower(): _decode_references(double or single or bare)
            for key, double, single, bare in _ATTRIBUTE.findall(inner[len(name) :])
        }
        if name not in _HTML_KINDS or (name == "span" and attributes.get("class") != "tg-spoiler"):
            offset = self._byte_offset(index)
            raise _can_not_parse(f'Unsupported start tag "{name}" at byte offset {offset}')
        self.open.append(_OpenTag(name, self.out.position, attributes))

    def _end_tag(self, name: str, index: int) -> None:
        if not self.open or self.open[-1].name != name:
            offset = self._byte_offset(index)
            raise _can_not_parse(f'Unmatched end tag at byte offset {offset}, found "</{name}>"')
        tag = self.open.pop()
        language = tag.attributes.get("class", "").removeprefix("language-")
        if name == "code" and self.open and self.open[-1].name == "pre" and language:
            # <pre><code class="language-x"> is one pre entity with a language
            self.open[-1].attributes["language"] = language
            return
        self.out.close(_HTML_KINDS[name], tag.start, self._extra(tag))

    @staticmethod
    def _extra(tag: _OpenTag) -> dict[str, Any]:
        if tag.name == "a":
            return {"url": tag.attributes.get("href", "")}
        if tag.name == "pre" and "language" in tag.attributes:
            return {"language": tag.attributes["language"]}
        if tag.name == "tg-emoji":
            return {"custom_emoji_id": tag.attributes.get("emoji-id", "")}
        return {}

    def _character_reference(self, index: int) -> int:
        match = _REFERENCE.match(self.text, index)
        if match is None:
            self.out.add("&")  # Telegram keeps a lone "&" as it is
            return index + 1
        self.out.add(_decode_reference(match.group(1)) or match.group())
        return match.end()


def _decode_references(value: str) -> str:
    def replace(match: re.Match[str]) -> str:
        return _decode_reference(match.group(1)) or match.group()

    return _REFERENCE.sub(replace, value)


def _decode_reference(body: str) -> str | None:
    if body.startswith("#x"):
        return chr(int(body[2:], 16))
    if body.startswith("#"):
        return chr(int(body[1:]))
    return _NAMED_ENTITIES.get(body)


# ---------------------------------------------------------------- Markdown

_MD2_RESERVED = set("_*[]()~`>#+-=|{}.!")
_MD2_MARKERS = {
    "*": "bold",
    "_": "italic",
    "__": "underline",
    "~": "strikethrough",
    "||": "spoiler",
}
_MD2_ENTITY_NAMES = {
    "bold": "Bold",
    "italic": "Italic",
    "underline": "Underline",
    "strikethrough": "Strikethrough",
    "spoiler": "Spoiler",
}


class _MarkdownV2Parser:
    def __init__(self, text: str) -> None:
        self.text = text
        self.out = _Output()
        self.open: list[tuple[str, int, int]] = []  # (marker, output start, source index)

    def parse(self) -> tuple[str, list[Entity]]:
        index = 0
        while index < len(self.text):
            index = self._step(index)
        if self.open:
            marker, _, source = self.open[-1]
            name = _MD2_ENTITY_NAMES[_MD2_MARKERS[marker]]
            offset = len(self.text[:source].encode())
            raise _can_not_parse(f"Can't find end of {name} entity at byte offset {offset}")
        return self.out.result()

    def _step(self, index: int) -> int:
        char = self.text[index]
        if char == "\\":
            return self._escaped(index)
        if self.text.startswith("```", index):
            return self._code(index, "```", "pre")
        if char == "`":
            return self._code(index, "`", "code")
        if char == "[":
            return self._link(index)
        marker = self._marker_at(index)
        if marker:
            self._toggle(marker, index)
            return index + len(marker)
        if char == ">" and (index == 0 or self.text[index - 1] == "\n"):
            return index + 1  # a quotation line; the quote entity itself is not modelled
        if char in _MD2_RESERVED:
            offset = len(self.text[:index].encode())
            raise _can_not_parse(
                f"Character '{char}' is reserved and must be escaped with the preceding '\\'"
                f" (byte offset {offset})"
            )
        self.out.add(char)
        return index + 1

    def _escaped(self, index: int) -> int:
        if index + 1 >= len(self.text):
            raise _can_not_parse("Text ends with a backslash")
        self.out.add(self.text[index + 1])
        return index + 2

    def _marker_at(self, index: int) -> str:
        for marker in ("__", "||", "*", "_", "~"):
            if self.text.startswith(marker, index):
                return marker
        return ""

    def _toggle(self, marker: str, index: int) -> None:
        for depth in range(len(self.open) - 1, -1, -1):
            if self.open[depth][0] == marker:
                _, start, _ = self.open.pop(depth)
                self.out.close(_MD2_MARKERS[marker], start, {})
                return
        self.open.append((marker, self.out.position, index))

    def _code(self, index: int, fence: str, kind: str) -> int:
        body_start = index + len(fence)
        end = self._unescaped_find(fence, body_start)
        if end < 0:
            offset = len(self.text[:index].encode())
            name = "Pre" if kind == "pre" else "Code"
            raise _can_not_parse(f"Can't find end of {name} entity at byte offset {offset}")
        body = re.sub(r"\\([\\`])", r"\1", self.text[body_start:end])
        extra: dict[str, Any] = {}
        if kind == "pre" and "\n" in body:
            language, _, rest = body.partition("\n")
            if language and " " not in language:
                body, extra = rest, {"language": language}
        start = self.out.position
        self.out.add(body)
        self.out.close(kind, start, extra)
        return end + len(fence)

    def _link(self, index: int) -> int:
        close = self._unescaped_find("](", index + 1)
        url_end = self._unescaped_find(")", close + 2) if close >= 0 else -1
        if close < 0 or url_end < 0:
            offset = len(self.text[:index].encode())
            raise _can_not_parse(f"Can't find end of a url at byte offset {offset}")
        label, _ = _MarkdownV2Parser(self.text[index + 1 : close]).parse()
        url = re.sub(r"\\([\\)])", r"\1", self.text[close + 2 : url_end])
        start = self.out.position
        self.out.add(label)
        self.out.close("text_link", start, {"url": url})
        return url_end + 1

    def _unescaped_find(self, needle: str, start: int) -> int:
        index = start
        while index < len(self.text):
            if self.text[index] == "\\":
                index += 2
                continue
            if self.text.startswith(needle, index):
                return index
            index += 1
        return -1


class _LegacyMarkdownParser:
    """parse_mode "Markdown": *bold*, _italic_, `code`, ```pre```, [text](url); no escapes."""

    _PATTERN = re.compile(r"```(.*?)```|`([^`]*)`|\*([^*]*)\*|_([^_]*)_|\[([^\]]*)\]\(([^)]*)\)", re.S)

    def __init__(self, text: str) -> None:
        self.text = text

    def parse(self) -> tuple[str, list[Entity]]:
        out = _Output()
        index = 0
        for match in self._PATTERN.finditer(self.text):
            self._plain(out, self.text[index : match.start()], index)
            self._entity(out, match)
            index = match.end()
        self._plain(out, self.text[index:], index)
        return out.result()

    def _plain(self, out: _Output, chunk: str, base: int) -> None:
        for position, char in enumerate(chunk):
            if char in "*_`[":
                offset = len(self.text[: base + position].encode())
                raise _can_not_parse(f"Can't find end of the entity starting at byte offset {offset}")
        out.add(chunk)

    @staticmethod
    def _entity(out: _Output, match: re.Match[str]) -> None:
        pre, code, bold, italic, label, url = match.groups()
        start = out.position
        if label is not None:
            out.add(label)
            out.close("text_link", start, {"url": url})
            return
        kinds = (("pre", pre), ("code", code), ("bold", bold), ("italic", italic))
        kind, body = next((k, b) for k, b in kinds if b is not None)
        out.add(body)
        out.close(kind, start, {})
