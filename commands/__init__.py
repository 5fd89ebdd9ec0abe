"""Slash-command handlers, one module per command group. Modules starting with `_` are helpers."""
