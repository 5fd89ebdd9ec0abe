"""A local stand-in for Discord that the real discord.py client connects to over loopback.

It serves Discord's REST API v10, its Gateway websocket and a CDN for attachments on
127.0.0.1, applies Discord's rules to what the bot sends, and lets tests and `flywheel play`
act as users. Start with `StandIn` (driver.py).
"""

from bot.standin.appcommands import Upload
from bot.standin.driver import Choice, ManualClock, Outcome, StandIn, Unanswered
from bot.standin.errors import BotStopped, DiscordError, InputError, NotConnected
from bot.standin.interactions import Modal, ModalField, Status
from bot.standin.messages import Attachment, Button, Message
from bot.standin.rest import RecordedRequest
from bot.standin.world import Channel, Guild, User, World

__all__ = [
    "Attachment",
    "BotStopped",
    "Button",
    "Channel",
    "Choice",
    "DiscordError",
    "Guild",
    "InputError",
    "ManualClock",
    "Message",
    "Modal",
    "ModalField",
    "NotConnected",
    "Outcome",
    "RecordedRequest",
    "StandIn",
    "Status",
    "Unanswered",
    "Upload",
    "User",
    "World",
]
