"""A small discord.py bot that uses every feature the stand-in must serve.

Slash commands with string, integer, number, boolean and attachment options, a subcommand group,
autocomplete, an embed with a PNG and buttons, a private reply, a deferred reply with a
followup, an edited reply, a button opening a form, a form submission, and a persistent
`DynamicItem` button. For conversations: it answers messages that mention it or are in its DMs
(a reply, not pinging), can start a thread, has a "What if…" message command, a "Wave" user
command, and user-install commands usable anywhere. `running_toy_bot` has the shape of
`bot.runner.running_bot`.
"""

from __future__ import annotations

import asyncio
import io
import re
import struct
import zlib
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager

import discord
from discord import app_commands
from discord.ext import commands

from bot.endpoints import use_endpoints
from bot.settings import Settings


def tiny_png(width: int = 4, height: int = 3) -> bytes:
    """A valid grey PNG, made without an imaging library."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = b"".join(b"\x00" + b"\x80" * width for _ in range(height))
    signature = b"\x89PNG\r\n\x1a\n"
    return (
        signature
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(pixels))
        + chunk(b"IEND", b"")
    )


class ForkButton(discord.ui.DynamicItem[discord.ui.Button], template=r"toy:fork:(?P<id>\d+)"):
    """A persistent button that carries a plan's ID in its custom_id."""

    def __init__(self, plan_id: int) -> None:
        super().__init__(
            discord.ui.Button(
                label="Fork", style=discord.ButtonStyle.primary, custom_id=f"toy:fork:{plan_id}"
            )
        )
        self.plan_id = plan_id

    @classmethod
    async def from_custom_id(
        cls, interaction: discord.Interaction, item: discord.ui.Button, match: re.Match[str]
    ) -> ForkButton:
        return cls(int(match["id"]))

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_message(
            f"{interaction.user.name} forked plan {self.plan_id}", ephemeral=True
        )


class RenameForm(discord.ui.Modal, title="Rename the chart"):
    new_name = discord.ui.TextInput(label="New name", max_length=20)
    note = discord.ui.TextInput(label="Note", style=discord.TextStyle.paragraph, required=False)

    async def on_submit(self, interaction: discord.Interaction) -> None:
        note = f" ({self.note.value})" if self.note.value else ""
        await interaction.response.edit_message(content=f"Renamed to {self.new_name.value}{note}")


