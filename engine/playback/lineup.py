"""The decoders behind the feed: the one playing now and the one pre-opened for gapless play.

The player decides *what* plays; the lineup opens, swaps and closes the decoders that make it
sound, applies the loudness gain of each, and keeps the next queue entry decoding ahead so the
audio callback can hand over to it sample-exactly when the current one runs out.
"""

from __future__ import annotations

import weakref
from collections.abc import Callable, Sequence

from engine.eq_settings import EqSettings
from engine.models import Track
from engine.playback.decoder import Decoder
from engine.playback.feed import Feed
from engine.playback.output import Output

Tag = tuple[int, str]  # (queue index, track id) of the entry a decoder plays


class Lineup:
    def __init__(
        self,
        output: Output,
        gain_for: Callable[[Track], float] | None,
        equaliser: EqSettings | None = None,
    ) -> None:
        self.output = output  # whose rate and channel count decoders convert to
        self.equaliser = equaliser or EqSettings()
        self.feed = Feed()
        self.playing: Decoder | None = None  # the decoder of the player's current track
        self.gain_for = gain_for
        self._decoders: weakref.WeakSet[Decoder] = weakref.WeakSet()

    # --- loudness ---------------------------------------------------------------------------
    def track_gain(self, track: Track) -> float:
        if self.gain_for is None:
            return 1.0
        try:
            return float(self.gain_for(track))
        except Exception:
            return 1.0  # no loudness for this track: play it as it is

    def set_gain_for(
        self, gain_for: Callable[[Track], float] | None, tracks: Sequence[Track]
    ) -> None:
        """Switch normalisation on or off for the open decoders (``tracks`` is the queue, in
        which each decoder's tag names its entry)."""
        self.gain_for = gain_for
        for dec in {self.playing, self.feed.current, self.feed.next} - {None}:
            index = dec.tag[0] if isinstance(dec.tag, tuple) else -1
            dec.gain = self.track_gain(tracks[index]) if 0 <= index < len(tracks) else 1.0

    def set_equaliser(self, settings: EqSettings) -> None:
        """The new equaliser for every open decoder (each ramps to it) and the next ones."""
        self.equaliser = settings
        for dec in {self.playing, self.feed.current, self.feed.next} - {None}:
            dec.set_equaliser(settings)

    # --- opening and swapping -----------------------------------------------------------------
    def open(
        self, track: Track, tag: object, *, start: float = 0.0, after: Decoder | None = None
    ) -> Decoder:
        # The gain is looked up on the decoder's thread: a store query must not run here.
        gain = (lambda: self.track_gain(track)) if self.gain_for is not None else 1.0
        dec = Decoder(
            track.path,
            out_rate=self.output.samplerate,
            channels=self.output.channels,
            start=start,
            gain=gain,
            tag=tag,
            after=after,
            equaliser=self.equaliser,
        )
        self._decoders.add(dec)
        return dec

    def start(self, track: Track, tag: Tag, *, reuse_next: bool) -> Decoder:
        """Make a decoder of ``track`` from its start the one that plays (the pre-opened next
        one when it is this entry and still untouched: it is buffered and starts at once)."""
        nxt = self.feed.next
        if reuse_next and nxt is not None and nxt.tag == tag and nxt.consumed == 0:
            self.feed.next = None
            dec = nxt
        else:
            dec = self.open(track, tag)
        self.install(dec)
        return dec

    def reopen(self, track: Track, *, start: float) -> Decoder | None:
        """Replace the playing decoder by one of the same entry from ``start`` seconds."""
        old = self.playing
        if old is None:
            return None
        dec = self.open(track, old.tag, start=start)
        self.install(dec)
        return dec

    def install(self, dec: Decoder) -> None:
        old, self.feed.current = self.feed.current, dec
        if old is not None and old is not dec:
            old.close()
        if self.playing is not None and self.playing is not dec and self.playing is not old:
            self.playing.close()
        self.playing = dec

    def keep_next(self, want: Tag | None, track: Track | None, *, handling: bool = False) -> None:
        """Keep the pre-opened decoder matching ``want`` (the entry that plays next), or none.

        ``handling``: called by the handler of a track-change notice, once the queue has
        moved on (without it the next track after a gapless change would not be pre-opened).
        """
        feed = self.feed
        if feed.posted - feed.handled > (1 if handling else 0):
            # The callback moved on and the queue does not know yet: what "next" is will be
            # known once the change is handled, and its handler refreshes then.
            return
        nxt = feed.next
        if nxt is not None and want is not None and nxt.tag == want:
            return
        feed.next = None
        if nxt is not None:
            nxt.close()
        if want is not None and track is not None:
            feed.next = self.open(track, want, after=self.playing)

    def drop_next(self) -> None:
        nxt, self.feed.next = self.feed.next, None
        if nxt is not None:
            nxt.close()

    def drop(self) -> None:
        """Silence the feed and close every decoder it holds."""
        feed = self.feed
        feed.paused = True
        for dec in (feed.current, feed.next, self.playing):
            if dec is not None:
                dec.close()
        feed.current = feed.next = None
        self.playing = None

    def close(self) -> None:
        self.drop()
        for dec in list(self._decoders):
            dec.close()
            dec.join(timeout=2)
