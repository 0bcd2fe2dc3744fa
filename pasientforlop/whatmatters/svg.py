"""Small helpers shared by the pure SVG drawings (no Django)."""

from xml.sax.saxutils import escape

FONT = "font-family=\"Inter, 'Liberation Sans', Arial, sans-serif\""


def text(value: object) -> str:
    """Text content or attribute value, escaped for SVG."""
    return escape(str(value), {'"': "&quot;"})


def svg_open(id_prefix: str, width: int, height: int, title: str, desc: str) -> list[str]:
    """The opening tag with an accessible name (``<title>``) and description (``<desc>``)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" class="pf-svg" '
        f'aria-labelledby="{id_prefix}-title {id_prefix}-desc" {FONT}>',
        f'<title id="{id_prefix}-title">{text(title)}</title>',
        f'<desc id="{id_prefix}-desc">{text(desc)}</desc>',
        f'<rect width="{width}" height="{height}" fill="#fff"/>',
    ]


def shorten(value: str, length: int) -> str:
    return value if len(value) <= length else value[: length - 1].rstrip() + "…"
