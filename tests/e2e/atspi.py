#!/usr/bin/python3
"""Drives the app through the accessibility bus (AT-SPI), as a screen reader such as Orca sees it.

Usage:
  atspi.py press PID NAME [TIMEOUT]   wait for an enabled button NAME in the app of process PID,
                                      press it, print its name
  atspi.py names PID [TIMEOUT]        print the role and name of every node of the app, one a line
  atspi.py read PID NAME [TIMEOUT]    wait for a button NAME (enabled or not), then print as JSON
                                      every node in reading order: role, name, its own text,
                                      whether it has the focus, its live-region politeness

Exits 1 with a message on stderr when the app or the button does not appear in time.
"""
import json
import sys
import time

import gi

gi.require_version("Atspi", "2.0")
from gi.repository import Atspi  # noqa: E402


def applications():
    desktop = Atspi.get_desktop(0)
    for index in range(desktop.get_child_count()):
        app = desktop.get_child_at_index(index)
        if app is not None:
            yield app


def application_of(pid):
    for app in applications():
        try:
            if app.get_process_id() == pid:
                return app
        except gi.repository.GLib.Error:
            continue
    return None


def walk(node, depth=0):
    """Every node under `node`, depth first, in reading order."""
    yield node, depth
    try:
        count = node.get_child_count()
    except gi.repository.GLib.Error:
        return
    for index in range(count):
        child = node.get_child_at_index(index)
        if child is not None:
            yield from walk(child, depth + 1)


def enabled(node):
    states = node.get_state_set()
    return states.contains(Atspi.StateType.SENSITIVE) and states.contains(Atspi.StateType.ENABLED)


def wait(what, find, timeout):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        found = find()
        if found is not None:
            return found
        time.sleep(0.25)
    sys.exit(f"atspi: {what} did not appear within {timeout} s")


def button(pid, name, only_enabled=True):
    app = application_of(pid)
    if app is None:
        return None
    for node, _ in walk(app):
        if node.get_role_name() in ("push button", "button") and node.get_name() == name and (enabled(node) or not only_enabled):
            return node
    return None


def own_text(node):
    """The text a node holds itself (its children's come with them), as Orca reads it."""
    text = node.get_text_iface()
    if text is None:
        return ""
    whole = Atspi.Text.get_text(text, 0, Atspi.Text.get_character_count(text))
    # Embedded children stand in the parent's text as U+FFFC.
    return whole.replace("\ufffc", "").strip()


def reading(app):
    for node, depth in walk(app):
        try:
            attributes = node.get_attributes() or {}
            yield {
                "depth": depth,
                "role": node.get_role_name(),
                "name": node.get_name(),
                "text": own_text(node),
                "focused": node.get_state_set().contains(Atspi.StateType.FOCUSED),
                "live": attributes.get("live", ""),
            }
        except gi.repository.GLib.Error:
            continue


def main(argv):
    command, pid = argv[1], int(argv[2])
    if command == "press":
        name = argv[3]
        timeout = float(argv[4]) if len(argv) > 4 else 30
        wait(f"the application of process {pid}", lambda: application_of(pid), timeout)
        node = wait(f"an enabled button {name!r}", lambda: button(pid, name), timeout)
        pressed = node.get_name()
        if not node.do_action(0):
            sys.exit(f"atspi: pressing {name!r} failed")
        print(pressed)
    elif command == "read":
        name = argv[3]
        timeout = float(argv[4]) if len(argv) > 4 else 30
        app = wait(f"the application of process {pid}", lambda: application_of(pid), timeout)
        wait(f"a button {name!r}", lambda: button(pid, name, only_enabled=False), timeout)
        print(json.dumps(list(reading(app))))
    elif command == "names":
        timeout = float(argv[3]) if len(argv) > 3 else 30
        app = wait(f"the application of process {pid}", lambda: application_of(pid), timeout)
        for node, depth in walk(app):
            print(f"{'  ' * depth}{node.get_role_name()}: {node.get_name()}")
    else:
        sys.exit(__doc__)


if __name__ == "__main__":
    main(sys.argv)
