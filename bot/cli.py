"""The `flywheel` command: run, play, sync, health, db upgrade / backup / restore."""

from __future__ import annotations

import argparse
import sys

from bot.settings import Settings, SettingsError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="flywheel", description="Flywheel: the sell-at-cost playbook in Discord."
    )
    parser.add_argument("--version", action="version", version=f"flywheel {version()}")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    sub.add_parser("run", help="start the bot (needs DISCORD_TOKEN)")
    play = sub.add_parser("play", help="try the bot locally against a stand-in for Discord")
    play.add_argument(
        "--script", metavar="FILE", help="read commands from FILE instead of the terminal"
    )
    play.add_argument("--as", dest="user", default="alice", metavar="NAME", help="act as this user")
    play.add_argument("--json", action="store_true", help="print each reply as JSON")
    play.add_argument("--demo", action="store_true", help="run a short tour of every command")
    play.add_argument(
        "--out", default="flywheel-output", metavar="DIR", help="where charts are saved"
    )
    sync = sub.add_parser("sync", help="register the slash commands with Discord")
    sync.add_argument(
        "--guild", type=int, metavar="ID", help="sync to one server (instant) instead of globally"
    )
    sync.add_argument(
        "--clear",
        action="store_true",
        help="remove the server's own copies (with --guild), e.g. once commands are global",
    )
    health = sub.add_parser("health", help="exit 0 if the bot's heartbeat file is fresh")
    health.add_argument("--file", metavar="PATH", help="heartbeat file (default: HEALTH_FILE)")
    db = sub.add_parser("db", help="database maintenance")
    db_sub = db.add_subparsers(dest="db_command", required=True, metavar="ACTION")
    db_sub.add_parser("upgrade", help="apply database migrations")
    backup = db_sub.add_parser(
        "backup", help="write a consistent copy of the database to a new file (bot may run)"
    )
    backup.add_argument("path", metavar="PATH", help="the backup file to create")
    restore = db_sub.add_parser(
        "restore", help="fill a new, empty DATABASE_URL from a backup, then migrate it"
    )
    restore.add_argument("path", metavar="PATH", help="a file written by `flywheel db backup`")
    return parser


def version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("flywheel-bot")
    except PackageNotFoundError:  # run from a source tree that was never installed
        return "unknown"


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    if not (sys.argv[1:] if argv is None else argv):
        parser.print_help(sys.stderr)
        return 2
    args = parser.parse_args(argv)
    try:
        settings = Settings.from_env()
        if args.command == "run":
            settings.require_token()
            from bot.workers import start_fork_server

            start_fork_server()  # its imports run beside the bot's own
            from bot.runner import run

            return run(settings)
        if args.command == "sync":
            settings.require_token()
            from bot.runner import sync

            if args.clear and not args.guild:
                raise SettingsError("--clear needs --guild ID: the server to remove commands from")
            return sync(settings, guild_id=args.guild, clear=args.clear)
        if args.command == "health":
            return _health(args.file or settings.health_file)
        if args.command == "play":
            from bot.play import main as play_main

            return play_main(args, settings)
        return _database(args, settings.database_url)
    except SettingsError as error:
        print(f"flywheel: {error}", file=sys.stderr)
        return 2
    except Exception as error:
        # Imported only now: storage takes a second to import, and `run` starts its fork
        # server before that (an error from the database has imported storage already).
        from storage.migrations import SchemaTooNew

        if not isinstance(error, SchemaTooNew):
            raise
        print(f"flywheel: {error}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


def _database(args: argparse.Namespace, url: str) -> int:
    from pathlib import Path

    from storage.backup import BackupError, backup, restore
    from storage.migrations import upgrade

    if args.db_command == "upgrade":
        upgrade(url)
        print("database is up to date")
        return 0
    try:
        done = (backup if args.db_command == "backup" else restore)(url, Path(args.path))
    except BackupError as error:
        print(f"flywheel: {error}", file=sys.stderr)
        return 1
    print(done)
    return 0


def _health(path: str | None) -> int:
    from pathlib import Path

    from bot.health import check

    if not path:
        raise SettingsError("no heartbeat file: set HEALTH_FILE or pass --file")
    healthy, why = check(Path(path))
    print(why, file=sys.stdout if healthy else sys.stderr)
    return 0 if healthy else 1
