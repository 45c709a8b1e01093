#!/usr/bin/python3
"""Closes the windows of one process as a window manager does when their close button is pressed:
it sends each the ICCCM's WM_DELETE_WINDOW message (Xvfb alone has no window manager to do it).

Usage: close_window.py PID   (the process whose windows to close, by their _NET_WM_PID)
Exits 1 when that process has no window that takes the message.
"""
import sys

from Xlib import X, display, protocol

pid = int(sys.argv[1])
screen = display.Display()
protocols = screen.intern_atom('WM_PROTOCOLS')
delete = screen.intern_atom('WM_DELETE_WINDOW')
owner = screen.intern_atom('_NET_WM_PID')


def windows(window):
    yield window
    try:
        children = window.query_tree().children
    except Exception:  # a window may vanish while the tree is walked
        return
    for child in children:
        yield from windows(child)


closed = 0
for window in windows(screen.screen().root):
    try:
        prop = window.get_full_property(owner, X.AnyPropertyType)
        takes_delete = delete in (window.get_wm_protocols() or [])
    except Exception:  # a window may vanish while the tree is walked
        continue
    if prop is not None and prop.value[0] == pid and takes_delete:
        window.send_event(protocol.event.ClientMessage(window=window, client_type=protocols,
                                                       data=(32, [delete, X.CurrentTime, 0, 0, 0])))
        closed += 1
screen.flush()
sys.exit(0 if closed else 1)
