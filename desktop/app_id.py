"""Encore's application id: the name of its desktop entry, icon, AppStream component and
single-instance D-Bus service, which must all agree for the desktop to tie them together.

Reverse-DNS, as AppStream and the desktop-entry spec ask.
"""

APP_ID = "io.github.encore_player.Encore"
