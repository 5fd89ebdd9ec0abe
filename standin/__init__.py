"""A local stand-in for Discord that the real discord.py client connects to over loopback.

It serves Discord's REST API v10, its Gateway websocket and a CDN for attachments on
127.0.0.1, applies Discord's rules to what the bot sends, and lets tests and `flywheel play`
act as users: slash commands, clicks and forms, and conversation (messages under the intent
rules, replies, threads, DMs, message commands, user installs). Start with `StandIn`
(driver.py).
"""

from standin.appcommands import Upload
from standin.chat import Posted
from standin.driver import StandIn
from standin.errors import BotStopped, DiscordError, InputError, NotConnected
from standin.interactions import Status
from standin.messages import Attachment, Button, Message
from standin.modals import Modal, ModalField
from standin.outcome import Choice, ManualClock, Outcome, Unanswered
from standin.rest import RecordedRequest
from standin.world import Channel, Guild, User, World

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
    "Posted",
    "RecordedRequest",
    "StandIn",
    "Status",
    "Unanswered",
    "Upload",
    "User",
    "World",
]
