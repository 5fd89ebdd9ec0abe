"""Outcomes as text, for the states a person can meet besides a reply."""

import time

import pytest

from standin.render import as_shown, describe, describe_message

QUICK = {"ack_deadline": 0.2, "reply_timeout": 0.2}


@pytest.mark.parametrize("standin_options", [QUICK])
@pytest.mark.discord_errors
async def test_no_answer_and_thinking(standin, bot):
    silent = await standin.slash("alice", "general", "sleepy", seconds="0.3")
    assert describe(silent, {}, "Flywheel") == "The application did not respond"
    thinking = await standin.slash("alice", "general", "later")
    assert describe(thinking, {}, "Flywheel") == "Flywheel is thinking…"
    await silent.next_change(within=1)
    assert describe(silent, {}, "Flywheel").splitlines()[1] == (
        "  ! Discord refused the bot: 404 Unknown interaction (code 10062)"
    )


async def test_a_modal_says_how_to_fill_it_in(standin):
    chart = await standin.slash("alice", "general", "chart")
    form = await standin.click("alice", chart, "Rename")
    assert describe(form, {}, "Flywheel").splitlines() == [
        "Flywheel opened a form: Rename the chart",
        "  New name (required, up to 20 characters)",
        "  Note (optional, up to 4000 characters)",
        "  fill it in with  :fill new name:… note:…",
    ]


async def test_edited_and_deleted_messages_say_so(standin):
    countdown = await standin.slash("alice", "general", "countdown")
    await countdown.next_change(within=1)
    assert describe_message(countdown.message, {}, "Flywheel").splitlines() == [
        "Flywheel · edited",
        "  lift-off",
    ]
    countdown.message.deleted = True
    assert describe_message(countdown.message, {}, "Flywheel").splitlines()[1] == "  (deleted)"


@pytest.mark.parametrize(
    ("offset", "shown"),
    [(0, "just now"), (-5, "5 seconds ago"), (-120, "2 minutes ago"), (7200, "in 2 hours")],
)
def test_relative_timestamps_read_as_discord_shows_them(offset, shown):
    text = f"updated <t:{round(time.time()) + offset}:R>"
    assert as_shown(text) == f"updated {shown}"


def test_dated_timestamps():
    assert as_shown("<t:0:d>") in ("1970-01-01", "1969-12-31")
