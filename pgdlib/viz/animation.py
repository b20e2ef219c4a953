"""Kernel-free animations: precomputed frames behind a slider, for the HTML book.

A reader of the static HTML book has no kernel, so ipywidgets sliders cannot
redraw anything there. An :class:`Animation` instead carries every frame as a
PNG image and a few lines of inline JavaScript that swap the image when the
range slider moves or the play button is pressed. Nothing is loaded from
outside the page (matplotlib's own ``FuncAnimation.to_jshtml`` links a
stylesheet from a CDN, which an offline reader would not get).
"""

from __future__ import annotations

import base64
import hashlib
import html
import io
import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from matplotlib.figure import Figure

__all__ = ["Animation", "animate"]

MAX_FRAMES = 60


@dataclass(frozen=True)
class Animation:
    """Frames of a figure and the slider that scrubs through them.

    Attributes
    ----------
    title : str
        What the animation shows (also the slider's accessible name).
    frames : tuple of bytes
        PNG images, one per frame.
    labels : tuple of str
        Text shown beside the slider for each frame (e.g. ``"t = 12"``).
    alt : str
        Alternative text of the image, for readers who cannot see it.
    """

    title: str
    frames: tuple[bytes, ...]
    labels: tuple[str, ...]
    alt: str
    interval_ms: int = 250

    @property
    def n_frames(self) -> int:
        """Number of frames."""
        return len(self.frames)

    @property
    def nbytes(self) -> int:
        """Size of the frames in bytes (what the animation adds to a page, before base64)."""
        return sum(len(f) for f in self.frames)

    def __repr__(self) -> str:
        return f"Animation({self.title!r}, {self.n_frames} frames)"

    def _repr_html_(self) -> str:
        uid = "pgd-anim-" + hashlib.sha1(
            (self.title + "".join(self.labels)).encode()
        ).hexdigest()[:10]
        srcs = ["data:image/png;base64," + base64.b64encode(f).decode("ascii") for f in self.frames]
        last = self.n_frames - 1
        return f"""<div class="pgd-animation" id="{uid}">
<img class="pgd-animation-frame" src="{srcs[0]}" alt="{html.escape(self.alt)}" style="max-width:100%">
<div class="pgd-animation-controls" style="display:flex;gap:0.8em;align-items:center">
<button type="button" class="pgd-animation-play" aria-label="play or pause">&#9654; play</button>
<input type="range" class="pgd-animation-slider" min="0" max="{last}" step="1" value="0"
 aria-label="{html.escape(self.title)}" style="flex:1">
<span class="pgd-animation-label">{html.escape(self.labels[0])}</span>
</div>
<script>
(function () {{
  var root = document.getElementById("{uid}");
  var srcs = {json.dumps(srcs)};
  var labels = {json.dumps(list(self.labels))};
  var img = root.querySelector(".pgd-animation-frame");
  var slider = root.querySelector(".pgd-animation-slider");
  var label = root.querySelector(".pgd-animation-label");
  var button = root.querySelector(".pgd-animation-play");
  var timer = null;
  function show(i) {{
    slider.value = i; img.src = srcs[i]; label.textContent = labels[i];
    root.dataset.frame = i;
  }}
  function stop() {{ clearInterval(timer); timer = null; button.innerHTML = "&#9654; play"; }}
  slider.addEventListener("input", function () {{ stop(); show(Number(slider.value)); }});
  button.addEventListener("click", function () {{
    if (timer !== null) {{ stop(); return; }}
    if (Number(slider.value) === {last}) {{ show(0); }}
    button.innerHTML = "&#10074;&#10074; pause";
    timer = setInterval(function () {{
      var i = Number(slider.value) + 1;
      if (i > {last}) {{ stop(); return; }}
      show(i);
    }}, {int(self.interval_ms)});
  }});
  root.dataset.frame = 0;
}})();
</script>
</div>"""


def animate(
    fig: Figure,
    update: Callable[[Any], None],
    values: Sequence[Any],
    labels: Sequence[str],
    title: str,
    alt: str,
    dpi: int = 80,
    interval_ms: int = 250,
) -> Animation:
    """Render ``fig`` once per value, after ``update(value)`` has changed its artists.

    Parameters
    ----------
    fig : Figure
        The figure to animate (e.g. from :func:`pgdlib.viz.style.new_figure`).
    update : callable
        ``update(value)`` sets the figure's artists for one frame (line data,
        titles, ...), in place.
    values : sequence
        One value per frame (iteration counts, parameter values, ...).
    labels : sequence of str
        The text shown beside the slider for each frame.
    title, alt : str
        Accessible name of the slider, and alternative text of the image.
    dpi : int
        Resolution of the frames; with 8 x 3.6 inch figures, 80 dpi keeps a
        frame near 30 kB.

    Returns
    -------
    Animation
        Displays in Jupyter and in the HTML book as an image with a slider and a
        play button, working with no kernel.
    """
    if len(values) != len(labels):
        raise ValueError(f"need one label per frame, got {len(labels)} labels for {len(values)} frames")
    if not 2 <= len(values) <= MAX_FRAMES:
        raise ValueError(f"an animation needs between 2 and {MAX_FRAMES} frames, got {len(values)}")
    if not alt.strip():
        raise ValueError("alt text must not be empty")
    frames = []
    for value in values:
        update(value)
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", dpi=dpi)
        frames.append(buffer.getvalue())
    return Animation(title=title, frames=tuple(frames), labels=tuple(str(s) for s in labels),
                     alt=alt, interval_ms=interval_ms)
