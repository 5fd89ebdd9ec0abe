"""Who and where: the application, users, guilds and channels the stand-in serves.

IDs are real 64-bit snowflakes. The default world includes some that trip careless code: a user
above 2**53 (a float cannot hold it) and a guild at 2**63 - 1 (the largest signed 64-bit value).

Places are guild text channels, threads in them, and private channels: a user's DM with the bot,
DMs between users and group DMs (no guild; the bot is never in those). Where the app can act
depends on installs: a guild may not have the bot (`bot_installed`), and a user may have
installed the app to their account (`app_installed`), so its user-install commands follow them.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

DISCORD_EPOCH_MS = 1_420_070_400_000
GUILD_TEXT, DM, GROUP_DM, PUBLIC_THREAD = 0, 1, 3, 11
GUILD_INSTALL, USER_INSTALL = 0, 1  # application integration types
GUILD_CONTEXT, BOT_DM_CONTEXT, PRIVATE_CHANNEL_CONTEXT = 0, 1, 2  # interaction contexts
ALL_PERMISSIONS = str((1 << 53) - 1)
# What an app may do where only its user install reaches (no bot there): embed, attach, mention,
# external emojis. In the bot's DMs: view, send, embed, attach, history, reactions, emojis.
USER_INSTALL_PERMISSIONS = str((1 << 14) | (1 << 15) | (1 << 17) | (1 << 18))
DM_PERMISSIONS = str(
    (1 << 6) | (1 << 10) | (1 << 11) | (1 << 14) | (1 << 15) | (1 << 16) | (1 << 18)
)
DEFAULT_APPLICATION_ID = 1234567890123456789


def snowflake_time(snowflake: int) -> datetime:
    return datetime.fromtimestamp(((snowflake >> 22) + DISCORD_EPOCH_MS) / 1000, tz=UTC)


class Snowflakes:
    """New IDs the way Discord makes them: milliseconds since 2015 above a 22-bit counter."""

    def __init__(self) -> None:
        self._counter = itertools.count()
        self._last = 0

    def __call__(self) -> int:
        now = (int(time.time() * 1000) - DISCORD_EPOCH_MS) << 22
        self._last = max(now | (next(self._counter) & 0xFFF), self._last + 1)
        return self._last


@dataclass(eq=False)
class User:
    id: int
    name: str
    bot: bool = False
    app_installed: bool = False  # the user added the app to their account (a user install)
    locale: str = "en-US"  # the language their Discord client is set to (interaction.locale)

    def payload(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "username": self.name,
            "discriminator": "0",
            "global_name": None if self.bot else self.name.capitalize(),
            "avatar": None,
            "bot": self.bot,
            "public_flags": 0,
            "flags": 0,
            "primary_guild": None,
        }

    @property
    def mention(self) -> str:
        return f"@{self.name}"


@dataclass(eq=False)
class Channel:
    """A guild text channel, a thread (`parent` set), or a private channel (no `guild`)."""

    id: int
    name: str
    guild: Guild | None
    position: int = 0
    kind: int = GUILD_TEXT
    parent: Channel | None = None  # a thread's channel
    owner: User | None = None  # who started the thread or group DM
    recipients: list[User] = field(default_factory=list)  # a private channel's people
    created_at: datetime = field(default_factory=lambda: datetime.now(UTC))

    @property
    def is_thread(self) -> bool:
        return self.parent is not None

    @property
    def shard_key(self) -> int:
        """The guild ID that routes its events to a shard; 0 for private channels (shard 0)."""
        return self.guild.id if self.guild is not None else 0

    @property
    def context(self) -> int:
        """The interaction context: a guild, the bot's DM, or another private channel."""
        if self.guild is not None:
            return GUILD_CONTEXT
        bot_dm = any(user.bot for user in self.recipients)
        return BOT_DM_CONTEXT if bot_dm else PRIVATE_CHANNEL_CONTEXT

    def can_see(self, user: User) -> bool:
        if self.guild is not None:
            return user in self.guild.members or (user.bot and self.guild.bot_installed)
        return user in self.recipients

    def payload(self) -> dict[str, Any]:
        """The channel as the bot receives it (a private channel lists its people, not the bot)."""
        if self.guild is None:
            others = [user for user in self.recipients if not user.bot]
            payload: dict[str, Any] = {
                "id": str(self.id),
                "type": self.kind,
                "last_message_id": None,
                "flags": 0,
                "recipients": [user.payload() for user in others],
            }
            if self.kind == GROUP_DM:
                owner = self.owner or self.recipients[0]
                payload |= {"name": self.name, "icon": None, "owner_id": str(owner.id)}
            return payload
        payload = {
            "id": str(self.id),
            "type": self.kind,
            "guild_id": str(self.guild.id),
            "name": self.name,
            "last_message_id": None,
            "rate_limit_per_user": 0,
            "parent_id": str(self.parent.id) if self.parent else None,
            "flags": 0,
        }
        if self.parent is None:
            payload |= {
                "position": self.position,
                "permission_overwrites": [],
                "nsfw": False,
                "topic": None,
            }
            return payload
        payload |= {
            "owner_id": str((self.owner or self.guild.owner).id),
            "message_count": 0,
            "member_count": 1,
            "total_message_sent": 0,
            "thread_metadata": {
                "archived": False,
                "auto_archive_duration": 1440,
                "archive_timestamp": self.created_at.isoformat(),
                "locked": False,
                "create_timestamp": self.created_at.isoformat(),
            },
        }
        return payload

    def __str__(self) -> str:
        if self.guild is None:
            return self.name
        if self.parent is not None:
            return f"thread {self.name!r} in {self.parent}"
        return f"#{self.name} ({self.guild.name})"


