"""Colour arithmetic for the legibility checks (AppTest and browser)."""
from __future__ import annotations

from plotly.colors import hex_to_rgb, unlabel_rgb


def rgb(colour: str) -> tuple[float, ...]:
    return tuple(float(v) for v in (hex_to_rgb(colour) if colour.startswith("#") else unlabel_rgb(colour)))


def luminance(colour: str) -> float:
    """WCAG 2 relative luminance of '#rrggbb' or 'rgb(r, g, b)'."""
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in (v / 255 for v in rgb(colour))]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    light, dark = sorted((luminance(a), luminance(b)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
