"""Fonts, icons and default templates shipped with refdesk (package data)."""