class ChartView(discord.ui.View):
    def __init__(self, plan_id: int) -> None:
        super().__init__(timeout=None)
        self.add_item(ForkButton(plan_id))
        self.add_item(discord.ui.Button(label="Docs", url="https://example.com/docs"))

    @discord.ui.button(label="Rename", style=discord.ButtonStyle.secondary)
    async def rename(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.send_modal(RenameForm())

    @discord.ui.button(label="Hide", style=discord.ButtonStyle.danger)
    async def hide(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await interaction.response.defer()
        await interaction.edit_original_response(
            content="(hidden)", embed=None, attachments=[], view=None
        )


plans = app_commands.Group(name="plan", description="Save and show plans")
notes = app_commands.Group(name="notes", description="Notes on a plan", parent=plans)


@plans.command(name="save", description="Save a plan under a name")
async def plan_save(interaction: discord.Interaction, name: str, price: float) -> None:
    bot: ToyBot = interaction.client  # type: ignore[assignment]
    bot.plans.setdefault(interaction.user.id, {})[name] = price
    await interaction.response.send_message(f"Saved {name} at {price:g}", ephemeral=True)


@plans.command(name="show", description="Show a saved plan")
async def plan_show(interaction: discord.Interaction, name: str) -> None:
    bot: ToyBot = interaction.client  # type: ignore[assignment]
    price = bot.plans.get(interaction.user.id, {}).get(name)
    text = f"{name}: {price:g}" if price is not None else f"no plan called {name}"
    await interaction.response.send_message(text, ephemeral=True)


@plan_show.autocomplete("name")
async def plan_names(
    interaction: discord.Interaction, current: str
) -> list[app_commands.Choice[str]]:
    bot: ToyBot = interaction.client  # type: ignore[assignment]
    names = sorted(bot.plans.get(interaction.user.id, {}))
    return [app_commands.Choice(name=n, value=n) for n in names if current.lower() in n.lower()][
        :25
    ]


@notes.command(name="add", description="Add a note to a plan")
async def note_add(interaction: discord.Interaction, plan: str, text: str) -> None:
    await interaction.response.send_message(f"Noted on {plan}: {text}")


TOY_INTENTS = discord.Intents(guilds=True, guild_messages=True, dm_messages=True)


class ToyBot(commands.Bot):
    def __init__(self, settings: Settings, intents: discord.Intents = TOY_INTENTS) -> None:
        super().__init__(
            shard_id=settings.shard_ids[0] if settings.shard_ids else None,
            shard_count=settings.shard_count,
            command_prefix=commands.when_mentioned,
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=0.01,
            help_command=None,
        )
        self.plans: dict[int, dict[str, float]] = {}
        self.release = asyncio.Event()  # lets /later send its followup when a test says so
        self.connection: asyncio.Task[None] | None = None
        self.heard: list[discord.Message] = []  # every message from others it received
        self.own: list[discord.Message] = []  # its own messages, as the gateway echoed them
        self.threads: list[discord.Thread] = []  # THREAD_CREATE events
        self.edits: list[discord.Message] = []  # MESSAGE_UPDATE events
        self._events = asyncio.Condition()

    async def until(self, condition: Callable[[], object], within: float = 2.0) -> None:
        """Wait until the gateway events received so far make `condition()` true."""
        async with asyncio.timeout(within), self._events:
            await self._events.wait_for(condition)

    async def _noted(self) -> None:
        async with self._events:
            self._events.notify_all()

    async def on_message(self, message: discord.Message) -> None:
        """Answer, as a reply that does not ping, what mentions it or is in its DMs."""
        if message.author == self.user:
            self.own.append(message)
            await self._noted()
            return
        self.heard.append(message)
        await self._noted()
        assert self.user is not None
        if self.user not in message.mentions and message.guild is not None:
            return
        text = message.content.replace(self.user.mention, "").strip()
        if text.startswith("slowly:"):  # typing while it works, as a bot drawing a chart does
            async with message.channel.typing():
                await asyncio.sleep(float(text.removeprefix("slowly:")))
        elif text.startswith("thread:"):
            thread = await message.create_thread(name=text.removeprefix("thread:").strip())
            await thread.send(f"started by {self.user.name}")
            return
        await message.reply(f"heard {text!r} from {message.author.name}", mention_author=False)

    async def on_thread_create(self, thread: discord.Thread) -> None:
        self.threads.append(thread)
        await self._noted()

    async def on_guild_remove(self, guild: discord.Guild) -> None:
        await self._noted()

    async def on_raw_message_edit(self, payload: discord.RawMessageUpdateEvent) -> None:
        self.edits.append(payload.message)
        await self._noted()

    async def setup_hook(self) -> None:
        self.add_dynamic_items(ForkButton)
        self.tree.add_command(plans)
        commands = (
            calc,
            chart,
            secret,
            slow,
            countdown,
            sleepy,
            shard,
            later,
            too_long,
            oops,
            ping,
            whereami,
            announce,
            dm_me,
            what_if,
            wave,
        )
        for command in commands:
            self.tree.add_command(command)


@app_commands.command(name="calc", description="Echo typed options back")
@app_commands.describe(label="a name", count="a whole number", ratio="a number", loud="shout?")
async def calc(
    interaction: discord.Interaction,
    label: str,
    count: int,
    ratio: float,
    loud: bool = False,
    file: discord.Attachment | None = None,
) -> None:
    text = f"{label} x{count} at {ratio!r}"
    if file is not None:
        data = await file.read()
        text += f" with {file.filename} ({len(data)} bytes: {data[:12]!r})"
    await interaction.response.send_message(text.upper() if loud else text)


@app_commands.command(name="chart", description="A chart with buttons")
async def chart(interaction: discord.Interaction, plan_id: int = 7) -> None:
    embed = discord.Embed(title="Break-even", description="Month 14", colour=0x2B90D9)
    embed.add_field(name="Units", value="120,000")
    embed.add_field(name="Cash need", value="$2.1M", inline=False)
    embed.set_footer(text="learning rate 85%")
    embed.set_image(url="attachment://chart.png")
    file = discord.File(
        io.BytesIO(tiny_png()), filename="chart.png", description="Cumulative cash by month"
    )
    await interaction.response.send_message(embed=embed, file=file, view=ChartView(plan_id))


@app_commands.command(name="secret", description="Only you can see this")
async def secret(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("just for you", ephemeral=True)


@app_commands.command(name="slow", description="Defer, then follow up")
async def slow(interaction: discord.Interaction, private: bool = False) -> None:
    await interaction.response.defer(thinking=True, ephemeral=private)
    await asyncio.sleep(0.05)
    await interaction.followup.send("done thinking")


@app_commands.command(name="countdown", description="Reply, then edit the reply")
async def countdown(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("3…")
    await interaction.edit_original_response(content="lift-off")


@app_commands.command(name="sleepy", description="Answers after a while")
async def sleepy(interaction: discord.Interaction, seconds: float) -> None:
    await asyncio.sleep(seconds)
    await interaction.response.send_message(f"slept {seconds:g} s")


@sleepy.autocomplete("seconds")
async def too_slow_to_suggest(interaction: discord.Interaction, current: str) -> list:
    await asyncio.sleep(1)
    return []


@app_commands.command(name="shard", description="Which shard answered")
async def shard(interaction: discord.Interaction) -> None:
    await interaction.response.send_message(f"shard {interaction.client.shard_id}")


@app_commands.command(name="later", description="Defer, follow up when released")
async def later(interaction: discord.Interaction) -> None:
    bot: ToyBot = interaction.client  # type: ignore[assignment]
    await interaction.response.defer(thinking=True)
    await bot.release.wait()
    await interaction.followup.send("finally")


@app_commands.command(name="too-long", description="Breaks the 2,000 character limit")
async def too_long(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("x" * 2001)


@app_commands.command(name="oops", description="Replies, then fails")
async def oops(interaction: discord.Interaction) -> None:
    await interaction.response.send_message("working on it")
    raise RuntimeError("the toy bot broke")


@app_commands.command(name="ping", description="Mentions a user in the reply")
async def ping(interaction: discord.Interaction, who: str) -> None:
    await interaction.response.send_message(f"hello <@{who}> and @everyone")


@app_commands.command(name="whereami", description="Where and through which install")
@app_commands.allowed_installs(guilds=True, users=True)
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
async def whereami(interaction: discord.Interaction) -> None:
    context = interaction.context
    place = "guild" if context.guild else "bot dm" if context.dm_channel else "private channel"
    # authorizing_integration_owners, which discord.py keeps but only exposes as booleans
    # that are False in DMs
    owners = interaction._integration_owners
    installs = [name for key, name in ((0, "guild"), (1, "user")) if key in owners]
    member = "member" if isinstance(interaction.user, discord.Member) else "user"
    await interaction.response.send_message(
        f"{place} {interaction.guild_id} as {member} {interaction.user.name} "
        f"via {'+'.join(installs)}"
    )


@app_commands.command(name="announce", description="Post a plain channel message")
@app_commands.allowed_installs(guilds=True, users=True)
async def announce(interaction: discord.Interaction, text: str) -> None:
    await interaction.response.defer(ephemeral=True, thinking=True)
    assert interaction.channel is not None
    try:
        await interaction.channel.send(text)  # type: ignore[union-attr]
    except discord.HTTPException as error:
        await interaction.followup.send(f"cannot post here ({error.code})")
    else:
        await interaction.followup.send("posted")


@app_commands.command(name="dm-me", description="Open a DM and write there")
async def dm_me(interaction: discord.Interaction) -> None:
    await interaction.user.send(f"hello {interaction.user.name}, in private")
    await interaction.response.send_message("sent you a DM", ephemeral=True)


@app_commands.context_menu(name="What if…")
@app_commands.allowed_installs(guilds=True, users=True)
@app_commands.allowed_contexts(guilds=True, dms=True, private_channels=True)
async def what_if(interaction: discord.Interaction, message: discord.Message) -> None:
    await interaction.response.send_message(
        f"what if on {message.author.name}'s {message.content!r}", ephemeral=True
    )


@app_commands.context_menu(name="Wave")
async def wave(interaction: discord.Interaction, user: discord.User) -> None:
    await interaction.response.send_message(f"{interaction.user.name} waves at {user.name}")


class ShardedToyBot(ToyBot, commands.AutoShardedBot):
    """The toy bot as an AutoShardedBot (like the real one): it asks GET /gateway/bot first."""


@asynccontextmanager
async def running_toy_bot(
    settings: Settings, *, sharded: bool = False, intents: discord.Intents = TOY_INTENTS
) -> AsyncIterator[ToyBot]:
    """Start the toy bot against `settings`' endpoints; yield it once ready (like running_bot)."""
    use_endpoints(settings.api_base, settings.gateway_url)
    async with (ShardedToyBot if sharded else ToyBot)(settings, intents) as bot:
        await bot.login(settings.require_token())
        await bot.tree.sync()
        bot.connection = asyncio.create_task(bot.connect(), name="gateway")
        ready = asyncio.create_task(bot.wait_until_ready())
        done, _ = await asyncio.wait(
            {ready, bot.connection}, timeout=10, return_when=asyncio.FIRST_COMPLETED
        )
        if ready not in done:
            ready.cancel()
            if bot.connection.done():
                bot.connection.result()
            raise TimeoutError("the toy bot was not ready in 10 s")
        try:
            yield bot
        finally:
            await bot.close()
            await asyncio.gather(bot.connection, return_exceptions=True)
