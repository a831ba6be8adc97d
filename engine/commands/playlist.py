"""``encore playlist``: list, show, create, add, remove, rename, delete, import and export."""

from __future__ import annotations

import argparse
import json
import sys

from engine.commands.output import counted, printable
from engine.context import Context
from engine.errors import PlaylistError
from engine.library.playlist_files import export_m3u, import_m3u
from engine.library.track_refs import resolve_track
from engine.models import Track
from engine.stores.protocol import Store


def register(sub: argparse._SubParsersAction) -> None:
    parser = sub.add_parser("playlist", help="playlists: list, show, edit, M3U import/export")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)

    listing = actions.add_parser("list", help="every playlist and its length")
    listing.add_argument("--json", action="store_true", help="print a JSON list")
    listing.set_defaults(handler=_list)

    show = actions.add_parser("show", help="a playlist's songs in order")
    show.add_argument("name", metavar="NAME")
    show.add_argument("--json", action="store_true", help="print a JSON list of tracks")
    show.set_defaults(handler=_show)

    create = actions.add_parser("create", help="a new, empty playlist")
    create.add_argument("name", metavar="NAME")
    create.set_defaults(handler=_create)

    for action, text, handler in (
        ("add", "append songs (file paths or track ids)", _add),
        ("remove", "remove every entry of these songs", _remove),
    ):
        edit = actions.add_parser(action, help=text)
        edit.add_argument("name", metavar="NAME")
        edit.add_argument("songs", nargs="+", metavar="PATH_OR_ID")
        edit.set_defaults(handler=handler)

    rename = actions.add_parser("rename", help="give a playlist another name")
    rename.add_argument("name", metavar="NAME")
    rename.add_argument("new_name", metavar="NEW_NAME")
    rename.set_defaults(handler=_rename)

    delete = actions.add_parser("delete", help="delete a playlist (the songs stay)")
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(handler=_delete)

    export = actions.add_parser("export", help="write a playlist as an M3U file (UTF-8)")
    export.add_argument("name", metavar="NAME")
    export.add_argument("--m3u", required=True, metavar="FILE", help="the file to write")
    export.add_argument(
        "--relative", action="store_true", help="paths relative to the file's folder"
    )
    export.set_defaults(handler=_export)

    imp = actions.add_parser("import", help="a new playlist from an M3U/M3U8 file")
    imp.add_argument("file", metavar="FILE")
    imp.add_argument("--name", help="the playlist's name (default: the file's name)")
    imp.set_defaults(handler=_import)


def playlist_track_json(track: Track) -> dict:
    return {
        "track_id": track.track_id,
        "path": track.path,
        "title": track.title,
        "artist": track.artist,
        "album": track.album,
        "duration": track.duration,
        "present": track.status == "ok",
    }


def _dump(value: object) -> None:
    # Surrogate-escaped (non-UTF-8) file names: ensure_ascii escapes them instead of failing.
    print(json.dumps(value, ensure_ascii=True, indent=2))


def _list(args: argparse.Namespace, ctx: Context) -> int:
    playlists = ctx.store.playlists()
    if args.json:
        _dump([{"name": p.name, "tracks": len(p.track_ids)} for p in playlists])
        return 0
    for p in playlists:
        print(printable(f"{p.name}  ({counted(len(p.track_ids), 'song')})"))
    if not playlists:
        print("no playlists yet: `encore playlist create NAME`", file=sys.stderr)
    return 0


def _show(args: argparse.Namespace, ctx: Context) -> int:
    playlist = ctx.store.get_playlist(args.name)
    if playlist is None:
        raise PlaylistError(f"no playlist named {args.name.strip()!r}")
    known = ctx.store.get_tracks(list(dict.fromkeys(playlist.track_ids)))
    tracks = [known[t] for t in playlist.track_ids if t in known]
    if args.json:
        _dump([playlist_track_json(t) for t in tracks])
        return 0
    for n, t in enumerate(tracks, start=1):
        gone = "" if t.status == "ok" else "  [missing]"
        print(printable(f"{n:4d}. {t.artist} — {t.title}{gone}"))
    return 0


def _create(args: argparse.Namespace, ctx: Context) -> int:
    playlist = ctx.store.create_playlist(args.name)
    print(printable(f"created playlist {playlist.name!r}"))
    return 0


def _songs(store: Store, refs: list[str]) -> list[str]:
    """Track ids for PATH_OR_ID arguments; nothing changes if one is unknown."""
    ids = []
    for ref in refs:
        track = resolve_track(store, ref)
        if track is None:
            raise PlaylistError(f"{ref}: no such track or file in the library")
        ids.append(track.track_id)
    return ids


def _add(args: argparse.Namespace, ctx: Context) -> int:
    ids = _songs(ctx.store, args.songs)
    ctx.store.add_to_playlist(args.name, ids)
    print(printable(f"added {counted(len(ids), 'song')} to {args.name.strip()!r}"))
    return 0


def _remove(args: argparse.Namespace, ctx: Context) -> int:
    removed = ctx.store.remove_from_playlist(args.name, _songs(ctx.store, args.songs))
    print(printable(f"removed {counted(removed, 'song')} from {args.name.strip()!r}"))
    return 0


def _rename(args: argparse.Namespace, ctx: Context) -> int:
    ctx.store.rename_playlist(args.name, args.new_name)
    return 0


def _delete(args: argparse.Namespace, ctx: Context) -> int:
    if not ctx.store.delete_playlist(args.name):
        raise PlaylistError(f"no playlist named {args.name.strip()!r}")
    return 0


def _export(args: argparse.Namespace, ctx: Context) -> int:
    written, skipped = export_m3u(ctx.store, args.name, args.m3u, relative=args.relative)
    for line in skipped:
        print(printable(f"skipped {line}"), file=sys.stderr)
    print(printable(f"wrote {counted(written, 'song')} to {args.m3u}"))
    return 0


def _import(args: argparse.Namespace, ctx: Context) -> int:
    result = import_m3u(ctx.store, args.file, name=args.name)
    for line in result.problems:  # FILE:LINE: reason, so an editor can jump to each
        print(printable(line), file=sys.stderr)
    skipped = f" ({len(result.problems)} skipped)" if result.problems else ""
    read = counted(result.read, "entry", "entries")
    if result.playlist is None:
        print(
            printable(
                f"encore: none of the {read} of {args.file} is in the library: no playlist made"
            ),
            file=sys.stderr,
        )
        return 1
    print(
        printable(
            f"imported {len(result.playlist.track_ids)} of {read} "
            f"into {result.playlist.name!r}{skipped}"
        )
    )
    return 0
