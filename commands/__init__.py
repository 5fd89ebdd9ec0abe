"""Slash-command handlers, one extension module per command group (`bot.client.EXTENSIONS`).

Beside them, what any caller of a lens may use: `lens_registry` (every lens, defined once),
`answers.lens_answer` (a lens on a plan, as a card), `outputs`, `replies`, `errors` and
`services`. Modules starting with `_` are the handlers' helpers.
"""
