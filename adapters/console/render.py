"""Rendering replies for a terminal: plain text, buttons numbered across the whole session."""

from __future__ import annotations

from dataclasses import dataclass, field

from bot.replies import (
    Block,
    Bold,
    Button,
    ButtonsBlock,
    DividerBlock,
    FieldsBlock,
    FormBlock,
    Link,
    PersonRef,
    Plain,
    Reply,
    SelectBlock,
    TextBlock,
)


def _inline(part: Plain | Bold | PersonRef | Link) -> str:
    if isinstance(part, PersonRef):
        return f"@{part.name}"
    if isinstance(part, Bold):
        return part.text.upper() if len(part.text) < 40 else part.text
    if isinstance(part, Link):
        return f"{part.label} <{part.url}>"
    return part.text


@dataclass
class ButtonBoard:
    """Every button shown so far, by the number printed next to it."""

    buttons: dict[int, Button] = field(default_factory=dict)

    def number(self, button: Button) -> int:
        """Give a button the next number."""
        number = len(self.buttons) + 1
        self.buttons[number] = button
        return number

    def render_block(self, block: Block) -> str:
        """One block as terminal text."""
        if isinstance(block, TextBlock):
            return "".join(_inline(p) for p in block.parts)
        if isinstance(block, FieldsBlock):
            return "\n".join(f"  {label}: {value}" for label, value in block.items)
        if isinstance(block, ButtonsBlock):
            return "  ".join(f"[{self.number(b)}] {b.label}" for b in block.buttons)
        if isinstance(block, SelectBlock):
            choices = [Button(label=o.label, action_id=block.action_id, value=o.value) for o in block.options]
            return f"{block.placeholder}: " + "  ".join(f"[{self.number(b)}] {b.label}" for b in choices)
        if isinstance(block, FormBlock):
            return f"[form] {block.title}"
        if isinstance(block, DividerBlock):
            return "-" * 40
        return ""

    def render(self, reply: Reply) -> str:
        """A whole reply as terminal text."""
        return "\n".join(self.render_block(b) for b in reply.blocks)
