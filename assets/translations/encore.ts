<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" sourcelanguage="en">
<context>
    <name>NowPlayingBar</name>
    <message>
        <source>Nothing playing</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio is on; activate to stop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle the queue</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Shuffle</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous song (Ctrl+Left)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Previous</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play or pause (Space)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Play</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next song (Ctrl+Right)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Next</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat: off</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Position</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Where the song is; click or drag to seek, ←/→ by 5 s</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume (Ctrl+Up/Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume icon</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Volume</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Playback volume (Ctrl+Up/Down)</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio: {title}</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Radio from {title} — click to stop it</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Pause</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat: all</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>Repeat: one</source>
        <translation type="unfinished"></translation>
    </message>
    <message>
        <source>{mode}; activate to change</source>
        <translation type="unfinished"></translation>
    </message>
</context>
</TS>
