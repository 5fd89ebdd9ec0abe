"""The per-user rate limit: it still limits, and it forgets users once their window is over."""

import asyncio
import dataclasses

WINDOW = 2.0  # seconds: long enough for three commands on a busy machine


async def test_the_rate_limit_keeps_only_the_users_of_the_last_window(standin, bot):
    bot.settings = dataclasses.replace(bot.settings, user_rate=(2, WINDOW))
    guild = standin.world.channel("general").guild
    crowd = [standin.world.add_user(f"user{n}") for n in range(60)]
    guild.members.extend(crowd)

    answered = await asyncio.gather(*(standin.slash(u, "general", "help") for u in crowd))
    assert all(outcome.embed is not None for outcome in answered)
    assert 0 < bot.tree.tracked_users <= len(crowd)

    await asyncio.sleep(WINDOW * 1.2)
    burst = [await standin.slash("bob", "general", "help") for _ in range(3)]

    assert bot.tree.tracked_users == 1, "the crowd's buckets were dropped"
    assert [outcome.embed is not None for outcome in burst] == [True, True, False]
    assert burst[2].ephemeral and "going fast" in burst[2].content
