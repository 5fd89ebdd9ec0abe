"""The calculation module: plans and their lenses. Pure numpy: no Discord, no database."""
