"""A Line API view's scrollable height and offset, changed without a layout or a repaint.

Textual lays the whole screen out when a widget's virtual size changes, which repaints every
widget (~20 ms of frame while the partner floods the inbox), and repaints a whole view when it
scrolls. A view drawn line by line (`ScrollView`, never scrolled sideways) needs neither when
only its length changed, or when it scrolled exactly as far as its lines moved.
"""

from __future__ import annotations

from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.widget import Widget


def set_virtual_height(view: ScrollView, height: int, width: int = 0) -> None:
    """A new virtual size; a layout only when the vertical scrollbar must appear or go."""
    size = Size(width, height)
    if size == view.virtual_size:
        return
    if not view.container_size or _scrollbar_toggles(view, height):
        view.virtual_size = size  # a reactive with layout
        return
    view.set_reactive(Widget.virtual_size, size)
    if view.show_vertical_scrollbar:
        bar = view.vertical_scrollbar
        bar.window_virtual_size, bar.window_size = height, view.container_size.height
        bar.refresh()
    view.refresh()


def shift_view(view: ScrollView, y: float) -> None:
    """Scroll to `y` without repainting the lines, for when they moved as far as the view did
    (the same lines stay on screen); only the scrollbar follows."""
    view.set_reactive(Widget.scroll_y, y)
    view.set_reactive(Widget.scroll_target_y, y)
    if view.show_vertical_scrollbar:
        view.vertical_scrollbar.position = y


def _scrollbar_toggles(view: ScrollView, height: int) -> bool:
    if view.styles.overflow_y != "auto":
        return False  # always shown, or never
    return (height > view.container_size.height) != view.show_vertical_scrollbar
