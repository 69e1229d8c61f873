#!/usr/bin/python3
"""A small X window that a file can be dragged from, like a file manager's icon.

Usage: drag-source.py FILE X Y. The window (160x120) sits at X,Y; dragging from it offers FILE as
text/uri-list over XDND, the protocol GTK file managers use. It prints "ready" once mapped.
"""
import sys
from pathlib import Path

import gi

gi.require_version("Gdk", "3.0")
gi.require_version("Gtk", "3.0")
from gi.repository import Gdk, GLib, Gtk  # noqa: E402

path, x, y = Path(sys.argv[1]).resolve(), int(sys.argv[2]), int(sys.argv[3])

window = Gtk.Window(title="Files")
window.set_default_size(160, 120)
window.move(x, y)
box = Gtk.EventBox()
box.add(Gtk.Label(label=path.name))
window.add(box)

box.drag_source_set(Gdk.ModifierType.BUTTON1_MASK, [], Gdk.DragAction.COPY)
box.drag_source_add_uri_targets()
box.connect("drag-data-get", lambda _w, _c, data, _i, _t: data.set_uris([path.as_uri()]))
window.connect("destroy", Gtk.main_quit)


def ready(*_):
    print("ready", flush=True)
    return False


window.connect("map-event", lambda *_: GLib.timeout_add(200, ready))
window.show_all()
Gtk.main()
