"""Process-wide key/value state."""


async def test_state_is_a_key_value_store(store):
    assert await store.state.get("commands:1:global") is None
    await store.state.set("commands:1:global", "abc")
    await store.state.set("commands:1:global", "def")
    await store.state.set("other", "x")

    assert await store.state.get("commands:1:global") == "def"
