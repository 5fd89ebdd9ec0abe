"""Errors: what Discord answers the bot (`DiscordError`) and what its client tells a person."""

from __future__ import annotations

from typing import Any

from standin.rules import Problem, form_errors


class InputError(ValueError):
    """What Discord's client would refuse to send, said as a person would be told."""


class NotConnected(RuntimeError):
    """The bot has no gateway session for the shard an interaction must go to."""


class BotStopped(RuntimeError):
    """A watched bot task (its gateway connection) ended while an interaction was under way."""


class DiscordError(Exception):
    """An error answer from Discord: HTTP status, Discord's JSON error code, message, details."""

    def __init__(
        self, status: int, code: int, message: str, problems: list[Problem] | None = None
    ) -> None:
        super().__init__(f"{status} {message} (code {code})")
        self.status = status
        self.code = code
        self.message = message
        self.problems = problems or []

    def payload(self) -> dict[str, Any]:
        payload: dict[str, Any] = {"message": self.message, "code": self.code}
        if self.problems:
            payload["errors"] = form_errors(self.problems)
        return payload

    def __str__(self) -> str:
        details = "; ".join(str(problem) for problem in self.problems)
        text = f"{self.status} {self.message} (code {self.code})"
        return f"{text}: {details}" if details else text


def invalid_form(problems: list[Problem]) -> DiscordError:
    return DiscordError(400, 50035, "Invalid Form Body", problems)


def unknown_interaction() -> DiscordError:
    return DiscordError(404, 10062, "Unknown interaction")


def already_acknowledged() -> DiscordError:
    return DiscordError(400, 40060, "Interaction has already been acknowledged.")


def invalid_webhook_token() -> DiscordError:
    return DiscordError(401, 50027, "Invalid Webhook Token")


def unknown_webhook() -> DiscordError:
    return DiscordError(404, 10015, "Unknown Webhook")


def unknown_message() -> DiscordError:
    return DiscordError(404, 10008, "Unknown Message")


def request_too_large(limit: int) -> DiscordError:
    return DiscordError(413, 40005, f"Request entity too large (files over {limit} bytes)")
