"""People, places and plans the storage tests share. IDs are real-sized Discord snowflakes."""

from model import Plan

ALICE = 2**63 - 1  # the largest snowflake: must survive every engine exactly
BOB = 80351110224678912
CAROL = 2**63 - 2
GUILD = 2**63 - 3
OTHER_GUILD = 613425648685547541
CHANNEL = 2**63 - 4

PLAN = Plan(price=199, unit_cost=230)
CHEAPER = Plan(price=149, unit_cost=120, tooling=2_000_000, learning_rate=0.8)