@dataclass(eq=False)
class Guild:
    id: int
    name: str
    owner: User
    channels: list[Channel] = field(default_factory=list)
    members: list[User] = field(default_factory=list)
    joined_at: datetime = field(default_factory=lambda: datetime.now(UTC))
    threads: list[Channel] = field(default_factory=list)
    bot_installed: bool = True  # False: the bot is not in it (user-install commands still work)

    def member_payload(self, user: User, *, permissions: bool = False) -> dict[str, Any]:
        """A guild member; interactions also carry the member's permissions in the channel."""
        member: dict[str, Any] = {
            "user": user.payload(),
            "nick": None,
            "avatar": None,
            "roles": [],
            "joined_at": self.joined_at.isoformat(),
            "premium_since": None,
            "deaf": False,
            "mute": False,
            "flags": 0,
            "pending": False,
        }
        if permissions:
            member["permissions"] = ALL_PERMISSIONS
        return member

    def create_payload(self, application: User) -> dict[str, Any]:
        """GUILD_CREATE: the guild as a bot with only the `guilds` intent receives it."""
        return {
            "id": str(self.id),
            "name": self.name,
            "icon": None,
            "splash": None,
            "discovery_splash": None,
            "owner_id": str(self.owner.id),
            "afk_channel_id": None,
            "afk_timeout": 300,
            "verification_level": 0,
            "default_message_notifications": 0,
            "explicit_content_filter": 0,
            "roles": [self.everyone_role()],
            "emojis": [],
            "stickers": [],
            "features": [],
            "mfa_level": 0,
            "application_id": None,
            "system_channel_id": str(self.channels[0].id) if self.channels else None,
            "system_channel_flags": 0,
            "rules_channel_id": None,
            "max_members": 500000,
            "vanity_url_code": None,
            "description": None,
            "banner": None,
            "premium_tier": 0,
            "premium_subscription_count": 0,
            "preferred_locale": "en-US",
            "public_updates_channel_id": None,
            "nsfw_level": 0,
            "premium_progress_bar_enabled": False,
            "joined_at": self.joined_at.isoformat(),
            "large": False,
            "unavailable": False,
            "member_count": len(self.members) + 1,
            "members": [self.member_payload(application)],
            "channels": [channel.payload() for channel in self.channels],
            "threads": [thread.payload() for thread in self.threads],
            "presences": [],
            "voice_states": [],
            "stage_instances": [],
            "guild_scheduled_events": [],
            "soundboard_sounds": [],
        }

    def everyone_role(self) -> dict[str, Any]:
        return {
            "id": str(self.id),
            "name": "@everyone",
            "color": 0,
            "hoist": False,
            "icon": None,
            "unicode_emoji": None,
            "position": 0,
            "permissions": "2248473465835073",
            "managed": False,
            "mentionable": False,
            "flags": 0,
        }


