"""The Flywheel process: settings, the Discord client, start-up and the CLI."""
