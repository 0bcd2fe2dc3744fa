"""PNG export of rendered SVG charts (CairoSVG on the system's libcairo; no network)."""

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def to_png(svg_text: str, scale: float = 2.0) -> bytes:
    """Rasterise an SVG document to PNG bytes; ``scale`` 2 gives sharp images on HiDPI."""
    import cairosvg  # imported lazily: only PNG export needs the native cairo library

    return cairosvg.svg2png(bytestring=svg_text.encode("utf-8"), scale=scale)