class World:
    """The application and everything it can see; look things up by name, ID or object."""

    def __init__(self, *, application_id: int = DEFAULT_APPLICATION_ID, name: str = "Flywheel"):
        self.new_id = Snowflakes()
        self.application = User(application_id, name, bot=True)
        self.users: list[User] = []
        self.guilds: list[Guild] = []
        self.private_channels: list[Channel] = []
        # The application's settings in the developer portal: how it can be installed, and
        # which privileged gateway intents (flags) it may ask for.
        self.install_types: set[int] = {GUILD_INSTALL, USER_INSTALL}
        self.privileged_intents = 0

    @classmethod
    def default(cls) -> World:
        """Two guilds (on different shards when there are two), a few channels, three users."""
        world = cls()
        alice = world.add_user("alice", 1198765432109876543)
        world.add_user("bob", 9007199254740993)  # 2**53 + 1
        world.add_user("carol", 1387654321098765432)
        world.add_guild(
            "Flywheel HQ",
            id=1187654321098765432,
            owner=alice,
            channels={"general": 1187654321098765433, "planning": 1187654321098765434},
        )
        world.add_guild(
            "Side Project",
            id=9223372036854775807,  # 2**63 - 1
            owner=alice,
            channels={"general": 1387654321098765500},
        )
        return world

    def add_user(self, name: str, id: int | None = None) -> User:
        if any(user.name == name for user in self.users):
            raise ValueError(f"there is already a user called {name!r}")
        user = User(id or self.new_id(), name)
        self.users.append(user)
        return user

    def add_guild(
        self,
        name: str,
        *,
        id: int | None = None,
        owner: User | None = None,
        channels: dict[str, int | None] | None = None,
        members: list[User] | None = None,
        bot_installed: bool = True,
    ) -> Guild:
        """A guild with the given channels (name -> ID or None); members default to every user."""
        members = list(self.users if members is None else members)
        owner = owner or members[0]
        guild = Guild(
            id or self.new_id(), name, owner, members=members, bot_installed=bot_installed
        )
        for channel_name, channel_id in (channels or {"general": None}).items():
            self.add_channel(guild, channel_name, channel_id)
        self.guilds.append(guild)
        return guild

    def add_channel(self, guild: Guild, name: str, id: int | None = None) -> Channel:
        channel = Channel(id or self.new_id(), name, guild, position=len(guild.channels))
        guild.channels.append(channel)
        return channel

    def add_thread(self, parent: Channel, name: str, owner: User, id: int | None = None) -> Channel:
        """A public thread in `parent` (one started from a message has that message's ID)."""
        if parent.guild is None or parent.is_thread:
            raise ValueError(f"threads live in guild text channels, not in {parent}")
        thread = Channel(
            id or self.new_id(), name, parent.guild, kind=PUBLIC_THREAD, parent=parent, owner=owner
        )
        parent.guild.threads.append(thread)
        return thread

    def dm(self, user: User) -> Channel:
        """The user's DM with the bot, opened if it is not yet."""
        for channel in self.private_channels:
            if channel.kind == DM and channel.recipients == [user, self.application]:
                return channel
        channel = Channel(self.new_id(), f"DM {user.name} ↔ {self.application.name}", None, kind=DM)
        channel.recipients = [user, self.application]
        self.private_channels.append(channel)
        return channel

    def group_dm(self, owner: User, *others: User, name: str | None = None) -> Channel:
        """A group DM (or, with one other person, a DM between two users): no bot in it."""
        people = [owner, *others]
        kind = GROUP_DM if len(people) > 2 or name else DM
        title = name or ", ".join(user.name for user in people)
        channel = Channel(self.new_id(), title, None, kind=kind, owner=owner, recipients=people)
        self.private_channels.append(channel)
        return channel

    def can_dm(self, user: User) -> bool:
        """The bot and a user can DM when they share a guild or the user installed the app."""
        shared = any(guild.bot_installed and user in guild.members for guild in self.guilds)
        return shared or user.app_installed

    def user(self, who: str | int | User) -> User:
        if isinstance(who, User):
            return who
        for user in self.users:
            if who in (user.name, user.id):
                return user
        known = ", ".join(user.name for user in self.users)
        raise LookupError(f"no user {who!r} (known users: {known})")

    def guild(self, which: str | int | Guild) -> Guild:
        if isinstance(which, Guild):
            return which
        for guild in self.guilds:
            if which in (guild.name, guild.id) or str(which).lower() == guild.name.lower():
                return guild
        known = ", ".join(guild.name for guild in self.guilds)
        raise LookupError(f"no server {which!r} (known servers: {known})")

    def channel(
        self, which: str | int | Channel, guild: str | int | Guild | None = None
    ) -> Channel:
        """A channel by object, ID or name (`general`, `#general`), in `guild` or any guild."""
        if isinstance(which, Channel):
            return which
        guilds = [self.guild(guild)] if guild is not None else self.guilds
        name = which.lstrip("#") if isinstance(which, str) else which
        for candidate in guilds:
            for channel in [*candidate.channels, *candidate.threads]:
                if name in (channel.name, channel.id):
                    return channel
        if guild is None:
            for channel in self.private_channels:
                if channel.id == name:
                    return channel
        known = ", ".join(str(channel) for g in guilds for channel in g.channels)
        raise LookupError(f"no channel {which!r} (known channels: {known})")

    def guilds_on_shard(self, shard_id: int, shard_count: int) -> list[Guild]:
        """The guilds the bot is in whose events go to this shard."""
        return [
            guild
            for guild in self.guilds
            if guild.bot_installed and shard_of(guild.id, shard_count) == shard_id
        ]


def shard_of(guild_id: int, shard_count: int) -> int:
    """Discord's routing: a guild's events go to shard (guild_id >> 22) % shard_count."""
    return (guild_id >> 22) % shard_count
