"""Conversation in the channel: what-ifs by reply and mention, and `@Flywheel help`.

No privileged intent: Discord delivers a message's content to the bot only when it mentions
the bot, replies to it with the ping on, or is in a DM; everything else arrives empty and is
never answered. The plan behind a card is read from the card's buttons (`commands.cards`), so
any process answers, after any restart. Answers follow the slash-reply rules: no pings, charts
from the workers, a per-user rate limit, and the typing indicator while the answer is made.
What a reply quotes of the user's words is only vocabulary words and text the number pattern
matched (digits, currency signs, scales, %): it carries no markdown or mentions to escape.
"""

from __future__ import annotations

import logging
import re
import secrets
import time

import discord
from discord.ext import commands

from commands import whatif
from commands._buttons import add_forms
from commands._options import shared_in
from commands.cards import card_ref
from commands.errors import user_message
from commands.services import Services, services_of
from commands.what_if_answers import Base, answer_what_if, base_of
from commands.what_if_form import WhatIfForm, what_if_menu
from model import PlanError
from model.vocabulary import read_words

log = logging.getLogger("flywheel.conversation")

HELP_WORDS = {"", "help", "?", "hi", "hello"}


class Conversation(commands.Cog):
    """Reads what Discord delivers to the bot and answers with cards, changed as asked."""

    def __init__(self, bot: commands.Bot, services: Services, rate: tuple[int, float] | None):
        self.bot = bot
        self.services = services
        self.cooldowns = (
            commands.CooldownMapping.from_cooldown(rate[0], rate[1], commands.BucketType.user)
            if rate
            else None
        )
        self._warned_until: dict[int, float] = {}  # who was told to slow down, until when

    @commands.Cog.listener()
    async def on_message(self, message: discord.Message) -> None:
        if not self._addressed(message):
            return
        retry_after = self._retry_after(message)
        if retry_after is not None:
            now = time.monotonic()
            if self._warned_until.get(message.author.id, 0) < now:
                # keep only warnings still running, so the map holds recent users alone
                self._warned_until = {u: t for u, t in self._warned_until.items() if t > now}
                self._warned_until[message.author.id] = now + retry_after
                await _say(message, f"You're going fast: try again in {retry_after:.0f} s.")
            return  # told once per window, then quiet
        try:
            async with message.channel.typing():
                await self._answer(message, self._without_mention(message.content))
        except Exception as error:
            await _say(message, _error_text(error))

    def _addressed(self, message: discord.Message) -> bool:
        """A person's message that mentions the bot (a reply with the ping on does too), or any
        in a DM; never a bot's, a webhook's or a system message."""
        me = self.bot.user
        if me is None or message.author.bot or message.webhook_id is not None:
            return False
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return False
        return message.guild is None or any(user.id == me.id for user in message.mentions)

    def _without_mention(self, content: str) -> str:
        me = self.bot.user
        return re.sub(rf"<@!?{me.id if me else 0}>", " ", content).strip()

    def _retry_after(self, message: discord.Message) -> float | None:
        """Seconds until this user may ask again, or None when within the per-user rate."""
        if self.cooldowns is None:
            return None
        bucket = self.cooldowns.get_bucket(message)
        return bucket.update_rate_limit() if bucket else None

    async def _answer(self, message: discord.Message, text: str) -> None:
        lens, rest = whatif.named_lens(text)
        if lens is None and rest.strip(" .!?").lower() in HELP_WORDS:
            await _say(message, whatif.GUIDE)
            return
        reading = read_words(rest)
        if reading.problems or not (reading.typed or lens):
            await _say(message, whatif.unknown_words(reading.problems))
            return
        base = await self._base(message)
        try:
            sent = await answer_what_if(
                self.services, base, lens, reading.values, actor=message.author.id
            )
        except PlanError as error:
            hint = "" if base else " Or reply to a Flywheel card to change its plan."
            await _say(message, f"{error}{hint}")
            return
        await message.reply(**sent, mention_author=False)

    async def _base(self, message: discord.Message) -> Base | None:
        """The card replied to; else, in a Discuss thread, the scenario it discusses."""
        me = self.bot.user
        guild_id = message.guild.id if message.guild else None
        where = shared_in(guild_id, message.channel.id, message.channel)
        replied = await _replied_to(message)
        if replied is not None and me is not None and replied.author.id == me.id:
            ref = card_ref(replied)
            if ref is not None:
                return await base_of(self.services, ref, message.author.id, where)
        if isinstance(message.channel, discord.Thread):
            starter = await _starter(message.channel)
            ref = card_ref(starter) if starter and me and starter.author.id == me.id else None
            if ref is not None:
                return await base_of(self.services, ref, message.author.id, where)
        return None


async def _replied_to(message: discord.Message) -> discord.Message | None:
    reference = message.reference
    if reference is None or reference.message_id is None:
        return None
    if isinstance(reference.resolved, discord.Message):
        return reference.resolved
    if isinstance(reference.resolved, discord.DeletedReferencedMessage):
        return None
    try:
        return await message.channel.fetch_message(reference.message_id)
    except discord.HTTPException:
        return None


async def _starter(thread: discord.Thread) -> discord.Message | None:
    """The message a thread was started on (same id as the thread), if it still exists."""
    if thread.starter_message is not None:
        return thread.starter_message
    if thread.parent is None or not isinstance(thread.parent, discord.abc.Messageable):
        return None
    try:
        return await thread.parent.fetch_message(thread.id)
    except discord.HTTPException:
        return None


async def _say(message: discord.Message, text: str) -> None:
    try:
        await message.reply(text[:2000], mention_author=False)
    except discord.HTTPException:
        log.warning(
            "could not answer a message", extra={"guild_id": message.guild and message.guild.id}
        )


def _error_text(error: BaseException) -> str:
    """What the user is told: the refusal's own words, or an error id for a bug."""
    said = user_message(error)
    if said is not None:
        return said
    error_id = secrets.token_hex(4)
    log.error(
        "conversation failed", exc_info=error, extra={"outcome": "error", "error_id": error_id}
    )
    return (
        f"Something went wrong on our side (error `{error_id}`). It has been logged; "
        "please try again in a moment."
    )


async def setup(bot: commands.Bot) -> None:
    settings = getattr(bot, "settings", None)
    rate = getattr(settings, "user_rate", None)
    await bot.add_cog(Conversation(bot, services_of(bot), rate))
    bot.tree.add_command(what_if_menu)
    add_forms(bot, WhatIfForm)
